using NUnit.Framework;
using OsConformance.Protocol;
using OsConformance.Suite.Infrastructure;

namespace OsConformance.Suite.Random;

/// <summary>os.urandom: sizes, filling a Buffer, output that is not constant, and bad arguments.</summary>
public sealed class UrandomCases : ConformanceFixture
{
    private const string IntegerForm = "If it's an integer a Buffer will be returned of the specified size.";
    private const string BufferForm = "If it's already a Buffer, if will be filled.";
    private const string Either = "bytes can be an integer or a Buffer object.";
    private const string Csprng = "Get bytes from the system CSPRNG.";

    public static IEnumerable<TestCaseData> Sizes() =>
        new[] { 1, 2, 16, 32, 255, 256, 4096, 65536 }.Select(n =>
            CaseData.Of($"urandom/size/{n}/returns-buffer-of-size", "urandom", spec: IntegerForm, tags: "urandom", args: n));

    [TestCaseSource(nameof(Sizes))]
    public void IntegerReturnsABufferOfThatSize(int n)
    {
        using var h = StartHarness();
        var value = Verdict.Returns(h.Call("urandom", n), $"urandom({n})");
        Verdict.That(value is JsBuffer, $"urandom({n})", "a Buffer", value.GetType().Name);
        Verdict.Equal(n, ((JsBuffer)value).Bytes.Length, $"urandom({n}).length");
    }

    public static IEnumerable<TestCaseData> Fills() =>
        new[] { 1, 16, 4096 }.Select(n =>
            CaseData.Of($"urandom/buffer/{n}/is-filled", "urandom", spec: BufferForm, tags: "urandom", args: n));

    [TestCaseSource(nameof(Fills))]
    public void ABufferIsFilledInPlace(int n)
    {
        using var h = StartHarness();
        // Zeroes in: a 1-byte fill stays zero with probability 1/256, so small buffers are filled until they change.
        int tries = n == 1 ? 8 : 1;
        byte[]? filled = null;
        for (int i = 0; i < tries && (filled is null || filled.All(b => b == 0)); i++)
        {
            var outcome = h.Call("urandom", new byte[n]);
            Verdict.Returns(outcome, $"urandom(Buffer({n}))");
            Verdict.That(outcome.Buffers.ContainsKey(0), $"urandom(Buffer({n}))", "the argument Buffer reported filled", "no filled Buffer in the reply");
            filled = outcome.Buffers[0];
        }
        Verdict.Equal(n, filled!.Length, "filled Buffer length");
        Verdict.That(filled.Any(b => b != 0), "filled Buffer", "random bytes", "all zero");
    }

    [Test, Case("urandom/buffer/returns-the-buffer", "urandom", Spec = BufferForm, Tags = "urandom")]
    [JudgesConsistency("the returned Buffer is the one filled: two parts of one reply, which only the implementation produces")]
    public void TheFilledBufferIsReturned()
    {
        using var h = StartHarness();
        var outcome = h.Call("urandom", new byte[64]);
        var value = Verdict.Returns(outcome, "urandom(Buffer(64))");
        Verdict.That(value is JsBuffer b && b.Bytes.Length == 64, "urandom(Buffer(64)) returns", "a Buffer of 64 bytes", value.ToString());
        Verdict.Equal<JsValue>(new JsBuffer(outcome.Buffers[0]), value, "returned Buffer vs the filled argument");
    }

    [Test, Case("urandom/arg/integer-or-buffer/both-accepted", "urandom", Spec = Either, Tags = "urandom")]
    public void BothFormsAreAccepted()
    {
        using var h = StartHarness();
        var fromInteger = Verdict.Returns(h.Call("urandom", 8), "urandom(8)");
        var fromBuffer = Verdict.Returns(h.Call("urandom", new byte[8]), "urandom(Buffer(8))");
        Verdict.That(fromInteger is JsBuffer && fromBuffer is JsBuffer, "urandom(8) and urandom(Buffer(8))",
            "both Buffers", $"{fromInteger.GetType().Name} and {fromBuffer.GetType().Name}");
    }

    [Test, Case("urandom/output/not-constant", "urandom", Spec = Csprng, Tags = "urandom")]
    [JudgesConsistency("random bytes have no expected value: two calls' outputs can only be judged against each other (their source is judged by urandom/source/*)")]
    public void TwoCallsDiffer()
    {
        using var h = StartHarness();
        var a = (JsBuffer)Verdict.Returns(h.Call("urandom", 32));
        var b = (JsBuffer)Verdict.Returns(h.Call("urandom", 32));
        Verdict.That(!a.Bytes.SequenceEqual(b.Bytes), "two urandom(32) calls", "different bytes", $"both {a}");
    }

    [Test, Case("urandom/output/not-all-equal-bytes", "urandom", Spec = Csprng, Tags = "urandom")]
    public void BytesAreSpread()
    {
        using var h = StartHarness();
        var bytes = ((JsBuffer)Verdict.Returns(h.Call("urandom", 4096))).Bytes;
        int distinct = bytes.Distinct().Count();
        // 4096 uniform bytes cover at least 200 of 256 values with overwhelming probability (expected ~256).
        Verdict.That(distinct >= 200, "distinct byte values in urandom(4096)", ">= 200", distinct.ToString());
    }

    [Test, Case("urandom/output/differs-across-processes", "urandom", Spec = Csprng, Tags = "urandom")]
    [JudgesConsistency("random bytes have no expected value: two processes' outputs can only be judged against each other (their source is judged by urandom/source/*)")]
    public void TwoProcessesDiffer()
    {
        using var h1 = StartHarness();
        using var h2 = StartHarness();
        var a = (JsBuffer)Verdict.Returns(h1.Call("urandom", 32));
        var b = (JsBuffer)Verdict.Returns(h2.Call("urandom", 32));
        Verdict.That(!a.Bytes.SequenceEqual(b.Bytes), "urandom(32) in two processes", "different bytes", $"both {a}");
    }

    public static IEnumerable<TestCaseData> BadSizes() =>
    [
        CaseData.Of("urandom/size/0/range-error", "urandom", decision: "docs/decisions.md#urandom-sizes", tags: "urandom", args: [0, "range"]),
        CaseData.Of("urandom/size/-1/range-error", "urandom", decision: "docs/decisions.md#urandom-sizes", tags: "urandom", args: [-1, "range"]),
        CaseData.Of("urandom/buffer/empty/range-error", "urandom", decision: "docs/decisions.md#urandom-sizes", tags: "urandom", args: [null, "range"]),
        CaseData.Of("urandom/arg/string/type-error", "urandom", decision: "docs/decisions.md#urandom-sizes", tags: "urandom", args: ["32", "type"]),
    ];

    [TestCaseSource(nameof(BadSizes))]
    public void BadArgumentsAreRejected(object? arg, string kind)
    {
        using var h = StartHarness();
        JsValue value = arg switch
        {
            null => new JsBuffer([]),
            int n => n,
            string s => s,
            _ => throw new ArgumentException("unexpected table value"),
        };
        Verdict.ThrowsKind(h.Call("urandom", value), kind, $"urandom({value})");
    }
}
