using NUnit.Framework;
using OsConformance.Protocol;
using OsConformance.Suite.Infrastructure;
using OsConformance.Suite.Oracles;
using static OsConformance.Suite.Fds.FdSupport;

namespace OsConformance.Suite.Open;

/// <summary>
/// open's mode under umasks other than the protocol's 022. Under 022 a default of 0644 creates the
/// same file as the documented 0666, and a mode applied with chmod after open (bypassing the umask)
/// is hidden whenever the umask clears nothing the mode sets; these set-ups tell them apart.
/// </summary>
public sealed class OpenUmaskCases : ConformanceFixture
{
    private const string ModeSentence = "mode – Sets the file mode (permissions and sticky bits).";
    private const string OpenFlags = "docs/decisions.md#open-flags";

    private static string Octal(int m) => "0" + Convert.ToString(m, 8).PadLeft(3, '0');

    // The harness is exec'd by a shell that first sets the case's umask.
    private static string[] Umask(int mask) => ["/bin/sh", "-c", $"umask {Convert.ToString(mask, 8)} && exec \"$@\"", "sh"];

    public static IEnumerable<TestCaseData> Table() =>
    [
        CaseData.Of("open/mode/default/umask-000", "open", decision: OpenFlags, tags: "open-flags", args: [0, null, 0x1B6]),
        CaseData.Of("open/mode/default/umask-027", "open", decision: OpenFlags, tags: "open-flags", args: [0x17, null, 0x1B6 & ~0x17]),
        CaseData.Of("open/mode/number/umask-000/0777", "open", spec: ModeSentence, tags: "open-flags", args: [0, 0x1FF, 0x1FF]),
        CaseData.Of("open/mode/number/umask-077/0666", "open", spec: ModeSentence, tags: "open-flags", args: [0x3F, 0x1B6, 0x180]),
    ];

    [TestCaseSource(nameof(Table))]
    public void ModeUnderUmask(int umask, int? mode, int expected)
    {
        using var h = StartHarnessUnder(Umask(umask));
        string path = InCaseDir("f.txt");
        string what = $"open(path, 'w'{(mode is int m ? ", " + Octal(m) : "")}) under umask {Octal(umask)}";
        Fd(mode is int n ? h.Call("open", path, "w", n) : h.Call("open", path, "w"), what);
        if (!File.Exists(path))
            Verdict.That(false, what, "a created file", "no file");
        Verdict.Equal(Octal(expected), Octal((int)(StatOracle.Stat(path).Mode & 0xFFF)), $"permission bits after {what} (stat)");
    }
}
