using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace OsConformance.Bench;

/// <summary>Switches set by Program before BenchmarkSwitcher runs; the job configs below read them.</summary>
public static class BenchOptions
{
    /// <summary>--smoke: BenchmarkDotNet's Dry job (one launch, one iteration, one invocation, no warmup), in process:
    /// proves every benchmark builds and runs, measures nothing worth keeping.</summary>
    public static bool Smoke { get; set; }

    /// <summary>The smoke job runs in process (InProcessEmitToolchain): no generated project to build,
    /// so it stays within a few minutes even on a loaded 2-core machine.</summary>
    internal static Job BaseJob =>
        Smoke ? Job.Dry.WithToolchain(InProcessEmitToolchain.Instance)
        : Short ? Job.ShortRun
        : Job.Default;

    /// <summary>--short: BenchmarkDotNet's ShortRun job (1 launch, 3 warmups, 3 iterations): a quicker full set.</summary>
    public static bool Short { get; set; }
}

/// <summary>The syscall families that never fork: the ordinary JIT runtime.</summary>
public sealed class JitJobConfig : ManualConfig
{
    public JitJobConfig() => AddJob(BenchOptions.BaseJob.WithId(BenchOptions.Smoke ? "Dry" : BenchOptions.Short ? "ShortRun" : "JIT"));
}
