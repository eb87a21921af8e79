using Mono.Unix.Native;
using NUnit.Framework;
using OsConformance.Protocol;
using OsConformance.Suite.Infrastructure;
using OsConformance.Suite.Oracles;
using static OsConformance.Suite.Fds.FdSupport;

namespace OsConformance.Suite.Open;

/// <summary>
/// open's mode (numbers and octal strings, under the harness's umask 022) judged by stat(2), and
/// open's rejection of flag strings and flag bits it does not document.
/// </summary>
public sealed class OpenModeCases : ConformanceFixture
{
    private const string ModeSentence = "mode – Sets the file mode (permissions and sticky bits).";
    private const string OpenFlags = "docs/decisions.md#open-flags";
    private const string Validation = "docs/decisions.md#argument-validation";
    private const int Umask = 0x12; // 022, set by the suite for every harness

    private static string Octal(int m) => "0" + Convert.ToString(m, 8).PadLeft(3, '0');

    public static IEnumerable<TestCaseData> NumericModes() =>
        new[] { 0x180, 0x1A0, 0x1A4, 0x1B0, 0x1B6, 0x1C0, 0x1E8, 0x1ED, 0x1FF, 0x100, 0x0, 0x3FF, 0x3A4, 0x9ED, 0x5ED }
            .Select(m => CaseData.Of($"open/mode/number/{Octal(m)}", "open", spec: ModeSentence, tags: "open-flags", args: [m]));

    [TestCaseSource(nameof(NumericModes))]
    public void NumericMode(int mode)
    {
        using var h = StartHarness();
        string path = InCaseDir("f.txt");
        Fd(h.Call("open", path, "w", mode), $"open(path, 'w', {Octal(mode)})");
        CheckMode(path, mode & ~Umask, $"open(path, 'w', {Octal(mode)})");
    }

    public static IEnumerable<TestCaseData> StringModes() =>
        new[] { "600", "0600", "644", "0644", "640", "755", "0755", "777", "0777", "1777", "0700", "400", "000" }
            .Select(m => CaseData.Of($"open/mode/string/{m}", "open", decision: OpenFlags, tags: "open-flags", args: [m]));

    [TestCaseSource(nameof(StringModes))]
    public void OctalStringMode(string mode)
    {
        using var h = StartHarness();
        string path = InCaseDir("f.txt");
        Fd(h.Call("open", path, "w", mode), $"open(path, 'w', \"{mode}\")");
        CheckMode(path, Convert.ToInt32(mode, 8) & ~Umask, $"open(path, 'w', \"{mode}\")");
    }

    [Test, Case("open/mode/number/with-numeric-flags", "open", Spec = ModeSentence, Tags = "open-flags")]
    public void ModeWithNumericFlags()
    {
        using var h = StartHarness();
        string path = InCaseDir("f.txt");
        Fd(h.Call("open", path, Flags(Info, "O_WRONLY|O_CREAT"), 0x1C0), "open(path, O_WRONLY|O_CREAT, 0700)");
        CheckMode(path, 0x1C0, "open(path, O_WRONLY|O_CREAT, 0700)");
    }

    [Test, Case("open/mode/default/numeric-flags", "open", Decision = OpenFlags, Tags = "open-flags")]
    public void DefaultModeWithNumericFlags()
    {
        using var h = StartHarness();
        string path = InCaseDir("f.txt");
        Fd(h.Call("open", path, Flags(Info, "O_WRONLY|O_CREAT")), "open(path, O_WRONLY|O_CREAT)");
        CheckMode(path, 0x1B6 & ~Umask, "open(path, O_WRONLY|O_CREAT) with no mode");
    }

    [Test, Case("open/mode/existing-file/unchanged", "open", Spec = ModeSentence, Tags = "open-flags")]
    public void ModeIgnoredForExisting()
    {
        string path = InCaseDir("f.txt");
        File.WriteAllText(path, "x");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        using var h = StartHarness();
        // open(2) applies mode only when it creates the file.
        Fd(h.Call("open", path, "w", 0x1FF), "open(existing 0600 file, 'w', 0777)");
        CheckMode(path, 0x180, "an existing 0600 file opened with mode 0777");
    }

    public static IEnumerable<TestCaseData> BadModes() =>
    [
        CaseData.Of("open/mode/number/010644/range-error", "open", decision: Validation, tags: "open-flags", args: [0x11A4, "range"]),
        CaseData.Of("open/mode/number/negative/range-error", "open", decision: Validation, tags: "open-flags", args: [-1, "range"]),
        CaseData.Of("open/mode/string/10644/range-error", "open", decision: Validation, tags: "open-flags", args: ["10644", "range"]),
    ];

