using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using BenchmarkDotNet.Attributes;
using OsConformance.Reference;

namespace OsConformance.Bench;

/// <summary>
/// The fork families run in a NativeAOT benchmark process (NativeAotJobConfig): the child of
/// Os.Fork runs managed code before it reaches _exit/execv, which is unsafe under the JIT runtime.
/// Each refuses to run in a JIT process rather than fork there.
/// </summary>
public abstract class ForkFamily
{
    protected static void RequireNativeAot()
    {
        if (RuntimeFeature.IsDynamicCodeSupported)
            throw new InvalidOperationException(
                "the fork benchmarks fork and run managed code in the child: they run only in the NativeAOT job (NativeAotJobConfig), never under the JIT");
    }

    protected static unsafe int Wait(int pid)
    {
        int status;
        int r;
        do r = Interop.waitpid(pid, &status, 0);
        while (r < 0 && Marshal.GetLastPInvokeError() == 4 /* EINTR */);
        Interop.Check(r, "waitpid");
        return status;
    }
}

/// <summary>fork, the child _exits at once with status 0, the parent waits for it.</summary>
[MemoryDiagnoser]
[Config(typeof(NativeAotJobConfig))]
public class ForkExitWaitBenchmarks : ForkFamily
{
    [GlobalSetup] public void Setup() => RequireNativeAot();

    [Benchmark(Baseline = true)]
    public int ForkExitWait_PInvoke()
    {
        int pid = Interop.Check(Interop.fork(), "fork");
        if (pid == 0) Interop._exit(0);
        return Wait(pid);
    }

    [Benchmark]
    public int ForkExitWait_Reference()
    {
        int pid = Os.Fork();
        if (pid == 0) Os._Exit(0);
        return Os.WaitPid(pid).Status;
    }
}

/// <summary>
/// fork, the child execs a trivial program (/bin/true, /usr/bin/true on macOS), the parent waits.
/// Process.Start is the BCL's way to run a program (vfork/fork+exec in native code, plus a pipe
/// to learn whether exec failed, and a SIGCHLD-driven reaper). posix_spawn is listed too: the
/// child runs only libc code (glibc uses clone(CLONE_VM|CLONE_VFORK)).
/// </summary>
[MemoryDiagnoser]
[Config(typeof(NativeAotJobConfig))]
public unsafe class ForkExecWaitBenchmarks : ForkFamily
{
    private string _true = null!;
    private string[] _args = null!;
    private byte* _path;
    private byte** _argv;

    [GlobalSetup]
    public void Setup()
    {
        RequireNativeAot();
        _true = File.Exists("/bin/true") ? "/bin/true" : "/usr/bin/true";
        _args = [_true];
        _path = (byte*)Marshal.StringToCoTaskMemUTF8(_true);
        _argv = (byte**)NativeMemory.AllocZeroed(2, (nuint)sizeof(byte*));
        _argv[0] = _path;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        NativeMemory.Free(_argv);
        Marshal.FreeCoTaskMem((IntPtr)_path);
    }

    [Benchmark(Baseline = true)]
    public int ForkExecWait_PInvoke()
    {
        int pid = Interop.Check(Interop.fork(), "fork");
        if (pid == 0)
        {
            Interop.execv(_path, _argv);
            Interop._exit(127);
        }
        return Wait(pid);
    }

    [Benchmark]
    public int ForkExecWait_Reference()
    {
        int pid = Os.Fork();
        if (pid == 0)
        {
            try { Os.Execv(_true, _args); }
            finally { Os._Exit(127); }
        }
        return Os.WaitPid(pid).Status;
    }

    [Benchmark]
    public int PosixSpawnWait_PInvoke()
    {
        int pid;
        int err = Interop.posix_spawn(&pid, _path, null, null, _argv, null);
        if (err != 0) throw new InvalidOperationException($"posix_spawn failed: errno {err}");
        return Wait(pid);
    }

    [Benchmark]
    public int ProcessStart()
    {
        using var p = Process.Start(new ProcessStartInfo(_true) { UseShellExecute = false })!;
        p.WaitForExit();
        return p.ExitCode;
    }
}
