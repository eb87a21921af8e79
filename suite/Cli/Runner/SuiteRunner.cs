using System.Diagnostics;
using System.Reflection;
using NUnit;
using NUnit.Framework.Api;
using NUnit.Framework.Interfaces;
using OsConformance.Performance;
using OsConformance.Protocol;
using OsConformance.Reports;
using OsConformance.Suite.Infrastructure;
using OsConformance.Suite.Oracles;

namespace OsConformance.Cli.Runner;

public sealed record RunOptions
{
    /// <summary>The harness command, split.</summary>
    public required IReadOnlyList<string> Harness { get; init; }
    /// <summary>The harness command as given, for results and rerun commands.</summary>
    public required string HarnessText { get; init; }
    public required string OutDir { get; init; }
    public IReadOnlyList<string> Filters { get; init; } = [];
    public IReadOnlyList<string> Functions { get; init; } = [];
    public IReadOnlyList<string> Tags { get; init; } = [];
    public int Workers { get; init; } = DefaultWorkers;
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);
    public string? Label { get; init; }
    /// <summary>The assembly of cases; the suite's by default.</summary>
    public Assembly? Suite { get; init; }
    /// <summary>Whether stdout is a terminal (live counter); null = detect.</summary>
    public bool? Tty { get; init; }
    /// <summary>Known failures (run --expectations); null = none.</summary>
    public ExpectationsFile? Expectations { get; init; }
    /// <summary>Entries matching no case of the run fail it (run --strict-expectations).</summary>
    public bool StrictExpectations { get; init; }
    /// <summary>Time operations inside the harness after the cases (run --perf, --perf-n, --perf-rounds).</summary>
    public bool Perf { get; init; }
    public int PerfN { get; init; } = PerformanceOptions.DefaultN;
    public int PerfRounds { get; init; } = PerformanceOptions.DefaultRounds;
    /// <summary>run --rerun-failed: only these cases of an earlier run (AND the filters above); recorded in results.json.</summary>
    public RerunDesc? Rerun { get; init; }

    public static int DefaultWorkers => Math.Max(2, Environment.ProcessorCount * 2);
}

public sealed record RunOutcome(int ExitCode, RunResults? Results, IReadOnlyList<string> Outputs, int LeftoverProcesses);

/// <summary>
/// Runs the suite in-process with NUnit's own runner: cases in parallel, each with a deadline
/// (the harness's own, then a watchdog that kills the case's harnesses), results mapped to the
/// suite's statuses, then the reports and a short summary.
/// </summary>
public static class SuiteRunner
{
    /// <summary>Exit codes: 0 nothing unexpected, 1 conformance failures, 2 usage, 3 infrastructure
    /// (the harness did not start, spoke another protocol, or the reports could not be written).</summary>
    public const int Ok = 0, Unexpected = 1, Usage = 2, Infrastructure = 3;

    /// <summary>Past the case timeout, the watchdog waits this long before killing a case's harnesses.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(2);

    private static readonly Lock oneRunAtATime = new();

    public static RunOutcome Run(RunOptions o, TextWriter stdout, TextWriter stderr)
    {
        lock (oneRunAtATime)
            return RunLocked(o, stdout, stderr);
    }

