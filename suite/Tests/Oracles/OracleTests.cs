using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using Mono.Unix.Native;
using NUnit.Framework;
using OsConformance.Suite.Oracles;

namespace OsConformance.Suite.Tests.Oracles;

// The oracles judge every implementation, so they are checked against a second, independent source.
[TestFixture]
public class OracleTests
{
    private string dir = "";

    [SetUp]
    public void SetUp() => dir = Directory.CreateTempSubdirectory("osc-oracle-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(dir, true);

    [Test]
    public void NativeWaitMacrosAgreeWithMonoUnixOnEveryLowStatus()
    {
        // Every exit code and signal/stop encoding lives in the low 16 bits.
        var statuses = Enumerable.Range(0, 0x10000).Where(s => s % 7 == 0 || (s & 0xff) == 0x7f || s < 0x200).ToArray();
        var native = NativeOracle.WaitMany(statuses);
        for (int i = 0; i < statuses.Length; i++)
        {
            int s = statuses[i];
            Assert.That(native[i].WIFEXITED, Is.EqualTo(WaitOracle.Macro("WIFEXITED", s)), $"WIFEXITED({s:x})");
            Assert.That(native[i].WIFSIGNALED, Is.EqualTo(WaitOracle.Macro("WIFSIGNALED", s)), $"WIFSIGNALED({s:x})");
            Assert.That(native[i].WIFSTOPPED, Is.EqualTo(WaitOracle.Macro("WIFSTOPPED", s)), $"WIFSTOPPED({s:x})");
            if (native[i].WIFEXITED)
                Assert.That(native[i].WEXITSTATUS, Is.EqualTo(WaitOracle.Macro("WEXITSTATUS", s)), $"WEXITSTATUS({s:x})");
        }
    }

    [Test]
    public void NativeWaitMacrosSeeTheDocumentedLinuxContinuedEncoding()
    {
        if (!OperatingSystem.IsLinux())
            Assert.Ignore("Linux encoding");
        Assert.That(NativeOracle.Wait(0xffff).WIFCONTINUED, Is.True);
        Assert.That(NativeOracle.Wait(0x137f).WIFCONTINUED, Is.False);
        Assert.That(NativeOracle.Wait(0x137f).WIFSTOPPED, Is.True);
        Assert.That(NativeOracle.Wait(0x137f).WSTOPSIG, Is.EqualTo(19));
    }

    [Test]
    public void ConstantsAgreeWithMonoUnixNativeConversion()
    {
        var c = ConstantOracle.Values;
        Assert.That(c, Has.Count.EqualTo(39), "sjs 18.6 defines 39 constants");
        foreach (var name in new[] { "O_APPEND", "O_CREAT", "O_EXCL", "O_RDONLY", "O_RDWR", "O_SYNC", "O_TRUNC", "O_WRONLY" })
            Assert.That(c[name], Is.EqualTo(NativeConvert.FromOpenFlags(Enum.Parse<OpenFlags>(name))), name);
        foreach (var name in new[] { "S_IFDIR", "S_IFCHR", "S_IFBLK", "S_IFREG", "S_IFIFO", "S_IFLNK", "S_IFSOCK", "S_ISUID", "S_IRWXU", "S_IXOTH" })
            Assert.That(c[name], Is.EqualTo((int)NativeConvert.FromFilePermissions(Enum.Parse<FilePermissions>(name))), name);
        Assert.That(c["WNOHANG"], Is.EqualTo(NativeConvert.FromWaitOptions(WaitOptions.WNOHANG)));
        Assert.That(c["WUNTRACED"], Is.EqualTo(NativeConvert.FromWaitOptions(WaitOptions.WUNTRACED)));
    }

    [Test]
    public void StatOracleMatchesTheBclOnTimesAndSize()
    {
        string path = Path.Combine(dir, "f");
        File.WriteAllBytes(path, new byte[1234]);
        var when = new DateTime(2021, 3, 4, 5, 6, 7, DateTimeKind.Utc).AddTicks(1234567); // 123.4567 ms
        File.SetLastWriteTimeUtc(path, when);
        var st = StatOracle.Stat(path);
        Assert.That(st.Size, Is.EqualTo(1234));
        Assert.That(st.Mtime.Milliseconds, Is.EqualTo(new DateTimeOffset(when).ToUnixTimeMilliseconds()));
        Assert.That(st.Mtime.Nanoseconds, Is.EqualTo(123456700));
        Assert.That(st.Mode & 0xF000, Is.EqualTo(0x8000), "a regular file");
    }

    [Test]
    public void StatOracleRecordsBirthBeforeALaterCtime()
    {
        if (!OperatingSystem.IsLinux())
            Assert.Ignore("statx path");
        string path = Path.Combine(dir, "b");
        File.WriteAllText(path, "x");
        Thread.Sleep(20);
        File.SetUnixFileMode(path, UnixFileMode.UserRead);
        var st = StatOracle.Stat(path);
        if (st.Birthtime is not KernelTime birth)
            Assert.Ignore("this filesystem records no birth time");
        else
            Assert.That(birth.Milliseconds, Is.LessThan(st.Ctime.Milliseconds));
    }

    [Test]
    public void FdOracleSeesCloseOnExecAndNonBlockFromTheKernel()
    {
        string path = Path.Combine(dir, "fd");
        using SafeFileHandle h = File.OpenHandle(path, FileMode.Create, FileAccess.ReadWrite);
        int fd = (int)h.DangerousGetHandle();
        var before = FdOracle.Get(Environment.ProcessId, fd);
        Assert.That(before, Is.Not.Null);
        Assert.That(before!.CloseOnExec, Is.True, ".NET opens every file O_CLOEXEC");
        Assert.That(before.AccessMode, Is.EqualTo(FdOracle.AccessReadWrite));
        Assert.That(before.Target, Is.EqualTo(path));
        Assert.That(Syscall.fcntl(fd, FcntlCommand.F_SETFD, 0), Is.EqualTo(0));
        Assert.That(FdOracle.Get(Environment.ProcessId, fd)!.CloseOnExec, Is.False);
    }

    [Test]
    public void ProcOracleDescribesThisProcess()
    {
        if (!ProcOracle.Available)
            Assert.Ignore("no /proc");
        var me = ProcOracle.Get(Environment.ProcessId);
        Assert.That(me.Uid, Is.EqualTo((int)Syscall.getuid()));
        Assert.That(me.Ppid, Is.EqualTo((int)Syscall.getppid()));
        Assert.That(ProcOracle.Environ(Environment.ProcessId), Is.Not.Empty);
        Assert.That(ProcOracle.Cwd(Environment.ProcessId), Is.EqualTo(Directory.GetCurrentDirectory()));
    }

    [Test]
    public void PtyOracleGivesAnOpenableTerminal()
    {
        using var pty = PtyOracle.Open();
        Assert.That(File.Exists(pty.SlavePath) || Directory.Exists(Path.GetDirectoryName(pty.SlavePath)), Is.True);
        int fd = Syscall.open(pty.SlavePath, OpenFlags.O_RDWR | OpenFlags.O_NOCTTY);
        Assert.That(fd, Is.GreaterThanOrEqualTo(0), $"open {pty.SlavePath}");
        try
        {
            Assert.That(Syscall.isatty(fd), Is.True);
        }
        finally
        {
            Syscall.close(fd);
        }
    }
}
