using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using OsConformance.Reference;

namespace OsConformance.Bench;

/// <summary>getpid and the other ids: the cheapest calls, so the purest measure of the binding's overhead.
/// Environment.ProcessId is cached by the runtime after its first call: it is listed to show what a
/// syscall-free answer costs, not as a like-for-like equivalent.</summary>
[MemoryDiagnoser]
[Config(typeof(JitJobConfig))]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class IdsBenchmarks
{
    [BenchmarkCategory("getpid"), Benchmark(Baseline = true)] public int GetPid_PInvoke() => Interop.getpid();
    [BenchmarkCategory("getpid"), Benchmark] public int GetPid_Reference() => Os.GetPid();
    [BenchmarkCategory("getpid"), Benchmark] public int GetPid_EnvironmentProcessId() => Environment.ProcessId;

    [BenchmarkCategory("getppid"), Benchmark(Baseline = true)] public int GetPpid_PInvoke() => Interop.getppid();
    [BenchmarkCategory("getppid"), Benchmark] public int GetPpid_Reference() => Os.GetPpid();

    [BenchmarkCategory("getuid"), Benchmark(Baseline = true)] public uint GetUid_PInvoke() => Interop.getuid();
    [BenchmarkCategory("getuid"), Benchmark] public int GetUid_Reference() => Os.GetUid();

    [BenchmarkCategory("geteuid"), Benchmark(Baseline = true)] public uint GetEuid_PInvoke() => Interop.geteuid();
    [BenchmarkCategory("geteuid"), Benchmark] public int GetEuid_Reference() => Os.GetEuid();

    [BenchmarkCategory("getgid"), Benchmark(Baseline = true)] public uint GetGid_PInvoke() => Interop.getgid();
    [BenchmarkCategory("getgid"), Benchmark] public int GetGid_Reference() => Os.GetGid();

    [BenchmarkCategory("getegid"), Benchmark(Baseline = true)] public uint GetEgid_PInvoke() => Interop.getegid();
    [BenchmarkCategory("getegid"), Benchmark] public int GetEgid_Reference() => Os.GetEgid();
}
