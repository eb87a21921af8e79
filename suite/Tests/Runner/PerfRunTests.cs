using System.Diagnostics;
using NUnit.Framework;
using OsConformance.Performance;
using OsConformance.Reports;
using static OsConformance.Suite.Tests.Runner.RunnerFixture;

namespace OsConformance.Suite.Tests.Runner;

/// <summary>run --perf: figures into results.json, a clear error for what a harness cannot do, and merge showing them.</summary>
[TestFixture, NonParallelizable]
public sealed class PerfRunTests
{
    private const string NoRepeat = "unsupported: the harness does not list the optional repeat op";

    [TestCase("--perf-n", "0")]
    [TestCase("--perf-n", "x")]
    [TestCase("--perf-rounds", "0")]
    [TestCase("--perf-rounds", "1001")]
    public void BadPerfOptionsAreUsageErrors(string option, string value)
    {
        string outDir = Path.Combine(NewParent(), "out");
        var (code, _, stderr) = RunCli("run", "--harness", Fake(), "--out", outDir, "--perf", option, value);
        Assert.That(code, Is.EqualTo(2), stderr);
        Assert.That(outDir, Does.Not.Exist, "a usage error writes nothing");
    }

    [Test]
    public void PerfCountsWithoutPerfAreAUsageError()
    {
        var (code, _, stderr) = RunCli("run", "--harness", Fake(), "--out", Path.Combine(NewParent(), "out"), "--perf-n", "10");
        Assert.That(code, Is.EqualTo(2));
        Assert.That(stderr, Does.Contain("run: --perf-n needs --perf"));
    }

    [Test]
    public void AHarnessWithoutRepeatGetsUnsupportedFiguresAndTheRunGoesOn()
    {
        string outDir = Path.Combine(NewParent(), "out");
        var (code, stdout, stderr) = RunCli("run", "--harness", Fake(), "--out", outDir, "--filter", "getpid/**", "--perf", "--perf-n", "20", "--perf-rounds", "1");
        Assert.That(code, Is.EqualTo(0), stdout + stderr);

        var results = ResultsReader.Read(Path.Combine(outDir, "results.json"));
        Assert.That(results.Cases.Select(c => c.Status), Is.All.EqualTo(CaseStatus.Pass), "the cases are judged as without --perf");
        var perf = results.Performance!;
        Assert.That(perf.Operations.Select(f => f.Operation), Is.EqualTo(HarnessPerformance.Operations));
        Assert.That((perf.N, perf.Rounds), Is.EqualTo((20, 1)));
        foreach (var f in perf.Operations.Where(f => f.Operation != HarnessPerformance.ForkExitWait))
            Assert.That((f.NsPerOp, f.Error), Is.EqualTo(((double?)null, NoRepeat)), f.Operation);
        var fork = perf.Operations.Single(f => f.Operation == HarnessPerformance.ForkExitWait);
        Assert.That(fork.Error, Is.EqualTo("unsupported: the harness does not list the optional fork op"));
        // Calls need no repeat: the round trip is measured, and says that it includes getpid.
        Assert.That(perf.RoundTrip.Error, Is.Null);
        Assert.That(perf.RoundTrip.NsPerOp, Is.GreaterThan(0));
        Assert.That(perf.RoundTrip.How, Does.Contain("getpid itself included (the harness has no repeat op)"));
        Assert.That(stderr, Does.Contain($"run: warning: performance: getpid not measured: {NoRepeat}"));
        Assert.That(File.ReadAllText(Path.Combine(outDir, "summary.md")), Does.Contain($"| getpid | — | repeat getpid, n=20 | {NoRepeat} |"));
    }

    private static HarnessPerformanceRun Measure(IReadOnlyList<string> harness, double timeoutSeconds = 20)
    {
        string work = Path.Combine(NewParent(), "perf");
        return HarnessPerformance.Measure(new PerformanceOptions
        {
            Harness = harness, WorkDirectory = work, N = 20, Rounds = 1, Timeout = TimeSpan.FromSeconds(timeoutSeconds),
        });
    }

