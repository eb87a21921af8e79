using System.Diagnostics;
using NUnit.Framework;
using OsConformance.Suite.Oracles;

namespace OsConformance.Suite.Tests.Oracles;

// The syscall oracle reads strace's text; these pin the shapes strace 6 prints for -f logs.
[TestFixture]
public class SyscallOracleTests
{
    private const string Log = """
        100   execve("/h", ["/h"], 0x7ffc /* 3 vars */) = 0
        100   openat(AT_FDCWD, "/d/early", O_RDONLY) = 3
        100   statx(AT_FDCWD, "/d/begin", AT_STATX_SYNC_AS_STAT, STATX_ALL, 0x7ffe) = -1 ENOENT (No such file or directory)
        100   openat(AT_FDCWD, "/d/f", O_RDONLY|O_CLOEXEC) = 4
        101   futex(0x7f00, FUTEX_WAIT_PRIVATE, 0, NULL <unfinished ...>
        100   dup(4)                            = 5
        100   ioctl(5, FIOCLEX)                 = 0
        100   fcntl(4, F_DUPFD_CLOEXEC, 0)      = 6
        100   pipe2([7, 8], O_CLOEXEC)          = 0
        100   dup3(4, 40, O_CLOEXEC)            = 40
        101   <... futex resumed>)              = 0
        100   openat(AT_FDCWD, "/d/missing", O_RDONLY|O_CLOEXEC) = -1 ENOENT (No such file or directory)
        100   newfstatat(AT_FDCWD, "/d/end", 0x7ffd, 0) = -1 ENOENT (No such file or directory)
        100   openat(AT_FDCWD, "/d/late", O_RDONLY) = 9
        """;

    private string dir = "";
    private IReadOnlyList<TracedCall> calls = [];

    [SetUp]
    public void SetUp()
    {
        dir = Directory.CreateTempSubdirectory("osc-strace-").FullName;
        File.WriteAllText(Path.Combine(dir, "log"), Log);
        calls = SyscallOracle.Read(Path.Combine(dir, "log"));
    }

    [TearDown]
    public void TearDown() => Directory.Delete(dir, true);

    [Test]
    public void AFloodedLogIsReadWholeThenCutToWhatIsKept()
    {
        // 4000 writes of 1 KiB each, as strace -s 65536 prints a harness flooding stderr, then the marker.
        string flood = Path.Combine(dir, "flood");
        string write = $"100   write(2, \"{new string('x', 1024)}\", 1024) = 1024\n";
        File.WriteAllText(flood, string.Concat(Enumerable.Repeat(write, 4000)) + "100   newfstatat(AT_FDCWD, \"/d/end\", 0x7ffd, 0) = -1 ENOENT (No such file or directory)\n");
        long before = new FileInfo(flood).Length;

        var read = SyscallOracle.Read(flood);

        Assert.That(read, Has.Count.EqualTo(4001));
        Assert.That(read[^1].Args, Does.Contain("/d/end"));
        string kept = File.ReadAllText(flood);
        Assert.That(new FileInfo(flood).Length, Is.LessThan(SyscallOracle.KeptLogBytes + 100));
        Assert.That(kept, Does.EndWith($"… {before - SyscallOracle.KeptLogBytes} bytes cut (the log keeps {SyscallOracle.KeptLogBytes})\n"));
    }

    [Test]
    public void ReadsCompleteAndResumedCalls()
    {
        Assert.That(calls.Select(c => c.Name), Is.EqualTo(new[]
        {
            "execve", "openat", "statx", "openat", "dup", "ioctl", "fcntl", "pipe2", "dup3", "futex", "openat", "newfstatat", "openat",
        }));
        var futex = calls.Single(c => c.Name == "futex");
        Assert.That((futex.Pid, futex.Args, futex.Value), Is.EqualTo((101, "0x7f00, FUTEX_WAIT_PRIVATE, 0, NULL", (long?)0)));
        Assert.That(calls.Single(c => c.Name == "statx").Value, Is.EqualTo(-1));
    }

