using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Environments;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.NativeAot;

namespace OsConformance.Bench;

/// <summary>Switches set by Program before BenchmarkSwitcher runs; the job configs below read them.</summary>
public static class BenchOptions
{
    /// <summary>--smoke: BenchmarkDotNet's Dry job (one launch, one iteration, one invocation, no warmup):
    /// proves every benchmark builds and runs, measures nothing worth keeping.</summary>
    public static bool Smoke { get; set; }

    internal static Job BaseJob => Smoke ? Job.Dry : Job.Default;
}

/// <summary>The syscall families that never fork: the ordinary JIT runtime.</summary>
public sealed class JitJobConfig : ManualConfig
{
    public JitJobConfig() => AddJob(BenchOptions.BaseJob.WithId(BenchOptions.Smoke ? "Dry" : "JIT"));
}

/// <summary>
/// The fork families: a NativeAOT-compiled benchmark process. A child forked from a JIT process that
/// runs managed code (as Os.Fork's child must: the return from fork and the call of _exit/execv are
/// managed) dies often; NativeAOT has no JIT and is what the reference harness ships as.
/// The ILCompiler is the SDK's own (PublishAot), not a nightly feed's.
/// </summary>
public sealed class NativeAotJobConfig : ManualConfig
{
    public NativeAotJobConfig() => AddJob(BenchOptions.BaseJob
        .WithRuntime(NativeAotRuntime.Net10_0)
        .WithToolchain(NativeAotToolchain.CreateBuilder()
            .UseNuGet("", "https://api.nuget.org/v3/index.json")
            .TargetFrameworkMoniker("net10.0")
            .DisplayName("NativeAOT")
            .ToToolchain())
        .WithId(BenchOptions.Smoke ? "Dry-NativeAOT" : "NativeAOT"));
}
