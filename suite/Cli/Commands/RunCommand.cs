using System.CommandLine;
using OsConformance.Cli.Runner;
using OsConformance.Performance;
using OsConformance.Reports;
using OsConformance.Suite.Infrastructure;

namespace OsConformance.Cli.Commands;

/// <summary><c>run</c>: runs the suite against a harness and writes the reports.</summary>
internal static class RunCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var harness = new HarnessArgs();
        var outDir = new Option<string>("--out") { Description = "Output folder: results.json, junit.xml, summary.md, report.html, and work/ for case directories (default: ./results; with --rerun-failed, the earlier run's folder with -rerun after it)." };
        var cases = new CaseOptions();
        var rerunFailed = new Option<string>("--rerun-failed") { Description = "Rerun only the cases that did not pass (fail, broken, crashed, timeout, xpass) in this earlier results.json, with its harness unless one is given; the filters above narrow it further." };
        var workers = new Option<int?>("--workers") { Description = $"Cases run at once (default {RunOptions.DefaultWorkers})." };
        var timeout = new Option<double?>("--timeout") { Description = "Seconds each case has, harness included (default 10)." };
        var label = new Option<string>("--label") { Description = "Names this run in the reports (default <os>-<arch>-<root|user>)." };
        var expectations = new Option<string>("--expectations") { Description = "Expectations file of known failures (docs/reports.md): expected ones are xfail, passing ones xpass and fail the run." };
        var strict = new Option<bool>("--strict-expectations") { Description = "Fail the run when an expectations entry matches no case that ran." };
        var perf = new Option<bool>("--perf") { Description = "After the cases, time operations inside the harness with the protocol's repeat op and write the figures into results.json (docs/performance.md)." };
        var perfN = new Option<int?>("--perf-n") { Description = $"Calls per round for --perf (default {PerformanceOptions.DefaultN})." };
        var perfRounds = new Option<int?>("--perf-rounds") { Description = $"Rounds for --perf; each figure is the minimum over them (default {PerformanceOptions.DefaultRounds})." };

        var command = new Command("run", "Run the conformance cases against a harness and write the compatibility report.");
        harness.AddTo(command);
        command.Options.Add(outDir);
        cases.AddTo(command);
        foreach (var option in new Option[] { rerunFailed, workers, timeout, label, expectations, strict, perf, perfN, perfRounds })
            command.Options.Add(option);
        command.Exits(("0", "nothing unexpected (also: --rerun-failed found nothing to rerun)"),
            ("1", "conformance failures: a case fail, broken, crashed, timeout or xpass, or with --strict-expectations an unused entry"),
            CommandHelp.Usage("a filter matching no case, an unusable --out, an unreadable --expectations or --rerun-failed file"),
            ("3", "infrastructure failure: the harness did not start or speaks another protocol, an oracle library cannot load, the reports could not be written"),
            ("130/143", "interrupted by SIGINT/SIGTERM: every harness killed, --out left as it was"));

        command.SetAction(parse =>
        {
            if (!harness.TryRead(parse, "run", stderr, out string? harnessText))
                return SuiteRunner.Usage;
            RerunDesc? rerun = null;
            string? rerunOut = null, rerunning = null;
            if (parse.GetValue(rerunFailed) is { } previousPath)
            {
                RunResults previous;
                try { (rerun, previous) = RerunFailed.Plan(previousPath); }
                catch (ResultsFormatException e)
                {
                    stderr.WriteLine($"run: --rerun-failed: {e.Message}");
                    return SuiteRunner.Usage;
                }
                if (rerun.Ids.Count == 0)
                {
                    stdout.WriteLine($"run: nothing to rerun: no case of {previousPath} ({previous.Cases.Count} cases) ended {string.Join(", ", rerun.Statuses.Select(x => x.ToWire()))}");
                    return SuiteRunner.Ok;
                }
                harnessText ??= previous.Harness; // the implementation that failed them
                rerunOut = RerunFailed.DefaultOut(previousPath);
                rerunning = $"run: rerunning the {rerun.Ids.Count} case(s) that did not pass in {previousPath} ({RerunFailed.Describe(previous)})";
            }
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
            if (!HarnessArgs.TrySplit(harnessText, "run", stderr, out var words))
                return SuiteRunner.Usage;
            string outPath = parse.GetValue(outDir) ?? rerunOut ?? "results";
            if (rerun is not null && Path.GetFullPath(outPath).TrimEnd('/') == Path.GetDirectoryName(rerun.Of))
            {
                stderr.WriteLine($"run: --out {outPath} holds the results.json being rerun; a rerun goes to its own folder (default {rerunOut})");
                return SuiteRunner.Usage;
            }
            if (rerunning is not null)
                stdout.WriteLine(rerunning); // once its folder is settled
            var (filters, functions, tags) = cases.Read(parse);
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
            ExpectationsFile? known = null;
            if (parse.GetValue(expectations) is { } expectationsPath)
            {
                try { known = Expectations.Read(expectationsPath); }
                catch (ResultsFormatException e)
                {
                    stderr.WriteLine($"run: --expectations: {e.Message}");
                    return SuiteRunner.Usage;
                }
            }
            var options = new RunOptions
            {
                Harness = words,
                HarnessText = harnessText,
                OutDir = outPath,
                Filters = filters,
                Functions = functions,
                Tags = tags,
                Workers = n ?? RunOptions.DefaultWorkers,
                Timeout = TimeSpan.FromSeconds(seconds ?? 10),
                Label = parse.GetValue(label),
                Expectations = known,
                StrictExpectations = parse.GetValue(strict),
                Perf = measure,
                PerfN = calls ?? PerformanceOptions.DefaultN,
                PerfRounds = rounds ?? PerformanceOptions.DefaultRounds,
                Rerun = rerun,
            };
            return SuiteRunner.Run(options, stdout, stderr).ExitCode;
        });
        return command;
    }
}