    [Test]
    public void TheWindowLiesStrictlyBetweenTheMarkers()
    {
        var window = SyscallOracle.Between(calls, "/d/begin", "/d/end")!;
        Assert.That(window.First().ToString(), Is.EqualTo("openat(AT_FDCWD, \"/d/f\", O_RDONLY|O_CLOEXEC) = 4"));
        Assert.That(window.Last().Args, Does.Contain("/d/missing"));
        Assert.That(SyscallOracle.Between(calls, "/d/begin", "/d/nowhere"), Is.Null);
        Assert.That(SyscallOracle.Between(calls, "/d/end", "/d/begin"), Is.Null, "the end marker must come after the begin marker");
        Assert.That(SyscallOracle.Between(calls, "/d/beg", "/d/end"), Is.Null, "a marker is a whole quoted path, not a prefix");
    }

    [TestCase(4, "openat", true)]
    [TestCase(5, "dup", false)]
    [TestCase(6, "fcntl", true)]
    [TestCase(7, "pipe2", true)]
    [TestCase(8, "pipe2", true)]
    [TestCase(40, "dup3", true)]
    public void FindsTheCreatorAndJudgesItsFlag(int fd, string name, bool atomic)
    {
        var creator = SyscallOracle.Creator(SyscallOracle.Between(calls, "/d/begin", "/d/end")!, fd);
        Assert.That(creator?.Name, Is.EqualTo(name));
        Assert.That(SyscallOracle.SetsCloexecAtomically(creator!), Is.EqualTo(atomic));
    }

    [TestCase(3, Description = "created before the window")]
    [TestCase(9, Description = "created after the window")]
    [TestCase(0, Description = "never created; ioctl's 0 result is not an fd")]
    public void NoCreatorOutsideTheWindow(int fd) =>
        Assert.That(SyscallOracle.Creator(SyscallOracle.Between(calls, "/d/begin", "/d/end")!, fd), Is.Null);

    // Harness 100 with a thread 101 (clone3) that makes a thread 102 (clone), and a helper process 200
    // (a fork, not a thread) that creates fd 4 first, without O_CLOEXEC, and even stats the end marker.
    private const string TwoProcesses = """
        100   execve("/h", ["/h"], 0x7ffc /* 3 vars */) = 0
        100   clone3({flags=CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|CLONE_SYSVSEM|CLONE_SETTLS|CLONE_PARENT_SETTID|CLONE_CHILD_CLEARTID, child_tid=0x7f12, parent_tid=0x7f12, exit_signal=0, stack=0x7f00, stack_size=0x7fff00, tls=0x7f40} => {parent_tid=[101]}, 88) = 101
        100   clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x7f8) = 200
        101   clone(child_stack=0x7e00, flags=CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|CLONE_SYSVSEM|CLONE_SETTLS|CLONE_PARENT_SETTID|CLONE_CHILD_CLEARTID, parent_tid=[102], tls=0x7d00, child_tidptr=0x7d10) = 102
        100   statx(AT_FDCWD, "/d/begin", AT_STATX_SYNC_AS_STAT, STATX_ALL, 0x7ffe) = -1 ENOENT (No such file or directory)
        200   openat(AT_FDCWD, "/d/helper", O_RDONLY) = 4
        200   newfstatat(AT_FDCWD, "/d/end", 0x7ffd, 0) = -1 ENOENT (No such file or directory)
        100   openat(AT_FDCWD, "/d/f", O_RDONLY|O_CLOEXEC <unfinished ...>
        200   openat(AT_FDCWD, "/d/helper2", O_RDONLY) = 5
        100   <... openat resumed>)             = 4
        102   openat(AT_FDCWD, "/d/thread", O_RDONLY|O_CLOEXEC) = 6
        100   newfstatat(AT_FDCWD, "/d/end", 0x7ffd, 0) = -1 ENOENT (No such file or directory)
        """;

    private IReadOnlyList<TracedCall> Two()
    {
        File.WriteAllText(Path.Combine(dir, "two"), TwoProcesses);
        return SyscallOracle.Read(Path.Combine(dir, "two"));
    }

    [Test]
    public void ThreadsMapToTheirProcess()
    {
        var groups = SyscallOracle.ThreadGroups(Two());
        Assert.That(groups, Is.EquivalentTo(new Dictionary<int, int> { [101] = 100, [102] = 100 }),
            "threads made by clone3/clone with CLONE_THREAD, also by a thread; the fork child 200 is its own process");
    }

    [Test]
    public void UnfilteredTheHelpersCallIsJudged()
    {
        // The weakness the per-process filter removes: the helper made fd 4 first, and its stat closed the window.
        var creator = SyscallOracle.Creator(SyscallOracle.Between(Two(), "/d/begin", "/d/end")!, 4);
        Assert.That((creator?.Pid, creator?.Args), Is.EqualTo(((int?)200, "AT_FDCWD, \"/d/helper\", O_RDONLY")));
    }

