using NUnit.Framework;
using OsConformance.Protocol;
using OsConformance.Suite.Infrastructure;
using OsConformance.Suite.Oracles;

namespace OsConformance.Suite.Tty;

/// <summary>os.isatty and os.ttyname on a pseudo-terminal the runner creates, and on a file and a pipe.</summary>
public sealed class TtyCases : ConformanceFixture
{
    private const string Isatty = "Returns true if the given fd refers to a valid terminal type device, false otherwise.";
    private const string Ttyname = "Returns the related device name of the given fd for which os.isatty() is true.";

    /// <summary>An fd in the harness of the given kind: the slave of a runner-made pty, a file, or a pipe end.</summary>
    private JsValue OpenIn(HarnessProcess h, string kind, PtyOracle? pty)
    {
        switch (kind)
        {
            case "pty":
                return Verdict.Returns(h.Call("open", pty!.SlavePath, "r+"), "open(pty slave, 'r+')");
            case "file":
                File.WriteAllText(InCaseDir("plain"), "x");
                return Verdict.Returns(h.Call("open", InCaseDir("plain"), "r"), "open(file, 'r')");
            case "dev-null":
                return Verdict.Returns(h.Call("open", "/dev/null", "r"), "open('/dev/null', 'r')");
            case "pipe-read":
            case "pipe-write":
                var ends = Verdict.Returns(h.Call("pipe"), "pipe()");
                Verdict.That(ends is JsArray { Items.Count: 2 }, "pipe()", "[read_fd, write_fd]", ends.ToString());
                return ((JsArray)ends).Items[kind == "pipe-read" ? 0 : 1];
            default:
                throw new ArgumentException(kind, nameof(kind));
        }
    }

    public static IEnumerable<TestCaseData> IsattyTable() =>
    [
        CaseData.Of("isatty/pty-slave/true", "isatty", spec: Isatty, tags: "tty,needs-tty", args: ["pty", true]),
        CaseData.Of("isatty/regular-file/false", "isatty", spec: Isatty, tags: "tty", args: ["file", false]),
        CaseData.Of("isatty/dev-null/false", "isatty", spec: Isatty, tags: "tty", args: ["dev-null", false]),
        CaseData.Of("isatty/pipe-read-end/false", "isatty", spec: Isatty, tags: "tty", args: ["pipe-read", false]),
        CaseData.Of("isatty/pipe-write-end/false", "isatty", spec: Isatty, tags: "tty", args: ["pipe-write", false]),
    ];

    [TestCaseSource(nameof(IsattyTable))]
    public void IsattyTellsTerminalsApart(string kind, bool expected)
    {
        using var pty = kind == "pty" ? PtyOracle.Open() : null;
        using var h = StartHarness("open", "pipe");
        var fd = OpenIn(h, kind, pty);
        var value = Verdict.Returns(h.Call("isatty", fd), $"isatty({kind})");
        Verdict.Equal<JsValue>(expected, value, $"isatty({kind} fd)");
    }

    [Test, Case("isatty/closed-fd/false", "isatty", Spec = Isatty, Tags = "tty")]
    public void AClosedFdIsNotATerminal()
    {
        using var h = StartHarness("open", "close");
        File.WriteAllText(InCaseDir("c"), "x");
        var fd = Verdict.Returns(h.Call("open", InCaseDir("c"), "r"));
        Verdict.Returns(h.Call("close", fd));
        Verdict.Equal<JsValue>(false, Verdict.Returns(h.Call("isatty", fd), "isatty(closed fd)"), "isatty(closed fd)");
    }

    [Test, Case("isatty/dup-of-pty/true", "isatty", Spec = Isatty, Tags = "tty,needs-tty")]
    public void ADupOfATerminalIsATerminal()
    {
        using var pty = PtyOracle.Open();
        using var h = StartHarness("open", "dup");
        var fd = OpenIn(h, "pty", pty);
        var copy = Verdict.Returns(h.Call("dup", fd), "dup(pty fd)");
        Verdict.Equal<JsValue>(true, Verdict.Returns(h.Call("isatty", copy), "isatty(dup)"), "isatty(dup of pty fd)");
    }

    [Test, Case("ttyname/pty-slave/names-the-device", "ttyname", Spec = Ttyname, Tags = "tty,needs-tty")]
    public void TtynameNamesTheSlave()
    {
        using var pty = PtyOracle.Open();
        using var h = StartHarness("open");
        var fd = OpenIn(h, "pty", pty);
        var value = Verdict.Returns(h.Call("ttyname", fd), "ttyname(pty fd)");
        Verdict.Equal<JsValue>(pty.SlavePath, value, "ttyname(pty fd)");
    }

    [Test, Case("ttyname/pty-slave/matches-kernel-fd-link", "ttyname", Spec = Ttyname, Tags = "tty,needs-tty,linux-only")]
    public void TtynameMatchesTheKernelsFdLink()
    {
        using var pty = PtyOracle.Open();
        using var h = StartHarness("open");
        var fd = OpenIn(h, "pty", pty);
        var value = Verdict.Returns(h.Call("ttyname", fd), "ttyname(pty fd)");
        var kernel = FdOracle.Get(h.Pid, (int)((JsNumber)fd).Value);
        Verdict.Equal<JsValue>(kernel?.Target ?? "(fd not open)", value, "ttyname vs /proc/PID/fd link");
    }

    public static IEnumerable<TestCaseData> TtynameErrors() =>
    [
        CaseData.Of("ttyname/regular-file/enotty", "ttyname", spec: Ttyname, tags: "tty", args: ["file", "ENOTTY"]),
        CaseData.Of("ttyname/dev-null/enotty", "ttyname", spec: Ttyname, tags: "tty", args: ["dev-null", "ENOTTY"]),
        CaseData.Of("ttyname/pipe/enotty", "ttyname", spec: Ttyname, tags: "tty", args: ["pipe-read", "ENOTTY"]),
    ];

    [TestCaseSource(nameof(TtynameErrors))]
    public void TtynameOfANonTerminalFails(string kind, string errno)
    {
        using var h = StartHarness("open", "pipe");
        var fd = OpenIn(h, kind, null);
        Verdict.Throws(h.Call("ttyname", fd), errno, $"ttyname({kind})");
    }

    [Test, Case("ttyname/closed-fd/ebadf", "ttyname", Spec = Ttyname, Tags = "tty")]
    public void TtynameOfAClosedFdIsEbadf()
    {
        using var h = StartHarness("open", "close");
        File.WriteAllText(InCaseDir("c"), "x");
        var fd = Verdict.Returns(h.Call("open", InCaseDir("c"), "r"));
        Verdict.Returns(h.Call("close", fd));
        Verdict.Throws(h.Call("ttyname", fd), "EBADF", "ttyname(closed fd)");
    }
}
