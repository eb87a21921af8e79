using Mono.Unix.Native;
using NUnit.Framework;

namespace OsConformance.Reference.Tests;

public class StatusTests
{
    // Every 16-bit status, plus values with high bits set.
    private static IEnumerable<int> Statuses()
    {
        for (int s = 0; s <= 0xffff; s++) yield return s;
        foreach (int s in new[] { 0x10000, 0x1137f, 0x7fffffff, -1, int.MinValue, 0x00ff0000 }) yield return s;
    }

    private static readonly int[] Named = [0, 0x7f, 0xff, 0x100, 0xffff, 0x137f, 0x057f, 0x0900, 0x0009, 0x0086, 0x008b, 0x1300, 0x027f, 0x7f00, 0x80];

    [Test]
    public void WaitMacros_MatchMonoUnix()
    {
        foreach (int s in Statuses())
        {
            if (Os.WIFEXITED(s) != Syscall.WIFEXITED(s)) Assert.Fail($"WIFEXITED({s:x})");
            if (Os.WEXITSTATUS(s) != Syscall.WEXITSTATUS(s)) Assert.Fail($"WEXITSTATUS({s:x})");
            if (Os.WIFSIGNALED(s) != Syscall.WIFSIGNALED(s)) Assert.Fail($"WIFSIGNALED({s:x})");
            // Mono.Unix converts the signal to its Signum enum and throws for numbers it lacks (32, 33, ...).
            if (MonoSignal(() => Syscall.WTERMSIG(s)) is int t && Os.WTERMSIG(s) != t) Assert.Fail($"WTERMSIG({s:x})");
            if (Os.WIFSTOPPED(s) != Syscall.WIFSTOPPED(s)) Assert.Fail($"WIFSTOPPED({s:x})");
            if (MonoSignal(() => Syscall.WSTOPSIG(s)) is int st && Os.WSTOPSIG(s) != st) Assert.Fail($"WSTOPSIG({s:x})");
        }
    }

    private static int? MonoSignal(Func<Signum> f)
    {
        try { return (int)f(); }
        catch (ArgumentOutOfRangeException) { return null; }
    }

    [Test]
    public void WaitMacros_MatchTheHeadersCompiledNow()
    {
        foreach (int s in Statuses())
        {
            if (Os.WIFEXITED(s) != (COracle.Wait(COracle.W.IfExited, s) != 0)) Assert.Fail($"WIFEXITED({s:x})");
            if (Os.WEXITSTATUS(s) != COracle.Wait(COracle.W.ExitStatus, s)) Assert.Fail($"WEXITSTATUS({s:x})");
            if (Os.WIFSIGNALED(s) != (COracle.Wait(COracle.W.IfSignaled, s) != 0)) Assert.Fail($"WIFSIGNALED({s:x})");
            if (Os.WTERMSIG(s) != COracle.Wait(COracle.W.TermSig, s)) Assert.Fail($"WTERMSIG({s:x})");
            if (Os.WIFSTOPPED(s) != (COracle.Wait(COracle.W.IfStopped, s) != 0)) Assert.Fail($"WIFSTOPPED({s:x})");
            if (Os.WSTOPSIG(s) != COracle.Wait(COracle.W.StopSig, s)) Assert.Fail($"WSTOPSIG({s:x})");
            if (Os.WIFCONTINUED(s) != (COracle.Wait(COracle.W.IfContinued, s) != 0)) Assert.Fail($"WIFCONTINUED({s:x})");
        }
    }

    [Test]
    public void WaitMacros_NamedStatuses_Linux()
    {
        Assume.That(OperatingSystem.IsLinux(), "glibc definitions");
        // exit(1); killed by SIGKILL; stopped by SIGSTOP; continued.
        Assert.That(Os.WIFEXITED(0x100) && Os.WEXITSTATUS(0x100) == 1, Is.True);
        Assert.That(Os.WIFSIGNALED(0x9) && Os.WTERMSIG(0x9) == 9 && !Os.WIFEXITED(0x9), Is.True);
        Assert.That(Os.WIFSTOPPED(0x137f) && Os.WSTOPSIG(0x137f) == 19 && !Os.WIFCONTINUED(0x137f), Is.True);
        Assert.That(Os.WIFCONTINUED(0xffff) && !Os.WIFSTOPPED(0xffff) && !Os.WIFSIGNALED(0xffff), Is.True);
        Assert.That(Os.WIFSIGNALED(0x86) && Os.WTERMSIG(0x86) == 6, Is.True, "SIGABRT with core");
        foreach (int s in Named)
            Assert.That(Os.WIFCONTINUED(s), Is.EqualTo(s == 0xffff), $"{s:x}");
    }

    [Test]
    public void ModeMacros_MatchMonoUnixOverAllModes()
    {
        for (int mode = 0; mode <= 0xffff; mode++)
        {
            var p = NativeConvert.ToFilePermissions((uint)mode);
            var type = p & FilePermissions.S_IFMT;
            Assert.That(Os.S_IMODE(mode), Is.EqualTo(mode & 0xfff));
            if (Os.S_ISDIR(mode) != (type == FilePermissions.S_IFDIR)) Assert.Fail($"S_ISDIR({mode:o})");
            if (Os.S_ISCHR(mode) != (type == FilePermissions.S_IFCHR)) Assert.Fail($"S_ISCHR({mode:o})");
            if (Os.S_ISBLK(mode) != (type == FilePermissions.S_IFBLK)) Assert.Fail($"S_ISBLK({mode:o})");
            if (Os.S_ISREG(mode) != (type == FilePermissions.S_IFREG)) Assert.Fail($"S_ISREG({mode:o})");
            if (Os.S_ISFIFO(mode) != (type == FilePermissions.S_IFIFO)) Assert.Fail($"S_ISFIFO({mode:o})");
            if (Os.S_ISLNK(mode) != (type == FilePermissions.S_IFLNK)) Assert.Fail($"S_ISLNK({mode:o})");
            if (Os.S_ISSOCK(mode) != (type == FilePermissions.S_IFSOCK)) Assert.Fail($"S_ISSOCK({mode:o})");
        }
    }

    [Test]
    public void ModeMacros_OnRealFiles()
    {
        using var dir = new TempDir();
        string file = dir.File("f");
        Assert.That(Os.S_ISREG(Os.Stat(file).Mode), Is.True);
        Assert.That(Os.S_ISDIR(Os.Stat(dir.Path).Mode), Is.True);
        Assert.That(Os.S_ISCHR(Os.Stat("/dev/null").Mode), Is.True);
        Assert.That(Os.S_ISDIR(Os.Stat(file).Mode), Is.False);
        Assert.That(Syscall.chmod(file, FilePermissions.S_IRUSR | FilePermissions.S_IWGRP | FilePermissions.S_ISUID), Is.EqualTo(0));
        Assert.That(Os.S_IMODE(Os.Stat(file).Mode), Is.EqualTo(0x800 | 0x100 | 0x10));
    }
}