    private static RunOutcome RunLocked(RunOptions o, TextWriter stdout, TextWriter stderr)
    {
        try { MonoUnixLibrary.EnsureLoadable(); }
        catch (DllNotFoundException e)
        {
            stderr.WriteLine($"run: {e.Message}");
            return new RunOutcome(Infrastructure, null, [], 0); // nothing can be judged: an infrastructure failure
        }
        var started = DateTimeOffset.Now;
        var clock = Stopwatch.StartNew();
        OutFolder outDir;
        try { outDir = OutFolder.Check(o.OutDir, RepoRoot.Find()); }
        catch (OutFolderException e)
        {
            stderr.WriteLine($"run: {e.Message}");
            return new RunOutcome(Usage, null, [], 0);
        }
        using var interrupts = new Interrupts();

        Target.Reset();
        Target.Root = RepoRoot.Find();
        Target.HarnessCommand = o.Harness;
        Target.CaseTimeout = o.Timeout;
        CaseRecords.Clear();
        LiveHarnesses.ResetSpawned();

        // Cases first: a filter that matches nothing is a usage error, and --out stays as it was.
        var runner = new NUnitTestAssemblyRunner(new DefaultTestAssemblyBuilder());
        runner.Load(o.Suite ?? CaseCatalog.SuiteAssembly, new Dictionary<string, object>
        {
            [FrameworkPackageSettings.NumberOfTestWorkers] = Math.Max(1, o.Workers),
            [FrameworkPackageSettings.WorkDirectory] = outDir.WorkPath,
        });
        var catalog = CaseCatalog.Collect(runner.LoadedTest!); // Load just set it
        if (CaseSelection.Unknown(o.Functions, o.Tags, catalog) is { } unknown)
        {
            stderr.WriteLine($"run: {unknown}");
            return new RunOutcome(Usage, null, [], 0);
        }
        var filter = new CaseFilter(o.Filters, o.Functions, o.Tags, o.Rerun?.Ids);
        var selected = CaseSelection.Select(catalog, filter).ToDictionary(e => e.Test.Id);
        if (o.Rerun is { } rerun)
        {
            var gone = rerun.Ids.Except(catalog.Select(e => e.Id), StringComparer.Ordinal).ToList();
            if (gone.Count > 0)
                stderr.WriteLine($"run: warning: {gone.Count} case(s) to rerun are not in this suite (renamed or removed since {rerun.Of}): {string.Join(", ", gone.Take(5))}{(gone.Count > 5 ? ", ..." : "")}");
        }
        if (selected.Count == 0)
        {
            stderr.WriteLine(o.Rerun is { } r
                ? $"run: none of the {r.Ids.Count} case(s) to rerun from {r.Of} is in this suite{(o.Filters.Count + o.Functions.Count + o.Tags.Count > 0 ? " and matches the filters" : "")}"
                : $"run: {CaseSelection.NoMatchMessage(o.Filters, catalog)}");
            return new RunOutcome(Usage, null, [], 0);
        }

        // One harness before the cases, in a scratch folder outside --out: implementation and
        // platform for the results, and the capabilities so cases of missing functions end before
        // spawning. A harness that cannot start, or speaks another protocol, stops the run here.
        StartInfo info;
        string probeDir = Directory.CreateTempSubdirectory("osc-probe-").FullName;
        LiveHarnesses.Entry? probe = null;
        try
        {
            var h = HarnessProcess.Spawn(new HarnessOptions(o.Harness, probeDir, o.Timeout, Path.Combine(probeDir, "harness.stderr")));
            probe = LiveHarnesses.Add("(probe)", h);
            info = h.Start();
            if (info.Protocol != HarnessProcess.ProtocolVersion)
            {
                stderr.WriteLine($"run: the harness speaks protocol {info.Protocol}; this suite speaks protocol {HarnessProcess.ProtocolVersion} (docs/protocol.md#versioning)");
                return new RunOutcome(Infrastructure, null, [], Leftovers.KillAll(LiveHarnesses.Spawned).Count);
            }
            try { h.Stop(); } catch (HarnessException) { /* it answered start; stop is checked by smoke */ }
        }
        catch (Exception e) when (e is HarnessException or IOException or ArgumentException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"run: the harness did not start ({o.HarnessText}): {HarnessProcess.Cap(e.Message, 2000)}");
            return new RunOutcome(Infrastructure, null, [], Leftovers.KillAll(LiveHarnesses.Spawned).Count);
        }
        finally
        {
            probe?.DisposeOnce();
            try { Directory.Delete(probeDir, recursive: true); } catch (IOException) { }
        }
        Target.StartInfo = info;

