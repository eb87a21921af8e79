using BenchmarkDotNet.Attributes;
using OsConformance.Reference;

namespace OsConformance.Bench;

/// <summary>open a regular file read-only (close-on-exec, as the module always does) and close it.</summary>
[MemoryDiagnoser]
[Config(typeof(JitJobConfig))]
public class OpenCloseBenchmarks
{
    private Fixture _fixture = null!;
    private string _path = null!;

    [GlobalSetup]
    public void Setup()
    {
        _fixture = new Fixture();
        _path = _fixture.File("open.txt", 64);
    }

    [GlobalCleanup] public void Cleanup() => _fixture.Dispose();

    [Benchmark(Baseline = true)]
    public int OpenClose_PInvoke()
    {
        int fd = Interop.Check(Interop.open(_path, Interop.O_RDONLY | Interop.O_CLOEXEC, 0), "open");
        return Interop.close(fd);
    }

    [Benchmark]
    public int OpenClose_Reference()
    {
        int fd = Os.Open(_path, "r");
        Os.Close(fd);
        return fd;
    }

    /// <summary>The BCL's thinnest open: a SafeFileHandle (it also fstat()s the file, and flock()s for FileShare).</summary>
    [Benchmark]
    public bool OpenClose_FileOpenHandle()
    {
        using var h = File.OpenHandle(_path, FileMode.Open, FileAccess.Read);
        return h.IsInvalid;
    }
}
