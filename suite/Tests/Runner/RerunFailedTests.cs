using NUnit.Framework;
using OsConformance.Cli.Runner;
using OsConformance.Reports;
using OsConformance.Suite.Tests.Reports;
using static OsConformance.Suite.Tests.Runner.RunnerFixture;

namespace OsConformance.Suite.Tests.Runner;

/// <summary>run --rerun-failed: exactly the cases that did not pass, into their own folder, marked as a rerun.</summary>
[TestFixture, NonParallelizable]
public sealed class RerunFailedTests
{
    /// <summary>An earlier run of the fake harness: one case of each status that counts, and ones that do not.</summary>
    static string Previous(string parent, params (string Id, CaseStatus Status)[] cases)
    {
        var run = ReportsCli.MakeRun("fake", "linux-x64-root", cases) with { Harness = Fake() };
        return ReportsCli.Write(Path.Combine(parent, "prev"), "results.json", run);
    }

    [Test]
    public void RerunsTheCasesThatDidNotPassIntoTheirOwnFolder()
    {
        string parent = NewParent();
        string previous = Previous(parent,
            ("getpid/equals-spawned-pid", CaseStatus.Fail), ("getppid/is-the-runner", CaseStatus.Crashed),
            ("getuid/matches-proc-status", CaseStatus.Unsupported), ("module/exposes/getpid", CaseStatus.Pass),
            ("module/exposes/getppid", CaseStatus.XFail));
        var (code, stdout, stderr) = RunCli("run", "--rerun-failed", previous);
        Assert.That(code, Is.EqualTo(0), stdout + stderr);
        Assert.That(stdout, Does.Contain("rerunning the 2 case(s) that did not pass in " + previous + " (1 fail, 1 crashed)"));

        // Default folder: the earlier one's, with -rerun; the harness: the earlier run's.
        var rerun = ResultsReader.Read(Path.Combine(parent, "prev-rerun", "results.json"));
        Assert.That(rerun.Cases.Select(c => c.Id), Is.EqualTo(new[] { "getpid/equals-spawned-pid", "getppid/is-the-runner" }));
        Assert.That(rerun.Harness, Is.EqualTo(Fake()));
        Assert.That(rerun.Rerun, Is.Not.Null, "results.json says it is a rerun");
        Assert.That(rerun.Rerun!.Of, Is.EqualTo(Path.GetFullPath(previous)));
        Assert.That(rerun.Rerun.Ids, Is.EqualTo(new[] { "getpid/equals-spawned-pid", "getppid/is-the-runner" }));
        Assert.That(rerun.Rerun.Statuses.Select(s => s.ToWire()), Is.EqualTo(new[] { "fail", "broken", "crashed", "timeout", "xpass" }));
        Assert.That(rerun.Rerun.Started, Is.EqualTo(ResultsReader.Read(previous).Started));
        Assert.That(rerun.SuiteCases, Is.GreaterThan(rerun.Cases.Count), "and a filtered one");
        Assert.That(File.ReadAllText(Path.Combine(parent, "prev-rerun", "summary.md")), Does.Contain("**Rerun:** a rerun of the 2 case(s) that did not pass"));
        Assert.That(File.ReadAllText(Path.Combine(parent, "prev-rerun", "report.html")), Does.Contain("<dt>Rerun</dt>"));
        Assert.That(ResultsReader.Read(previous).Cases, Has.Count.EqualTo(5), "the earlier run is left as it was");
    }

    [Test]
    public void FiltersNarrowARerunAndOutChoosesItsFolder()
    {
        string parent = NewParent();
        string previous = Previous(parent, ("getpid/equals-spawned-pid", CaseStatus.Timeout), ("getppid/is-the-runner", CaseStatus.Broken));
        string outDir = Path.Combine(parent, "out");
        var (code, stdout, stderr) = RunCli("run", "--rerun-failed", previous, "--function", "getppid", "--out", outDir, "--", FakeHarness);
        Assert.That(code, Is.EqualTo(0), stdout + stderr);
        var rerun = ResultsReader.Read(Path.Combine(outDir, "results.json"));
        Assert.That(rerun.Cases.Select(c => c.Id), Is.EqualTo(new[] { "getppid/is-the-runner" }));
        Assert.That(rerun.Rerun!.Ids, Has.Count.EqualTo(2), "the rerun's own filter, before --function");
        Assert.That(Path.Combine(parent, "prev-rerun"), Does.Not.Exist);
    }

