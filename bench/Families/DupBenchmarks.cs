using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using OsConformance.Reference;

namespace OsConformance.Bench;

/// <summary>
/// dup (with the close that must follow it) and dup2 onto a reserved fd number. The module makes every
/// fd close-on-exec, so the baselines are the calls the reference makes: fcntl(F_DUPFD_CLOEXEC) for
/// dup, dup3(O_CLOEXEC) for dup2 on Linux (dup2 + fcntl(F_SETFD) on macOS). .NET has no equivalent.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(JitJobConfig))]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class DupBenchmarks
{
    private int _fd, _target;

    [GlobalSetup]
    public void Setup()
    {
        _fd = Interop.Check(Interop.open("/dev/null", Interop.O_RDONLY | Interop.O_CLOEXEC, 0), "open");
        _target = Interop.Check(Interop.fcntl(_fd, Interop.F_DUPFD_CLOEXEC, 0), "fcntl"); // reserves the number dup2 reuses
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Interop.close(_target);
        Interop.close(_fd);
    }

    [BenchmarkCategory("dup+close"), Benchmark(Baseline = true)]
    public int DupClose_PInvoke()
    {
        int fd = Interop.Check(Interop.fcntl(_fd, Interop.F_DUPFD_CLOEXEC, 0), "fcntl");
        return Interop.close(fd);
    }

    [BenchmarkCategory("dup+close"), Benchmark]
    public int DupClose_Reference()
    {
        int fd = Os.Dup(_fd);
        Os.Close(fd);
        return fd;
    }

    [BenchmarkCategory("dup2"), Benchmark(Baseline = true)]
    public int Dup2_PInvoke()
    {
        if (Interop.IsLinux) return Interop.Check(Interop.dup3(_fd, _target, Interop.O_CLOEXEC), "dup3");
        int r = Interop.Check(Interop.dup2(_fd, _target), "dup2");
        return Interop.Check(Interop.fcntl(r, 2 /* F_SETFD */, 1 /* FD_CLOEXEC */), "fcntl");
    }

    [BenchmarkCategory("dup2"), Benchmark]
    public int Dup2_Reference() => Os.Dup2(_fd, _target);
}