    [TestCaseSource(nameof(BadModes))]
    public void ModeOutOfRange(object mode, string kind)
    {
        using var h = StartHarness();
        string path = InCaseDir("f.txt");
        JsValue m = mode is int i ? i : (string)mode;
        Verdict.ThrowsKind(h.Call("open", path, "w", m), kind, $"open(path, 'w', {m})");
        Verdict.That(!File.Exists(path), "the path after the rejected open", "not created", "created");
    }

    public static IEnumerable<TestCaseData> NotOctal() =>
        new[] { ("9", "9"), ("abc", "abc"), ("0x1ff", "0x1ff"), ("", "empty"), ("64 4", "space") }.SelectMany(m => new[]
        {
            CaseData.Of($"open/mode/string/not-octal/{m.Item2}/rejected", "open", decision: OpenFlags, tags: "open-flags", args: [m.Item1, false]),
            CaseData.Of($"open/mode/string/not-octal/{m.Item2}/creates-nothing", "open", decision: Validation, tags: "open-flags", args: [m.Item1, true]),
        });

    /// <summary>A mode string that is not octal is a bad argument: thrown before open(2) (sjs's parseInt gives NaN, then mode 0).</summary>
    [TestCaseSource(nameof(NotOctal))]
    public void NonOctalModeString(string mode, bool checkFile)
    {
        using var h = StartHarness();
        string path = InCaseDir("f.txt");
        var o = h.Call("open", path, "w", mode);
        string what = $"open(path, 'w', {System.Text.Json.JsonSerializer.Serialize(mode)})";
        if (checkFile)
        {
            bool created = File.Exists(path);
            Verdict.That(!created, $"the path after {what}", "not created",
                created ? $"created with mode {Convert.ToString(StatOracle.Stat(path).Mode & 0xFFF, 8)}" : "not created");
        }
        else
            Verdict.That(o.Thrown is { Kind: "type" or "range" }, what, "throws a type or range error", o.ToString());
    }

    [Test, Case("open/mode/null/type-error", "open", Decision = Validation, Tags = "open-flags")]
    public void NullModeIsTypeError()
    {
        using var h = StartHarness();
        string path = InCaseDir("f.txt");
        // null is not undefined: it does not select the default mode.
        Verdict.ThrowsKind(h.Call("open", path, "w", JsValue.Null), "type", "open(path, 'w', null)");
        Verdict.That(!File.Exists(path), "the path after the rejected open", "not created", "created");
    }

    [Test, Case("open/mode/string/not-octal/type-error", "open", Decision = Validation, Tags = "open-flags")]
    public void NonOctalModeStringIsTypeError()
    {
        using var h = StartHarness();
        Verdict.ThrowsKind(h.Call("open", InCaseDir("f.txt"), "w", "9"), "type", "open(path, 'w', '9')");
    }

    [Test, Case("open/mode/default/explicit-undefined", "open", Decision = OpenFlags, Tags = "open-flags")]
    public void UndefinedModeIsDefault()
    {
        using var h = StartHarness();
        string path = InCaseDir("f.txt");
        Fd(h.Call("open", path, "w", JsValue.Undefined), "open(path, 'w', undefined)");
        CheckMode(path, 0x1B6 & ~Umask, "open(path, 'w', undefined)");
    }

    private static void CheckMode(string path, int expected, string what)
    {
        if (!File.Exists(path))
            Verdict.That(false, what, "a created file", "no file");
        uint mode = StatOracle.Stat(path).Mode & 0xFFF;
        Verdict.Equal(Octal(expected), Octal((int)mode), $"permission bits after {what} (stat, umask 022)");
    }

    // Flag strings the spec does not list (sjs accepts some: rs, sr, rs+, xw, ...).
    private static readonly string[] Unknown = ["rw", "x", "", "R", "W", "w++", "rs", "rs+", "sr", "xw", "xa+", "+", "wr", " r", "r\0"];

    private static string IdOf(string s) => s switch
    {
        "" => "empty",
        " r" => "space-r",
        "r\0" => "r-nul",
        _ => s.Replace("+", "plus"),
    };

    public static IEnumerable<TestCaseData> UnknownStrings()
    {
        foreach (var s in Unknown)
        {
            string p = $"open/flags/unknown/{IdOf(s)}";
            yield return CaseData.Of($"{p}/type-error", "open", decision: OpenFlags, tags: "open-flags", args: [s, "kind"]);
            yield return CaseData.Of($"{p}/no-fd-leaked", "open", decision: Validation, tags: "open-flags", args: [s, "leak"]);
            if (s.IndexOfAny(['w', 'a', 'x', 'W']) >= 0)
                yield return CaseData.Of($"{p}/creates-nothing", "open", decision: Validation, tags: "open-flags", args: [s, "create"]);
        }
    }

