using System.Globalization;
using System.Text.RegularExpressions;
using NUnit.Framework;
using OsConformance.Protocol;
using OsConformance.Suite.Infrastructure;
using OsConformance.Suite.Oracles;

namespace OsConformance.Suite.Random;

/// <summary>
/// urandom judged against its source, not by how random its output looks: under strace the bytes
/// returned must be exactly what one getrandom(2) call of that size gave the process. A PRNG seeded
/// from anything, a cached block or a zeroed Buffer all look "not constant" to the other cases.
/// </summary>
public sealed partial class UrandomSourceCases : ConformanceFixture
{
    private const string Sizes = "docs/decisions.md#urandom-sizes";

    public static IEnumerable<TestCaseData> Table() =>
    [
        CaseData.Of("urandom/source/integer/bytes-of-one-getrandom", "urandom", decision: Sizes, tags: "urandom,linux-only", args: "integer"),
        CaseData.Of("urandom/source/buffer/bytes-of-one-getrandom", "urandom", decision: Sizes, tags: "urandom,linux-only", args: "buffer"),
    ];

    [GeneratedRegex(@"^""(?<hex>(\\x[0-9a-f]{2})*)"",\s*(?<n>\d+)")]
    private static partial Regex GetrandomArgs();

    [TestCaseSource(nameof(Table))]
    public void BytesComeFromGetrandom(string form)
    {
        string? strace = SyscallOracle.StracePath;
        if (strace is null)
            Verdict.Unsupported("strace is not installed");
        string log = InCaseDir("strace.log");
        // -xx prints the buffer getrandom filled as hex, so it can be compared byte for byte.
        using (var h = StartHarnessTraced([strace!, "-f", "-qq", "-xx", "-s", "4096", "-e", "trace=getrandom,exit_group", "-o", log, "--"]))
        {
            const int N = 48;
            byte[] got;
            if (form == "integer")
            {
                var v = Verdict.Returns(h.Call("urandom", N), $"urandom({N})");
                Verdict.That(v is JsBuffer, $"urandom({N})", "a Buffer", v.ToString());
                got = ((JsBuffer)v).Bytes;
            }
            else
            {
                var o = h.Call("urandom", new JsBuffer(new byte[N]));
                Verdict.Returns(o, $"urandom(Buffer({N}))");
                Verdict.That(o.Buffers.TryGetValue(0, out var filled), $"urandom(Buffer({N}))", "the filled Buffer in the reply", "none");
                got = filled!;
            }
            h.Stop();
            h.WaitForExit(Remaining); // strace flushes its log when the harness has ended
            var calls = SyscallOracle.Read(log);
            var outputs = calls.Where(c => c.Name == "getrandom" && c.Value == N)
                .Select(c => GetrandomArgs().Match(c.Args)).Where(m => m.Success && m.Groups["n"].Value == N.ToString(CultureInfo.InvariantCulture))
                .Select(m => Convert.FromHexString(m.Groups["hex"].Value.Replace("\\x", ""))).ToList();
            if (!calls.Any(c => c.Name == "exit_group"))
                Verdict.Unsupported("strace did not trace the harness to its end (ptrace refused?); see strace.log");
            if (outputs.Count == 0 && VdsoOracle.GetrandomBypassesTheSyscall)
                Verdict.Unsupported("no getrandom(2) syscall was made: this glibc (2.41 or later) answers getrandom(3) from the kernel's vDSO, so strace cannot see its bytes");
            Verdict.That(outputs.Any(b => b.AsSpan().SequenceEqual(got)), $"the bytes urandom returned ({form} form)",
                $"the output of a getrandom(2) call of {N} bytes", $"{Convert.ToHexString(got).ToLowerInvariant()}, none of {outputs.Count} such calls gave it");
        }
    }
}
