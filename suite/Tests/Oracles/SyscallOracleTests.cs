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
}