    [TestCaseSource(nameof(UnknownStrings))]
    public void UnknownFlagString(string s, string check)
    {
        string existing = InCaseDir("existing.txt"), missing = InCaseDir("missing.txt");
        File.WriteAllText(existing, "hello\n");
        using var h = StartHarness();
        string what = $"open(path, {System.Text.Json.JsonSerializer.Serialize(s)})";
        switch (check)
        {
            case "kind":
            {
                var error = Verdict.ThrowsKind(h.Call("open", existing, s), "type", what);
                // Only a distinctive string can be looked for in a message (one letter occurs anywhere).
                if (s.Length >= 2 && !s.Contains('\0'))
                    Verdict.That(error.Message.Contains(s, StringComparison.Ordinal), $"the message of {what}",
                        $"names the string {System.Text.Json.JsonSerializer.Serialize(s)}", error.Message);
                break;
            }
            case "leak":
            {
                int before = CountUnder(h, CaseDir);
                h.Call("open", existing, s);
                Verdict.Equal(before, CountUnder(h, CaseDir), $"fds of the harness into the case directory after {what}");
                break;
            }
            case "create":
                h.Call("open", missing, s);
                Verdict.That(!File.Exists(missing), $"the path after {what}", "not created", "created");
                break;
        }
    }

    // Flag bits outside the module's O_* constants, valued by the platform (Mono.Unix's native table).
    private static readonly (string Id, Func<int> Bit)[] Outside =
    [
        ("o_nonblock", () => NativeConvert.FromOpenFlags(Mono.Unix.Native.OpenFlags.O_NONBLOCK)),
        ("o_nofollow", () => NativeConvert.FromOpenFlags(Mono.Unix.Native.OpenFlags.O_NOFOLLOW)),
        ("o_directory", () => NativeConvert.FromOpenFlags(Mono.Unix.Native.OpenFlags.O_DIRECTORY)),
        ("o_noctty", () => NativeConvert.FromOpenFlags(Mono.Unix.Native.OpenFlags.O_NOCTTY)),
        ("o_cloexec", () => NativeConvert.FromOpenFlags(Mono.Unix.Native.OpenFlags.O_CLOEXEC)),
        ("bit30", () => 0x40000000),
    ];

    public static IEnumerable<TestCaseData> OutsideBits()
    {
        foreach (var (id, _) in Outside)
        {
            yield return CaseData.Of($"open/numeric/outside-bits/{id}/range-error", "open", decision: OpenFlags, tags: "open-flags", args: [id, "kind"]);
            yield return CaseData.Of($"open/numeric/outside-bits/{id}/creates-nothing", "open", decision: Validation, tags: "open-flags", args: [id, "create"]);
            yield return CaseData.Of($"open/numeric/outside-bits/{id}/no-fd-leaked", "open", decision: Validation, tags: "open-flags", args: [id, "leak"]);
        }
    }

    [TestCaseSource(nameof(OutsideBits))]
    public void BitsOutsideTheModule(string id, string check)
    {
        string existing = InCaseDir("existing.txt"), missing = InCaseDir("missing.txt");
        File.WriteAllText(existing, "hello\n");
        using var h = StartHarness();
        int bit;
        try { bit = Outside.Single(o => o.Id == id).Bit(); }
        catch (Exception e) when (e is ArgumentException or DllNotFoundException or EntryPointNotFoundException)
        {
            Verdict.Unsupported($"the platform has no {id}");
            return;
        }
        int known = Info!.Capabilities.Constants.Where(c => c.Key.StartsWith("O_", StringComparison.Ordinal))
            .Aggregate(0, (acc, c) => acc | (int)c.Value);
        if ((bit & known) != 0)
            Verdict.Unsupported($"{id} ({bit:x}) overlaps the module's own O_* constants");
        switch (check)
        {
            case "kind":
                Verdict.ThrowsKind(h.Call("open", existing, Flags(Info, "O_RDONLY") | bit), "range", $"open(path, O_RDONLY|{id})");
                break;
            case "create":
                h.Call("open", missing, Flags(Info, "O_WRONLY|O_CREAT") | bit, 420);
                Verdict.That(!File.Exists(missing), $"the path after open(missing, O_WRONLY|O_CREAT|{id})", "not created", "created");
                break;
            case "leak":
            {
                int before = CountUnder(h, CaseDir);
                h.Call("open", existing, Flags(Info, "O_RDONLY") | bit);
                Verdict.Equal(before, CountUnder(h, CaseDir), $"fds of the harness into the case directory after open(path, O_RDONLY|{id})");
                break;
            }
        }
    }

    [Test, Case("open/numeric/negative/range-error", "open", Decision = OpenFlags, Tags = "open-flags")]
    public void NegativeFlags()
    {
        File.WriteAllText(InCaseDir("existing.txt"), "hello\n");
        using var h = StartHarness();
        Verdict.ThrowsKind(h.Call("open", InCaseDir("existing.txt"), -1), "range", "open(path, -1)");
    }
}
