using System.CommandLine;
using OsConformance.Cli.Runner;
using OsConformance.Performance;
using OsConformance.Protocol;
using OsConformance.Suite.Infrastructure;

namespace OsConformance.Cli.Commands;

/// <summary><c>run</c>: runs the suite against a harness and writes the reports.</summary>
internal static class RunCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var harness = new Option<string>("--harness") { Description = "The harness command line, split like a POSIX shell (default: the reference harness, .build/harness/osc-harness)." };
        var outDir = new Option<string>("--out") { Description = "Output folder: results.json, junit.xml, summary.md, report.html, and work/ for case directories (default: ./results)." };
        var filter = new Option<string[]>("--filter") { Description = "Case id glob; * stays within a segment, ** crosses them. Repeatable (OR)." };
        var function = new Option<string[]>("--function") { Description = "Only cases of this documented function. Repeatable (OR)." };
        var tag = new Option<string[]>("--tag") { Description = "Only cases with this tag; !TAG excludes. Repeatable (OR; exclusions always apply)." };
        var workers = new Option<int?>("--workers") { Description = $"Cases run at once (default {RunOptions.DefaultWorkers})." };
        var timeout = new Option<double?>("--timeout") { Description = "Seconds each case has, harness included (default 10)." };
        var label = new Option<string>("--label") { Description = "Names this run in the reports (default <os>-<arch>-<root|user>)." };
        var expectations = new Option<string>("--expectations") { Description = "Expectations file of known failures (docs/reports.md): expected ones are xfail, passing ones xpass and fail the run." };
        var strict = new Option<bool>("--strict-expectations") { Description = "Fail the run when an expectations entry matches no case that ran." };
        var perf = new Option<bool>("--perf") { Description = "After the cases, time operations inside the harness with the protocol's repeat op and write the figures into results.json (docs/performance.md)." };
        var perfN = new Option<int?>("--perf-n") { Description = $"Calls per round for --perf (default {PerformanceOptions.DefaultN})." };
        var perfRounds = new Option<int?>("--perf-rounds") { Description = $"Rounds for --perf; each figure is the minimum over them (default {PerformanceOptions.DefaultRounds})." };

        var command = new Command("run", "Run the conformance cases against a harness and write the compatibility report.");
        foreach (var option in new Option[] { harness, outDir, filter, function, tag, workers, timeout, label, expectations, strict, perf, perfN, perfRounds })
            command.Options.Add(option);

        command.SetAction(parse =>
        {
            string? harnessText = parse.GetValue(harness);
            if (harnessText is null)
            {
                string? root = RepoRoot.Find();
                if (root is null)
                {
                    stderr.WriteLine("run: cannot find the os-conformance root for the default harness; set OSC_ROOT or pass --harness");
                    return SuiteRunner.Usage;
                }
                harnessText = Path.Combine(root, ".build", "harness", "osc-harness");
            }
            IReadOnlyList<string> words;
            try { words = ShellWords.Split(harnessText); }
            catch (FormatException e)
            {
                stderr.WriteLine($"run: --harness: {e.Message}");
                return SuiteRunner.Usage;
            }
            if (words.Count == 0)
            {
                stderr.WriteLine("run: --harness is empty");
                return SuiteRunner.Usage;
            }
            var functions = parse.GetValue(function) ?? [];
            foreach (var fn in functions.Where(f => !Functions.IsDocumented(f)))
            {
                stderr.WriteLine($"run: --function {fn}: not one of the documented functions");
                return SuiteRunner.Usage;
            }
            int? n = parse.GetValue(workers);
            if (n is < 1)
            {
                stderr.WriteLine("run: --workers must be at least 1");
                return SuiteRunner.Usage;
            }
            double? seconds = parse.GetValue(timeout);
            if (seconds is not null && (!(seconds > 0) || seconds > 3600))
            {
                stderr.WriteLine("run: --timeout must be a number of seconds in (0, 3600]");
                return SuiteRunner.Usage;
            }
            bool measure = parse.GetValue(perf);
            int? calls = parse.GetValue(perfN), rounds = parse.GetValue(perfRounds);
            if (!measure && (calls is not null || rounds is not null))
            {
                stderr.WriteLine($"run: {(calls is not null ? "--perf-n" : "--perf-rounds")} needs --perf");
                return SuiteRunner.Usage;
            }
            if (calls is < 1 or > 10_000_000 || rounds is < 1 or > 1000)
            {
                stderr.WriteLine("run: --perf-n must be in [1, 10000000] and --perf-rounds in [1, 1000]");
                return SuiteRunner.Usage;
            }
            OsConformance.Reports.ExpectationsFile? known = null;
            if (parse.GetValue(expectations) is { } expectationsPath)
            {
                try { known = OsConformance.Reports.Expectations.Read(expectationsPath); }
                catch (OsConformance.Reports.ResultsFormatException e)
                {
                    stderr.WriteLine($"run: --expectations: {e.Message}");
                    return SuiteRunner.Usage;
                }
            }
            var options = new RunOptions
            {
                Harness = words,
                HarnessText = harnessText,
                OutDir = parse.GetValue(outDir) ?? "results",
                Filters = parse.GetValue(filter) ?? [],
                Functions = functions,
                Tags = parse.GetValue(tag) ?? [],
                Workers = n ?? RunOptions.DefaultWorkers,
                Timeout = TimeSpan.FromSeconds(seconds ?? 10),
                Label = parse.GetValue(label),
                Expectations = known,
                StrictExpectations = parse.GetValue(strict),
                Perf = measure,
                PerfN = calls ?? PerformanceOptions.DefaultN,
                PerfRounds = rounds ?? PerformanceOptions.DefaultRounds,
            };
            return SuiteRunner.Run(options, stdout, stderr).ExitCode;
        });
        return command;
    }
}