    [Test]
    public void NothingToRerunExits0AndWritesNothing()
    {
        string parent = NewParent();
        string previous = Previous(parent, ("getpid/equals-spawned-pid", CaseStatus.Pass), ("getuid/matches-proc-status", CaseStatus.Unsupported),
            ("getppid/is-the-runner", CaseStatus.XFail));
        var (code, stdout, stderr) = RunCli("run", "--rerun-failed", previous);
        Assert.That(code, Is.EqualTo(0), stderr);
        Assert.That(stdout, Does.Contain($"nothing to rerun: no case of {previous} (3 cases) ended fail, broken, crashed, timeout, xpass"));
        Assert.That(Directory.GetFileSystemEntries(parent).Select(Path.GetFileName), Is.EqualTo(new[] { "prev" }));
    }

    [Test]
    public void AMissingOrForeignFileIsAUsageError()
    {
        string parent = NewParent();
        string missing = Path.Combine(parent, "nope", "results.json");
        var gone = RunCli("run", "--rerun-failed", missing);
        Assert.That(gone.Code, Is.EqualTo(2));
        Assert.That(gone.Err, Does.StartWith($"run: --rerun-failed: {missing}: cannot read: "));

        string foreign = Path.Combine(parent, "package.json");
        File.WriteAllText(foreign, "{\"name\": \"x\"}");
        var bad = RunCli("run", "--rerun-failed", foreign);
        Assert.That(bad.Code, Is.EqualTo(2));
        Assert.That(bad.Err, Does.Contain("not an os-conformance results file"));
        Assert.That(Directory.GetFileSystemEntries(parent).Select(Path.GetFileName), Is.EqualTo(new[] { "package.json" }));
    }

    [Test]
    public void ARerunDoesNotReplaceTheRunItReruns()
    {
        string parent = NewParent();
        string previous = Previous(parent, ("getpid/equals-spawned-pid", CaseStatus.Fail));
        var (code, _, stderr) = RunCli("run", "--rerun-failed", previous, "--out", Path.Combine(parent, "prev"));
        Assert.That(code, Is.EqualTo(2));
        Assert.That(stderr, Does.Contain("holds the results.json being rerun"));
        Assert.That(ResultsReader.Read(previous).Rerun, Is.Null);
    }

    [Test]
    public void CasesNoLongerInTheSuiteAreNamed()
    {
        string parent = NewParent();
        string previous = Previous(parent, ("getpid/renamed-since", CaseStatus.Fail), ("getpid/equals-spawned-pid", CaseStatus.Fail));
        var some = RunCli("run", "--rerun-failed", previous);
        Assert.That(some.Code, Is.EqualTo(0), some.Out + some.Err);
        Assert.That(some.Err, Does.Contain("1 case(s) to rerun are not in this suite").And.Contain("getpid/renamed-since"));

        string onlyGone = Previous(NewParent(), ("getpid/renamed-since", CaseStatus.Fail));
        var none = RunCli("run", "--rerun-failed", onlyGone);
        Assert.That(none.Code, Is.EqualTo(2));
        Assert.That(none.Err, Does.Contain("none of the 1 case(s) to rerun from"));
    }

    [Test]
    public void TheRerunRecordRoundTripsThroughResultsJson()
    {
        var rerun = new RerunDesc("/x/results.json", new DateTimeOffset(2026, 12, 6, 21, 0, 0, TimeSpan.Zero), RerunFailed.Statuses, ["b/c", "a/b"]);
        var run = SampleResults.Create() with { Rerun = rerun };
        var read = ResultsJson.Parse(ResultsJson.Serialize(run), "test");
        Assert.That(read.Rerun!.Of, Is.EqualTo(rerun.Of));
        Assert.That(read.Rerun.Started, Is.EqualTo(rerun.Started));
        Assert.That(read.Rerun.Statuses, Is.EqualTo(rerun.Statuses));
        Assert.That(read.Rerun.Ids, Is.EqualTo(new[] { "a/b", "b/c" }), "sorted");
        Assert.That(ResultsJson.Parse(ResultsJson.Serialize(SampleResults.Create()), "test").Rerun, Is.Null);

        var broken = ResultsJson.SerializeToString(run).Replace("\"statuses\": [", "\"statuses\": [\"nope\", ");
        Assert.That(() => ResultsJson.Parse(System.Text.Encoding.UTF8.GetBytes(broken), "test"), Throws.TypeOf<ResultsFormatException>());
    }
}
