using BenchmarkDotNet.Attributes;
using OsConformance.Reference;

namespace OsConformance.Bench;

/// <summary>
/// stat of a regular file. The baseline makes the call the reference makes (statx on Linux asking
/// for the basic stats and the birth time; stat on macOS) into a stack buffer and decodes nothing.
/// The reference returns a StatResult: its allocation is the object that os.stat must return.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(JitJobConfig))]
public class StatBenchmarks
{
    private Fixture _fixture = null!;
    private string _path = null!;

    [GlobalSetup]
    public void Setup()
    {
        _fixture = new Fixture();
        _path = _fixture.File("stat.txt", 64);
    }

    [GlobalCleanup] public void Cleanup() => _fixture.Dispose();

    [Benchmark(Baseline = true)]
    public unsafe int Stat_PInvoke()
    {
        byte* buf = stackalloc byte[Interop.StatxSize];
        int r = Interop.IsLinux
            ? Interop.statx(Interop.AT_FDCWD, _path, 0, Interop.STATX_BASIC_STATS | Interop.STATX_BTIME, buf)
            : Interop.stat(_path, buf);
        return Interop.Check(r, "stat");
    }

    [Benchmark]
    public long Stat_Reference() => Os.Stat(_path).Size;

    /// <summary>The BCL's stat-backed query (FileStatus: one lstat, and a stat only for a symlink).</summary>
    [Benchmark]
    public DateTime Stat_FileGetLastWriteTimeUtc() => File.GetLastWriteTimeUtc(_path);
}