    [TestCase("repeat=fault", "repeat: fault: repeat is not implemented")]
    [TestCase("repeat=crash", "closed its stdout while the repeat reply was due; exited 3")]
    public void AFailingRepeatIsEachFiguresErrorAndEveryOperationIsTried(string mode, string error)
    {
        var run = Measure([FakeHarness, mode]);
        Assert.That(run.Harness!.Implementation.Name, Is.EqualTo("fake-harness"));
        var figures = run.Results.AllFigures.ToDictionary(f => f.Operation, f => f.Error);
        Assert.That(figures[HarnessPerformance.GetPid], Does.Contain(error));
        // Each operation has a fresh harness: the one after a crash is tried again, and fails the same way.
        Assert.That(figures[HarnessPerformance.RoundTrip], Does.Contain(error), "the round trip takes getpid's cost out with repeat");
        Assert.That(figures[HarnessPerformance.Stat], Is.EqualTo("unsupported: the implementation does not have stat"));
        Assert.That(figures[HarnessPerformance.ForkExitWait], Is.EqualTo("unsupported: the harness does not list the optional fork op"));
        Assert.That(run.Results.AllFigures.Select(f => f.NsPerOp), Is.All.Null);
    }

    [Test]
    public void AHangingHarnessCostsOneDeadlineNotOnePerOperation()
    {
        var clock = Stopwatch.StartNew();
        var run = Measure([FakeHarness, "repeat=hang"], timeoutSeconds: 1);
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(15)));
        var figures = run.Results.AllFigures.ToDictionary(f => f.Operation, f => f.Error);
        Assert.That(figures[HarnessPerformance.GetPid], Does.Contain("deadline"));
        Assert.That(figures[HarnessPerformance.RoundTrip], Is.EqualTo("not measured: getpid missed its 1 s deadline before it"));
    }

    [Test]
    public void AHarnessThatDoesNotStartHasNoFigures()
    {
        var run = Measure(["/nonexistent/harness"]);
        Assert.That(run.Harness, Is.Null);
        Assert.That(run.Results.AllFigures.Select(f => f.Error), Has.All.StartsWith("not measured: the harness did not start: "));
    }

    [Test]
    public void RunPerfAgainstTheReferenceWritesFiguresAndMergeShowsThemNextToARunWithout()
    {
        string parent = NewParent();
        string refOut = Path.Combine(parent, "ref"), fakeOut = Path.Combine(parent, "fake");
        var measured = RunCli("run", "--harness", ReferenceHarness(), "--out", refOut, "--label", "linux-x64-perf", "--filter", "getpid/**",
            "--perf", "--perf-n", "200", "--perf-rounds", "1");
        Assert.That(measured.Code, Is.EqualTo(0), measured.Out + measured.Err);
        Assert.That(measured.Out, Does.Contain("performance ("));

        var perf = ResultsReader.Read(Path.Combine(refOut, "results.json")).Performance!;
        Assert.That((perf.N, perf.Rounds), Is.EqualTo((200, 1)));
        Assert.That(perf.AllFigures.Where(f => f.Error is not null).Select(f => $"{f.Operation}: {f.Error}"), Is.Empty, "the reference has every op");
        Assert.That(perf.AllFigures.Select(f => f.NsPerOp), Is.All.GreaterThan(0));
        var ns = perf.Operations.ToDictionary(f => f.Operation, f => f.NsPerOp!.Value);
        Assert.That(ns[HarnessPerformance.ForkExitWait], Is.GreaterThan(ns[HarnessPerformance.GetPid]), "a fork and a wait cost more than one getpid");
        Assert.That(perf.LoadAverage?.Count ?? 3, Is.EqualTo(3), "three numbers, or none where the platform does not tell");
        Assert.That(File.ReadAllText(Path.Combine(refOut, "summary.md")), Does.Contain("## Performance").And.Contain($"| getpid | {PerformanceText.Ns(ns["getpid"])} |"));
        Assert.That(File.ReadAllText(Path.Combine(refOut, "report.html")), Does.Contain("<table id=\"performance-table\">"));

        var plain = RunCli("run", "--harness", Fake(), "--out", fakeOut, "--label", "fake", "--filter", "getpid/**");
        Assert.That(plain.Code, Is.EqualTo(0), plain.Out + plain.Err);
        var merged = RunCli("merge", Path.Combine(refOut, "results.json"), Path.Combine(fakeOut, "results.json"), "--out", Path.Combine(parent, "matrix"));
        Assert.That(merged.Code, Is.EqualTo(0), merged.Out + merged.Err);
        var md = File.ReadAllText(Path.Combine(parent, "matrix", "matrix.md"));
        Assert.That(md, Does.Contain("| operation | `os-conformance-reference@linux-x64-perf` | `fake-harness@fake` |"));
        Assert.That(md, Does.Contain($"| getpid | {PerformanceText.Ns(ns["getpid"])} | — |"), "a column is only filled by a run that measured");
    }
}
