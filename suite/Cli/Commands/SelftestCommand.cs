using System.CommandLine;
using System.Diagnostics;
using OsConformance.Cli.Runner;
using OsConformance.Reports;
using OsConformance.SelfTest;
using OsConformance.Suite.Infrastructure;

namespace OsConformance.Cli.Commands;

/// <summary><c>selftest</c>: the suite against the fault catalogue of the faulty harness (docs/selftest.md).</summary>
internal static class SelftestCommand
{
    /// <summary>The kill rate the whole catalogue must reach.</summary>
    public const double Goal = 0.97;

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var subset = new Option<string>("--subset") { Description = "full (default: the whole catalogue, rewrites docs/selftest.md and docs/selftest.json) or ci (the fixed CI sample)." };
        var fault = new Option<string[]>("--fault") { Description = "Only this fault id (repeatable); writes only to --out." };
        var outDir = new Option<string>("--out") { Description = "Folder for selftest.md, selftest.json and each fault's run (default out/selftest)." };
        var workers = new Option<int?>("--workers") { Description = $"Cases run at once (default {RunOptions.DefaultWorkers})." };
        var render = new Option<bool>("--render") { Description = "Run nothing: re-render docs/selftest.md from docs/selftest.json with the current answers (docs/selftest-answers.json)." };
        var timeout = new Option<double?>("--timeout") { Description = "Seconds each case has (default 20: the machine may be shared)." };
        var command = new Command("selftest", "Run the suite against a catalogue of faulty implementations and report how many faults it catches.");
        foreach (var option in new Option[] { subset, fault, outDir, workers, timeout, render })
            command.Options.Add(option);
        command.Exits(("0", $"the whole catalogue reached a kill rate of {Goal:P0} with every survivor answered; a subset or --fault: every fault caught"),
            ("1", "below that, or the faulty harness could not list its faults"),
            CommandHelp.Usage("an unknown --fault or --subset, the faulty harness not built, --render without docs/selftest.json"));
        command.SetAction(parse => parse.GetValue(render) ? Render(stdout, stderr) : Run(parse.GetValue(subset) ?? "full", parse.GetValue(fault) ?? [], parse.GetValue(outDir) ?? Path.Combine("out", "selftest"),
            parse.GetValue(workers), parse.GetValue(timeout), stdout, stderr));
        return command;
    }

    /// <summary>selftest --render: docs/selftest.md again from docs/selftest.json, with the answers as they are now.</summary>
    public static int Render(TextWriter stdout, TextWriter stderr)
    {
        string? root = RepoRoot.Find();
        string? json = root is null ? null : Path.Combine(root, SelfTestReport.JsonPath);
        if (json is null || !File.Exists(json))
        {
            stderr.WriteLine($"selftest: --render needs {SelfTestReport.JsonPath}; run ./os-conformance selftest first");
            return SuiteRunner.Usage;
        }
        string text = File.ReadAllText(json);
        var result = SelfTestResults.Read(text, SelfTestResults.ReadAnswers(Path.Combine(root!, SelfTestReport.AnswersPath)));
        string platform = System.Text.Json.JsonDocument.Parse(text).RootElement.GetProperty("platform").GetString()!;
        Write(Path.Combine(root!, SelfTestReport.MarkdownPath), SelfTestReport.Markdown(result, platform, "./os-conformance selftest"));
        stdout.WriteLine($"selftest: re-rendered {SelfTestReport.MarkdownPath}: {SelfTestReport.Summary(result)}");
        return Passes(result, full: true) ? SuiteRunner.Ok : SuiteRunner.Unexpected;
    }

    // The whole catalogue must reach the goal with every survivor answered; a subset, every fault caught.
    private static bool Passes(SelfTestResult result, bool full) => full
        ? result.KillRate >= Goal && !result.Unanswered.Any()
        : !result.Survivors.Any();

    public static int Run(string subset, IReadOnlyList<string> only, string outDir, int? workers, double? timeout, TextWriter stdout, TextWriter stderr)
    {
        if (subset is not ("full" or "ci"))
        {
            stderr.WriteLine($"selftest: --subset must be full or ci, not {subset}");
            return SuiteRunner.Usage;
        }
        if (workers is < 1 || timeout is not null && (!(timeout > 0) || timeout > 3600))
        {
            stderr.WriteLine("selftest: --workers must be at least 1 and --timeout in (0, 3600]");
            return SuiteRunner.Usage;
        }
        string? root = RepoRoot.Find();
        string? proxy = root is null ? null : Path.Combine(root, ".build", "faulty-harness", "osc-faulty-harness");
        if (proxy is null || !File.Exists(proxy))
        {
            stderr.WriteLine("selftest: the faulty harness is not built; run ./os-conformance selftest, which builds .build/faulty-harness");
            return SuiteRunner.Usage;
        }

        IReadOnlyList<FaultInfo> catalogue;
        try { catalogue = FaultInfo.ParseList(List(proxy)); }
        catch (Exception e)
        {
            stderr.WriteLine($"selftest: {proxy} --list failed: {e.Message}");
            return SuiteRunner.Unexpected;
        }
        var unknown = only.Where(id => catalogue.All(f => f.Id != id)).ToList();
        if (unknown.Count > 0)
        {
            stderr.WriteLine($"selftest: no such fault: {string.Join(", ", unknown)}");
            return SuiteRunner.Usage;
        }
        var answers = SelfTestResults.ReadAnswers(Path.Combine(root!, SelfTestReport.AnswersPath));
        catalogue = catalogue.Select(f => answers.TryGetValue(f.Id, out var a) ? f with { Answer = a } : f).ToList();
        var faults = only.Count > 0 ? catalogue.Where(f => only.Contains(f.Id)).ToList()
            : subset == "ci" ? catalogue.Where(f => f.Ci).ToList() : catalogue.ToList();
        var cases = CaseCatalog.Load().Where(e => e.Meta is not null && e.Runnable).Select(e => e.Meta!).ToList();

        string outFull = Path.GetFullPath(outDir);
        int runs = 0;
        IReadOnlyDictionary<string, string> RunCases(string faultId, IReadOnlyList<string> ids)
        {
            var options = new RunOptions
            {
                Harness = [proxy, "--fault", faultId],
                HarnessText = $"{proxy} --fault {faultId}",
                OutDir = Path.Combine(outFull, "runs", $"{runs++:000}"),
                Filters = ids,
                Workers = workers ?? RunOptions.DefaultWorkers,
                Timeout = TimeSpan.FromSeconds(timeout ?? 20),
                Tty = false,
            };
            var errors = new StringWriter();
            var outcome = SuiteRunner.Run(options, TextWriter.Null, errors);
            // A run that made no results (a usage or infrastructure failure) would read as "nothing passed": say why.
            if (outcome.Results is null)
                stderr.WriteLine($"selftest: the run for {faultId} ({ids.Count} cases) made no results: {errors.ToString().Trim()}");
            return outcome.Results?.Cases.ToDictionary(c => c.Id, c => c.Status.ToWire()) ?? new Dictionary<string, string>();
        }

        var result = SelfTestRun.Run(only.Count > 0 ? "faults" : subset, faults, cases, RunCases, stdout);
        string platform = $"{OperatingSystem.IsLinux() switch { true => "linux", _ => "macos" }}-{System.Runtime.InteropServices.RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant()}-{(Posix.IsRoot ? "root" : "user")}";
        string commandText = "./os-conformance selftest" + (only.Count > 0 ? string.Concat(only.Select(f => " --fault " + f)) : subset == "ci" ? " --subset ci" : "");
        Directory.CreateDirectory(outFull);
        Write(Path.Combine(outFull, "selftest.md"), SelfTestReport.Markdown(result, platform, commandText));
        Write(Path.Combine(outFull, "selftest.json"), SelfTestReport.Json(result, platform));
        if (subset == "full" && only.Count == 0)
        {
            Write(Path.Combine(root!, SelfTestReport.MarkdownPath), SelfTestReport.Markdown(result, platform, commandText));
            Write(Path.Combine(root!, SelfTestReport.JsonPath), SelfTestReport.Json(result, platform));
            stdout.WriteLine($"selftest: wrote {SelfTestReport.MarkdownPath} and {SelfTestReport.JsonPath}");
        }
        stdout.WriteLine($"selftest: {SelfTestReport.Summary(result)}; reports in {outFull}");
        foreach (var s in result.Survivors)
            stdout.WriteLine($"  survived {s.Fault.Id}: {s.Fault.Description}{(s.Fault.Answer is null ? " (no answer)" : "")}");

        return Passes(result, full: subset == "full" && only.Count == 0) ? SuiteRunner.Ok : SuiteRunner.Unexpected;
    }

    private static string List(string proxy)
    {
        using var p = Process.Start(new ProcessStartInfo(proxy, ["--list"]) { RedirectStandardOutput = true, UseShellExecute = false })!;
        string text = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"exit {p.ExitCode}");
        return text;
    }

    private static void Write(string path, string text)
    {
        File.WriteAllText(path + ".tmp", text);
        File.Move(path + ".tmp", path, overwrite: true);
    }
}
