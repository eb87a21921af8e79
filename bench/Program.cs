using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Exporters.Json;
using BenchmarkDotNet.Running;

namespace OsConformance.Bench;

/// <summary>
/// dotnet run -c Release --project bench -- --filter '*'            every family (docs/performance.md); the fork
///                                                                  families run as a NativeAOT program (ForkRunner)
/// dotnet run -c Release --project bench -- --smoke --filter '*'    CI: BenchmarkDotNet's Dry job, in process
/// dotnet run -c Release --project bench -- --short --filter '*'    ShortRun job instead of the default job
/// dotnet run -c Release --project bench -- harness [--harness "CMD ARGS"]...   in-harness timing (repeat op)
/// Any other arguments go to BenchmarkDotNet (--filter, --list flat, --exporters, ...).
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "harness")
            return HarnessTiming.Run(args[1..]);

        var rest = new List<string>();
        foreach (string a in args)
        {
            if (a == "--smoke") BenchOptions.Smoke = true;
            else if (a == "--short") BenchOptions.Short = true;
            else rest.Add(a);
        }

        string artifacts = Path.Combine(RepoRoot.Find(), "bench", "BenchmarkDotNet.Artifacts", BenchOptions.Smoke ? "smoke" : BenchOptions.Short ? "short" : "full");
        var config = DefaultConfig.Instance
            .AddExporter(JsonExporter.Full) // DefaultConfig already has GitHub Markdown (and CSV, HTML)
            .WithBuildTimeout(TimeSpan.FromMinutes(20)) // the generated project builds slowly on a loaded 2-core machine
            .WithArtifactsPath(artifacts);

        var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(rest.ToArray(), config);
        bool failed = false;
        foreach (var s in summaries)
        {
            foreach (var r in s.Reports)
                if (!r.Success) { failed = true; Console.Error.WriteLine($"bench: FAILED {r.BenchmarkCase.DisplayInfo}"); }
            if (s.HasCriticalValidationErrors) failed = true;
        }
        // The fork families: a NativeAOT program of their own (ForkRunner), never forked from this JIT process.
        if (ForkRunner.Selected(rest) && ForkRunner.Run(BenchOptions.Smoke, Path.Combine(artifacts, "results")) != 0)
            failed = true;
        return failed ? 1 : 0;
    }
}

internal static class RepoRoot
{
    /// <summary>OSC_ROOT, else the nearest directory above the working directory or the binary that holds global.json and bench/.</summary>
    public static string Find()
    {
        if (Environment.GetEnvironmentVariable("OSC_ROOT") is { Length: > 0 } env) return env;
        foreach (string start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var d = new DirectoryInfo(start); d is not null; d = d.Parent)
                if (File.Exists(Path.Combine(d.FullName, "global.json")) && Directory.Exists(Path.Combine(d.FullName, "bench")))
                    return d.FullName;
        }
        return Directory.GetCurrentDirectory();
    }
}
