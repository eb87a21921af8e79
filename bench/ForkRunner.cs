using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace OsConformance.Bench;

/// <summary>
/// The fork families run outside BenchmarkDotNet's JIT process: Program calls this after the
/// BenchmarkDotNet run when the filter selects them. It publishes bench/ForkAot with NativeAOT into
/// .build/bench-fork and runs it, writing its Markdown and JSON next to BenchmarkDotNet's results.
/// </summary>
internal static class ForkRunner
{
    public static readonly string[] Names =
    [
        "OsConformance.Bench.ForkExitWaitBenchmarks.ForkExitWait_PInvoke",
        "OsConformance.Bench.ForkExitWaitBenchmarks.ForkExitWait_Reference",
        "OsConformance.Bench.ForkExecWaitBenchmarks.ForkExecWait_PInvoke",
        "OsConformance.Bench.ForkExecWaitBenchmarks.ForkExecWait_Reference",
        "OsConformance.Bench.ForkExecWaitBenchmarks.PosixSpawnWait_PInvoke",
        "OsConformance.Bench.ForkExecWaitBenchmarks.ProcessStart",
    ];

    /// <summary>True when a --filter glob (BenchmarkDotNet's syntax: * and ?) matches a fork benchmark.</summary>
    public static bool Selected(IReadOnlyList<string> args)
    {
        var globs = new List<string>();
        for (int i = 0; i < args.Count; i++)
        {
            if (args[i] is "--filter" or "-f")
                for (int k = i + 1; k < args.Count && !args[k].StartsWith('-'); k++) globs.Add(args[k]);
        }
        return globs.Any(g =>
        {
            var re = new Regex("^" + Regex.Escape(g).Replace(@"\*", ".*").Replace(@"\?", ".") + "$", RegexOptions.IgnoreCase);
            return Names.Any(n => re.IsMatch(n));
        });
    }

    public static int Run(bool smoke, string resultsDir)
    {
        string root = RepoRoot.Find();
        string outDir = Path.Combine(root, ".build", "bench-fork");
        string rid = (OperatingSystem.IsMacOS() ? "osx" : "linux") + "-" + RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant();
        Console.WriteLine($"// * Fork families: publishing bench/ForkAot (NativeAOT, {rid}) *");
        int rc = Exec("dotnet", ["publish", Path.Combine(root, "bench", "ForkAot", "OsConformance.Bench.ForkAot.csproj"),
            "-c", "Release", "-r", rid, "-o", outDir, "--nologo", "-v", "quiet", "-clp:ErrorsOnly"]);
        if (rc != 0) { Console.Error.WriteLine("bench: FAILED to publish bench/ForkAot"); return rc; }
        Directory.CreateDirectory(resultsDir);
        var args = new List<string>();
        if (smoke) args.Add("--smoke");
        args.AddRange(["--markdown", Path.Combine(resultsDir, "fork-report-github.md"), "--json", Path.Combine(resultsDir, "fork-report.json")]);
        Console.WriteLine("// * Fork families: running osc-bench-fork *");
        rc = Exec(Path.Combine(outDir, "osc-bench-fork"), args);
        if (rc != 0) Console.Error.WriteLine($"bench: FAILED osc-bench-fork (exit {rc})");
        return rc;
    }

    private static int Exec(string file, IEnumerable<string> args)
    {
        var psi = new ProcessStartInfo(file) { UseShellExecute = false, WorkingDirectory = Path.GetTempPath() };
        foreach (string a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        p.WaitForExit();
        return p.ExitCode;
    }
}