        try { outDir.Take(); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"run: --out {o.OutDir}: {e.Message}");
            return new RunOutcome(Usage, null, [], 0);
        }
        string work = outDir.WorkPath;
        Target.RunDirectory = work;
        NativeOracle.WorkDirectory = Path.Combine(work, ".oracles");
        OutsideWrites.Begin(work, [outDir.FullPath, Path.GetDirectoryName(outDir.FullPath)!, Path.GetTempPath()]);

        string harnessArg = ShellQuote.EscapeDoubleQuoted(o.HarnessText);
        string rerunBase = Path.GetRelativePath(Environment.CurrentDirectory, Path.Combine(outDir.FullPath, OutFolder.Rerun));
        string Rerun(string id) =>
            $"./os-conformance run --harness \"{harnessArg}\" --filter '{id}' --out '{Path.Combine(rerunBase, id.Replace('/', '~'))}'";
        bool tty = o.Tty ?? (ReferenceEquals(stdout, Console.Out) && !Console.IsOutputRedirected);
        var progress = new Progress(stdout, selected.Count, tty);
        var listener = new RunListener(selected, Rerun, progress);

        runner.RunAsync(listener, filter);
        Watch(runner, listener, selected, o.Timeout);
        progress.End();

        HarnessPool.Drain();
        int stray = LiveHarnesses.KillAll();
        var leftovers = Leftovers.KillAll(LiveHarnesses.Spawned);
        int orphans = HarnessProcess.SweepOrphans();
        if (stray > 0 || leftovers.Count > 0 || orphans > 0)
            stderr.WriteLine($"run: warning: {stray} harness(es) were still open after their case and {leftovers.Count + orphans} process(es) outlived it; all were killed");
        var outside = OutsideWrites.Found;
        OutsideWrites.End();

        foreach (var entry in selected.Values.Where(e => !listener.Results.ContainsKey(e.Test.Id)))
            listener.Add(entry, CaseStatus.Broken, entry.NotRunnableReason ?? "no result was reported for this case", CaseRecords.Take(entry.Test.Id), 0);

        // After the cases and their leftovers, so neither disturbs the other.
        var performance = o.Perf ? MeasurePerformance(o, work, stdout, stderr) : null;

        bool root = Posix.IsRoot;
        var results = new RunResults(
            SuiteVersion(),
            new ImplementationDesc(StoredText.Short(info.Implementation.Name), StoredText.Short(info.Implementation.Version), info.Capabilities.Extensions.Order(StringComparer.Ordinal).Select(StoredText.Short).ToList()),
            new PlatformDesc(StoredText.Short(info.Platform.Os), StoredText.Short(info.Platform.Arch), StoredText.Short(info.Platform.Kernel), StoredText.Short(info.Platform.Libc),
                Posix.EffectiveUid, o.Label ?? $"{info.Platform.Os}-{info.Platform.Arch}-{(root ? "root" : "user")}",
                Virtualization.Detect()),
            o.HarnessText, started, DateTimeOffset.Now,
            listener.Results.Values.OrderBy(r => r.Id, StringComparer.Ordinal).ToList(),
            performance,
            SuiteCases: CaseSelection.SuiteCases(catalog),
            Rerun: o.Rerun,
            Selection: SelectionDesc.Of(o.Filters, o.Functions, o.Tags));

        // Expected failures become xfail, passing ones xpass (see docs/reports.md).
        ExpectationsOutcome? judged = null;
        if (o.Expectations is { } expectations)
        {
            judged = Expectations.Apply(results, expectations);
            results = judged.Results;
        }

        IReadOnlyList<string> outputs;
        try { outputs = interrupts.Deferred(() => outDir.Publish(results)); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or ArgumentException or NotSupportedException)
        {
            stderr.WriteLine($"run: writing the reports failed: {HarnessProcess.Cap(e.Message, 500)}");
            outputs = [];
        }

        Summary(stdout, results, clock.Elapsed, outputs);
        foreach (var group in outside.GroupBy(x => x.Case).Take(10))
            stderr.WriteLine($"run: warning: {group.Key} ran while {string.Join(", ", group.Select(x => x.Path).Take(3))}{(group.Count() > 3 ? $" and {group.Count() - 3} more" : "")} appeared outside the case directories");
        if (outside.Count > 0)
            stdout.WriteLine($"  warning: {outside.Count} file(s) appeared outside the case directories during the run (see the cases' logs)");
        bool unexpected = results.Cases.Any(c => IsUnexpected(c.Status));
        if (judged is not null)
        {
            foreach (var line in Expectations.Describe(judged, o.Expectations!))
                stderr.WriteLine($"run: {(line.StartsWith("unused", StringComparison.Ordinal) && !o.StrictExpectations ? "warning: " : "")}{line}");
            unexpected |= o.StrictExpectations && judged.Unused.Count > 0;
        }
        int code = outputs.Count == 0 ? Infrastructure : unexpected ? Unexpected : Ok;
        return new RunOutcome(code, results, outputs, leftovers.Count + orphans);
    }

    /// <summary>run --perf: figures of the harness under test. An operation it cannot do is reported, not fatal.</summary>
    private static PerformanceResults MeasurePerformance(RunOptions o, string work, TextWriter stdout, TextWriter stderr)
    {
        var clock = Stopwatch.StartNew();
        var perf = HarnessPerformance.Measure(new PerformanceOptions
        {
            Harness = o.Harness,
            WorkDirectory = Path.Combine(work, ".perf"),
            N = o.PerfN,
            Rounds = o.PerfRounds,
        }).Results;
        stdout.WriteLine($"performance ({clock.Elapsed.TotalSeconds:0.0} s, {PerformanceText.Conditions(perf)}):");
        foreach (var f in perf.AllFigures)
            stdout.WriteLine($"  {f.Operation,-24} {PerformanceText.Ns(f.NsPerOp)}");
        foreach (var f in perf.AllFigures.Where(f => f.Error is not null))
            stderr.WriteLine($"run: warning: performance: {f.Operation} not measured: {f.Error}");
        return perf;
    }

    public static bool IsUnexpected(CaseStatus status) =>
        status is CaseStatus.Fail or CaseStatus.Broken or CaseStatus.Crashed or CaseStatus.Timeout or CaseStatus.XPass;

    /// <summary>Waits for the run; kills the harnesses of a case past its deadline, and abandons a case that still does not end.</summary>
    private static void Watch(NUnitTestAssemblyRunner runner, RunListener listener, IReadOnlyDictionary<string, CatalogEntry> selected, TimeSpan timeout)
    {
        var killed = new HashSet<string>();
        long? allDoneAt = null;
        while (!runner.WaitForCompletion(100))
        {
            foreach (var (id, start) in listener.Running)
            {
                var elapsed = Stopwatch.GetElapsedTime(start);
                if (elapsed > timeout + Grace && killed.Add(id))
                {
                    CaseRecords.For(id).TimedOut = true;
                    LiveHarnesses.KillCase(id);
                }
                else if (elapsed > timeout + 3 * Grace && selected.TryGetValue(id, out var entry))
                {
                    // Stuck in its own code (no harness call to interrupt): the run goes on without it.
                    listener.Add(entry, CaseStatus.Timeout,
                        $"the case did not end {(timeout + 3 * Grace).TotalSeconds:0.#} s after it started and was abandoned",
                        CaseRecords.For(id), elapsed.TotalMilliseconds);
                }
            }
            if (listener.Results.Count >= selected.Count)
            {
                allDoneAt ??= Stopwatch.GetTimestamp();
                if (Stopwatch.GetElapsedTime(allDoneAt.Value) > Grace)
                {
                    runner.StopRun(force: false);
                    return;
                }
            }
        }
    }

    public static string SuiteVersion()
    {
        var asm = CaseCatalog.SuiteAssembly;
        string? v = asm.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        return (v ?? asm.GetName().Version?.ToString() ?? "0.0.0").Split('+')[0];
    }

    private static void Summary(TextWriter w, RunResults r, TimeSpan elapsed, IReadOnlyList<string> outputs)
    {
        var counts = CaseStatusOrder.Select(s => (s, n: r.Cases.Count(c => c.Status == s))).Where(x => x.n > 0 || x.s <= CaseStatus.Timeout);
        w.WriteLine($"os-conformance: {r.Cases.Count} cases in {elapsed.TotalSeconds:0.0} s against {r.Implementation.Name} {r.Implementation.Version} ({r.Platform.Label})");
        w.WriteLine("  " + string.Join(", ", counts.Select(x => $"{x.n} {x.s.ToString().ToLowerInvariant()}")));
        var bad = r.Cases.Where(c => IsUnexpected(c.Status)).ToList();
        foreach (var c in bad.Take(15))
            w.WriteLine($"  {c.Status.ToString().ToLowerInvariant(),-8} {c.Id}: {FirstLine(c.Message)}");
        if (bad.Count > 15)
            w.WriteLine($"  ... and {bad.Count - 15} more");
        if (bad.Count > 0)
            w.WriteLine($"  rerun one: {bad[0].Rerun}");
        foreach (var path in outputs)
            w.WriteLine($"  wrote {path}");
        w.Flush();
    }

    private static readonly CaseStatus[] CaseStatusOrder = Enum.GetValues<CaseStatus>();

    private static string FirstLine(string? s)
    {
        if (s is null) return "";
        int nl = s.IndexOf('\n');
        string line = nl < 0 ? s : s[..nl];
        return line.Length > 160 ? line[..159] + "…" : line;
    }
}
