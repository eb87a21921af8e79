using NUnit.Framework;
using OsConformance.Suite.Fds;
using OsConformance.Suite.Infrastructure;
using OsConformance.Suite.Oracles;

namespace OsConformance.Suite.Open;

/// <summary>What open gives back, judged by the kernel's fd table: the file, its access mode, and an undoable cloexec.</summary>
public sealed class OpenBasicsCases : ConformanceFixture
{
    private const string Opens = "Opens a file.";
    private const string How = "How the file will be opened.";
    private const string Supported = "Here are the supported possibilities:";
    private const string Undo = "You can undo this using os.cloexec().";

    [Test, Case("open/opens/the-named-file", "open", Spec = Opens, Tags = "open-flags,linux-only")]
    public void TheFdIsTheNamedFile()
    {
        string path = InCaseDir("named");
        File.WriteAllText(path, "x");
        using var h = StartHarness();
        int fd = FdSupport.Fd(h.Call("open", path, "r"), "open(path, 'r')");
        Verdict.Equal(path, FdSupport.Kernel(h, fd, "the returned fd").Target, "the kernel's file behind the fd");
    }

    public static IEnumerable<TestCaseData> AccessModes() =>
    [
        CaseData.Of("open/flags/how/r/read-only-in-kernel", "open", spec: How, tags: "open-flags", args: ["r", FdOracle.AccessReadOnly]),
        CaseData.Of("open/flags/how/w/write-only-in-kernel", "open", spec: How, tags: "open-flags", args: ["w", FdOracle.AccessWriteOnly]),
        CaseData.Of("open/flags/how/r+/read-write-in-kernel", "open", spec: How, tags: "open-flags", args: ["r+", FdOracle.AccessReadWrite]),
    ];

    [TestCaseSource(nameof(AccessModes))]
    public void TheFlagsSetTheAccessMode(string flags, int access)
    {
        string path = InCaseDir("f");
        File.WriteAllText(path, "x");
        using var h = StartHarness();
        int fd = FdSupport.Fd(h.Call("open", path, flags, 420), $"open(path, '{flags}')");
        Verdict.Equal(access, FdSupport.Kernel(h, fd, "the returned fd").AccessMode, $"access mode of open(path, '{flags}')");
    }

    public static IEnumerable<TestCaseData> TenStrings() =>
        new[] { "r", "r+", "w", "wx", "w+", "wx+", "a", "ax", "a+", "ax+" }.Select(f =>
            CaseData.Of($"open/flags/supported/{f}/accepted", "open", spec: Supported, tags: "open-flags", args: f));

    /// <summary>Each documented string opens a fresh path (an existing one for 'r' and 'r+').</summary>
    [TestCaseSource(nameof(TenStrings))]
    public void EachDocumentedStringIsAccepted(string flags)
    {
        string path = InCaseDir("p");
        if (flags.StartsWith('r'))
            File.WriteAllText(path, "x");
        using var h = StartHarness();
        int fd = FdSupport.Fd(h.Call("open", path, flags, 420), $"open(path, '{flags}')");
        Verdict.That(FdOracle.Get(h.Pid, fd) is not null, $"open(path, '{flags}')", "an open fd", "no such fd in the kernel");
    }

    [Test, Case("open/cloexec/undo-with-cloexec", "open", Spec = Undo, Tags = "cloexec,linux-only")]
    public void AnOpenedFdsCloexecCanBeUndone()
    {
        string path = InCaseDir("u");
        File.WriteAllText(path, "x");
        using var h = StartHarness("cloexec");
        int fd = FdSupport.Fd(h.Call("open", path, "r"), "open(path, 'r')");
        Verdict.Returns(h.Call("cloexec", fd, false), "cloexec(fd, false)");
        Verdict.Equal(false, FdSupport.Kernel(h, fd, "the fd").CloseOnExec, "FD_CLOEXEC after cloexec(fd, false)");
    }

    public static IEnumerable<TestCaseData> PipeEnds() =>
    [
        CaseData.Of("pipe/cloexec/undo-with-cloexec/read-end", "pipe", spec: Undo, tags: "cloexec,linux-only", args: 0),
        CaseData.Of("pipe/cloexec/undo-with-cloexec/write-end", "pipe", spec: Undo, tags: "cloexec,linux-only", args: 1),
    ];

    [TestCaseSource(nameof(PipeEnds))]
    public void APipeEndsCloexecCanBeUndone(int end)
    {
        using var h = StartHarness("cloexec");
        var (r, w) = FdSupport.Pipe(h);
        int fd = end == 0 ? r : w;
        Verdict.Returns(h.Call("cloexec", fd, false), "cloexec(fd, false)");
        Verdict.Equal(false, FdSupport.Kernel(h, fd, "the pipe end").CloseOnExec, "FD_CLOEXEC after cloexec(fd, false)");
        int other = end == 0 ? w : r;
        Verdict.Equal(true, FdSupport.Kernel(h, other, "the other end").CloseOnExec, "the other end keeps FD_CLOEXEC");
    }
}