    [Test]
    public void OnlyTheHarnessesCallIsJudged()
    {
        var mine = SyscallOracle.OfProcesses(Two(), [100]);
        Assert.That(mine.Select(c => c.Pid).Distinct(), Is.EquivalentTo(new[] { 100, 101, 102 }), "the harness and its threads, not the helper");
        var window = SyscallOracle.Between(mine, "/d/begin", "/d/end")!;
        var creator = SyscallOracle.Creator(window, 4)!;
        Assert.That((creator.Pid, creator.Args), Is.EqualTo((100, "AT_FDCWD, \"/d/f\", O_RDONLY|O_CLOEXEC")));
        Assert.That(SyscallOracle.SetsCloexecAtomically(creator), Is.True);
        Assert.That(SyscallOracle.Creator(window, 6)?.Pid, Is.EqualTo(102), "a call by the harness's thread is the harness's");
        Assert.That(SyscallOracle.Creator(window, 5), Is.Null, "the helper's fd 5 is not the harness's");
    }

    [Test]
    public void AForkChildIsJudgedWhenNamed()
    {
        var both = SyscallOracle.OfProcesses(Two(), [100, 200]);
        Assert.That(SyscallOracle.Creator(both, 5)?.Pid, Is.EqualTo(200), "the fork child's call, when the case names the child");
        Assert.That(SyscallOracle.OfProcesses(Two(), [200]).Select(c => c.Pid).Distinct(), Is.EqualTo(new[] { 200 }));
    }

    [Test]
    public void TracesARealProcess()
    {
        if (SyscallOracle.StracePath is null)
            Assert.Ignore("strace is not installed");
        string log = Path.Combine(dir, "real.log"), file = Path.Combine(dir, "input");
        File.WriteAllText(file, "x");
        var start = new ProcessStartInfo(SyscallOracle.Prefix(log)[0]);
        foreach (string word in SyscallOracle.Prefix(log).Skip(1).Concat(["/bin/sh", "-c", $"exec 3< '{file}'"]))
            start.ArgumentList.Add(word);
        using (var p = Process.Start(start)!)
        {
            p.WaitForExit();
            Assert.That(p.ExitCode, Is.Zero, "strace -f … sh -c 'exec 3< file'");
        }
        var real = SyscallOracle.Read(log);
        Assert.That(real.Any(c => c.Name == "execve" && c.Value == 0), "the traced exec of sh");
        var open = real.Last(c => c.Name is "open" or "openat" && c.Args.Contains(file, StringComparison.Ordinal));
        Assert.That(SyscallOracle.SetsCloexecAtomically(open), Is.False, $"a shell's redirection is inherited, so not O_CLOEXEC: {open}");
    }

    [Test]
    public void FiltersARealForkChildOut()
    {
        if (SyscallOracle.StracePath is null)
            Assert.Ignore("strace is not installed");
        string log = Path.Combine(dir, "fork.log"), helper = Path.Combine(dir, "helper"), mine = Path.Combine(dir, "mine");
        File.WriteAllText(helper, "h");
        File.WriteAllText(mine, "m");
        var start = new ProcessStartInfo(SyscallOracle.Prefix(log)[0]);
        // The subshell is a fork child of sh that opens its file first.
        foreach (string word in SyscallOracle.Prefix(log).Skip(1).Concat(["/bin/sh", "-c", $"(exec 4< '{helper}'); exec 4< '{mine}'"]))
            start.ArgumentList.Add(word);
        using (var p = Process.Start(start)!)
        {
            p.WaitForExit();
            Assert.That(p.ExitCode, Is.Zero);
        }
        var real = SyscallOracle.Read(log);
        int sh = real.First().Pid;
        bool Opens(TracedCall c, string path) => c.Name is "open" or "openat" && c.Args.Contains(path, StringComparison.Ordinal);
        Assert.That(real.Any(c => c.Pid != sh && Opens(c, helper)), "the subshell's open is in the log");
        var own = SyscallOracle.OfProcesses(real, [sh]);
        Assert.That(own.Any(c => Opens(c, mine)), "sh's own open is kept");
        Assert.That(own.Any(c => Opens(c, helper)), Is.False, "the fork child's open is left out");
    }
}
