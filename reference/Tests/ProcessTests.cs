using System.Runtime.InteropServices;
using Mono.Unix.Native;
using NUnit.Framework;
using static OsConformance.Reference.Tests.TestSupport;

namespace OsConformance.Reference.Tests;

// No fork, exit, _exit, abort, setsid or successful exec here: the JIT test host must survive.
// Every exec below fails by construction (missing files, or files without any execute bit,
// which even root cannot run). The rest is tested through the NativeAOT harness.
[NonParallelizable]
public class ProcessTests
{
    [SetUp] public void Linux() => RequireLinux();

    [TestCase(4), TestCase(0x20), TestCase(0x1000000), TestCase(-1), TestCase(0x40000000)]
    public void WaitPid_OtherOptionBits_AreOutOfRange(int options) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Os.WaitPid(-1, options));

    [Test]
    public void WaitPid_NotAChild_IsECHILD()
    {
        var e = ThrowsOs("ECHILD", () => Os.WaitPid(Os.GetPpid()));
        Assert.That(e.Syscall, Is.EqualTo("waitpid"));
        ThrowsOs("ECHILD", () => Os.WaitPid(1, Os.WNOHANG | Os.WUNTRACED | Os.WCONTINUED));
    }

    [Test]
    public void WaitPid_ReapsAnExitedChild_WithItsStatus()
    {
        int pid = Spawn("/bin/sh", "-c", "exit 3");
        var r = Os.WaitPid(pid);
        Assert.That(r.Pid, Is.EqualTo(pid));
        Assert.That(Syscall.WIFEXITED(r.Status) && Syscall.WEXITSTATUS(r.Status) == 3, Is.True, $"raw status {r.Status}");
        ThrowsOs("ECHILD", () => Os.WaitPid(pid)); // reaped: no longer a child
    }

    [Test]
    public void WaitPid_WNOHANG_WhileTheChildRuns_IsPidZero_ThenTheSignal()
    {
        int pid = Spawn("/bin/sleep", "30");
        try
        {
            Assert.That(Os.WaitPid(pid, Os.WNOHANG), Is.EqualTo(new WaitResult(0, 0)));
        }
        finally
        {
            Assert.That(Syscall.kill(pid, Signum.SIGKILL), Is.Zero);
        }
        var r = Os.WaitPid(pid);
        Assert.That(r.Pid, Is.EqualTo(pid));
        Assert.That(Syscall.WIFSIGNALED(r.Status), Is.True, $"raw status {r.Status}");
        Assert.That(Syscall.WTERMSIG(r.Status), Is.EqualTo(Signum.SIGKILL));
    }

    [Test]
    public void Execv_Missing_IsENOENT()
    {
        using var dir = new TempDir();
        var e = ThrowsOs("ENOENT", () => Os.Execv(dir["missing"]));
        Assert.That(e.Syscall, Is.EqualTo("execv"));
        Assert.That(e.Path, Is.EqualTo(dir["missing"]));
        var e2 = ThrowsOs("ENOENT", () => Os.Execve(dir["missing"], ["x"], new Dictionary<string, string> { ["A"] = "1" }));
        Assert.That(e2.Syscall, Is.EqualTo("execve"));
    }

    [Test]
    public void Execv_NotExecutable_IsEACCES()
    {
        using var dir = new TempDir();
        string f = dir.File("noexec", "#!/bin/sh\nexit 0\n");
        Assert.That(Syscall.chmod(f, FilePermissions.S_IRUSR | FilePermissions.S_IWUSR), Is.EqualTo(0));
        ThrowsOs("EACCES", () => Os.Execv(f));
        ThrowsOs("EACCES", () => Os.Execve(f, null, new Dictionary<string, string>()));
        ThrowsOs("EACCES", () => Os.Execv(dir.Path));
    }

    [Test]
    public void Exec_BadArguments_AreRejectedBeforeAnySyscall()
    {
        using var dir = new TempDir();
        Assert.Throws<ArgumentException>(() => Os.Execv(dir["x"], ["a\0b"]));
        Assert.Throws<ArgumentNullException>(() => Os.Execv(dir["x"], ["a", null!]));
        Assert.Throws<ArgumentException>(() => Os.Execve(dir["x"], null, new Dictionary<string, string> { ["K"] = "v\0" }));
        Assert.Throws<ArgumentException>(() => Os.Execvp("a\0b"));
        Assert.Throws<ArgumentNullException>(() => Os.Execv(null!));
    }

    /// <summary>Runs body with the C environment's PATH set (or unset) and the cwd moved, then restores both.</summary>
    private static void WithPathAndCwd(string? path, string cwd, Action body)
    {
        IntPtr old = getenv("PATH");
        string? saved = old == IntPtr.Zero ? null : Marshal.PtrToStringUTF8(old);
        string savedCwd = Directory.GetCurrentDirectory();
        try
        {
            Assert.That(path is null ? unsetenv("PATH") : setenv("PATH", path, 1), Is.EqualTo(0));
            Directory.SetCurrentDirectory(cwd);
            body();
        }
        finally
        {
            Directory.SetCurrentDirectory(savedCwd);
            if (saved is null) unsetenv("PATH"); else setenv("PATH", saved, 1);
        }
    }

    private static string NoExec(string dir, string name)
    {
        string f = Path.Combine(dir, name);
        File.WriteAllText(f, "#!/bin/sh\nexit 0\n");
        Assert.That(Syscall.chmod(f, FilePermissions.S_IRUSR | FilePermissions.S_IWUSR), Is.EqualTo(0));
        return f;
    }

    [Test]
    public void Execvp_NothingFound_IsENOENT()
    {
        using var dir = new TempDir();
        WithPathAndCwd($"{dir["a"]}:{dir["b"]}", dir.Path, () =>
        {
            var e = ThrowsOs("ENOENT", () => Os.Execvp("osc-no-such-program"));
            Assert.That(e.Syscall, Is.EqualTo("execvp"));
            Assert.That(e.Path, Is.EqualTo("osc-no-such-program"));
            ThrowsOs("ENOENT", () => Os.Execvpe("osc-no-such-program", null, new Dictionary<string, string>()));
            ThrowsOs("ENOENT", () => Os.Execvp(""));
        });
    }

    [Test]
    public void Execvp_SearchesTheCallersPath_FoundButNotExecutable_IsEACCES()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir["bin"]);
        NoExec(dir["bin"], "osc-probe");
        WithPathAndCwd($"/nonexistent-osc:{dir["bin"]}", "/", () =>
        {
            ThrowsOs("EACCES", () => Os.Execvp("osc-probe"));
            // envp describes only the new program: a PATH inside it is not searched.
            var e = ThrowsOs("EACCES", () => Os.Execvpe("osc-probe", null, new Dictionary<string, string> { ["PATH"] = "/nonexistent-osc" }));
            Assert.That(e.Syscall, Is.EqualTo("execvpe"));
        });
        WithPathAndCwd("/nonexistent-osc", "/", () =>
            ThrowsOs("ENOENT", () => Os.Execvpe("osc-probe", null, new Dictionary<string, string> { ["PATH"] = dir["bin"] })));
    }

    [Test]
    public void Execvp_EmptyPathEntry_IsTheCurrentDirectory()
    {
        using var dir = new TempDir();
        NoExec(dir.Path, "osc-probe");
        WithPathAndCwd("/nonexistent-osc:", dir.Path, () => ThrowsOs("EACCES", () => Os.Execvp("osc-probe")));
        WithPathAndCwd("/nonexistent-osc", dir.Path, () => ThrowsOs("ENOENT", () => Os.Execvp("osc-probe")));
    }

    [Test]
    public void Execvp_NoPath_SearchesTheCurrentDirectory()
    {
        using var dir = new TempDir();
        NoExec(dir.Path, "osc-probe");
        WithPathAndCwd(null, dir.Path, () => ThrowsOs("EACCES", () => Os.Execvp("osc-probe")));
        using var empty = new TempDir();
        WithPathAndCwd(null, empty.Path, () => ThrowsOs("ENOENT", () => Os.Execvp("osc-probe")));
    }

    [Test]
    public void Execvp_FileWithSlash_IsNotSearched()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir["bin/sub"]);
        NoExec(dir["bin/sub"], "osc-probe");
        using var cwd = new TempDir();
        // Searched, bin/sub/osc-probe would be found (EACCES); unsearched, ./sub/osc-probe is missing.
        WithPathAndCwd(dir["bin"], cwd.Path, () => ThrowsOs("ENOENT", () => Os.Execvp("sub/osc-probe")));
        WithPathAndCwd("/nonexistent-osc", dir["bin"], () => ThrowsOs("EACCES", () => Os.Execvp("sub/osc-probe")));
    }

    [Test]
    public void Execvp_AnErrorOtherThanNotFound_EndsTheSearch()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir["a"]);
        Directory.CreateDirectory(dir["b"]);
        // a/osc-probe can be run, but one argument is longer than the kernel takes (MAX_ARG_STRLEN, 128 KiB):
        // E2BIG. If exec ever got past that, the missing interpreter would make it fail (ENOENT) all the same.
        string probe = Path.Combine(dir["a"], "osc-probe");
        File.WriteAllText(probe, "#!/nonexistent-osc/interpreter\n");
        Assert.That(Syscall.chmod(probe, FilePermissions.S_IRWXU), Is.EqualTo(0));
        NoExec(dir["b"], "osc-probe");
        string tooLong = new('x', 256 * 1024);
        WithPathAndCwd($"/nonexistent-osc:{dir["a"]}:{dir["b"]}", "/", () =>
        {
            // Not EACCES from b/osc-probe: the search stopped at a.
            var e = ThrowsOs("E2BIG", () => Os.Execvp("osc-probe", ["osc-probe", tooLong]));
            Assert.That(e.Syscall, Is.EqualTo("execvp"));
            Assert.That(e.Path, Is.EqualTo("osc-probe"));
        });
    }

    [Test]
    public void Execvp_ThroughAFileInPath_KeepsSearching()
    {
        using var dir = new TempDir();
        string file = dir.File("plain");
        Directory.CreateDirectory(dir["bin"]);
        NoExec(dir["bin"], "osc-probe");
        // plain/osc-probe is ENOTDIR: the search goes on and finds bin/osc-probe.
        WithPathAndCwd($"{file}:{dir["bin"]}", "/", () => ThrowsOs("EACCES", () => Os.Execvp("osc-probe")));
    }
}

public class NativeLibraryTests
{
    [Test]
    public void Libc_ResolvesThroughTheResolver()
    {
        IntPtr viaResolver = NativeLibrary.Load(Interop.Libraries.Libc, typeof(Os).Assembly, null);
        Assert.That(viaResolver, Is.EqualTo(Interop.LibcHandle));
        Assert.That(NativeLibrary.TryGetExport(viaResolver, "getpid", out _), Is.True);
    }

    [Test]
    public void Libc_OnGlibc_IsTheSoname()
    {
        Assume.That(OperatingSystem.IsLinux() && File.Exists("/proc/self/maps"));
        Assume.That(NativeLibrary.TryLoad("libc.so.6", out IntPtr glibc), Is.True, "glibc or a musl that answers to libc.so.6");
        Assert.That(Interop.LibcCandidates()[0], Is.EqualTo("libc.so.6"));
        Assert.That(Interop.LibcHandle, Is.EqualTo(glibc));
    }

    [Test]
    public void Syscalls_GoToTheProcessLibc()
    {
        // getpid through the library equals the runtime's own view: the same C library answered.
        Assert.That(Os.GetPid(), Is.EqualTo(Environment.ProcessId));
    }
}
