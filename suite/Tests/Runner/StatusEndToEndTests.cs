using System.Text.Json;
using NUnit.Framework;
using OsConformance.Reports;
using OsConformance.Suite.Infrastructure;
using static OsConformance.Suite.Tests.Runner.RunnerFixture;

namespace OsConformance.Suite.Tests.Runner;

/// <summary>
/// The real example cases run against the fake harness: each misbehaviour ends as its own status
/// on the case that met it, the other cases still pass, and no process is left behind.
/// </summary>
[TestFixture, NonParallelizable]
public sealed class StatusEndToEndTests
{
    private static Dictionary<string, CaseResult> ById(RunResults r) => r.Cases.ToDictionary(c => c.Id);

    [Test]
    public void WellBehavedHarnessPassesEveryExampleCase()
    {
        string parent = NewParent();
        var outcome = Run(Fake(), Path.Combine(parent, "out"));
        Assert.That(outcome.Results, Is.Not.Null);
        var cases = ById(outcome.Results!);
        Assert.Multiple(() =>
        {
            Assert.That(cases.Keys, Is.EquivalentTo(ExampleIds));
            foreach (var c in cases.Values)
                Assert.That(c.Status, Is.EqualTo(CaseStatus.Pass), $"{c.Id}: {c.Message}");
            Assert.That(outcome.ExitCode, Is.EqualTo(0));
            Assert.That(outcome.Results!.Implementation.Name, Is.EqualTo("fake-harness"));
            Assert.That(cases["getpid/equals-spawned-pid"].Expected, Is.Not.Null.And.EqualTo(cases["getpid/equals-spawned-pid"].Actual));
        });
        Assert.That(Survivors(LiveHarnesses.Spawned), Is.Empty);
    }

    [TestCase("getpid=crash", "getpid/equals-spawned-pid", CaseStatus.Crashed, "harness crashed")]
    [TestCase("getuid=garbage", "getuid/matches-proc-status", CaseStatus.Crashed, "protocol violation")]
    [TestCase("getppid=hang", "getppid/is-the-runner", CaseStatus.Timeout, "timeout")]
    public void MisbehaviourEndsAsItsOwnStatusAndTheRunGoesOn(string mode, string victim, CaseStatus expected, string messageStart)
    {
        string parent = NewParent();
        // Short only where a case must hang into it; the others get room on a loaded machine.
        var outcome = Run(Fake(mode), Path.Combine(parent, "out"), timeoutSeconds: mode.EndsWith("=hang") ? 4 : 10);
        var spawned = LiveHarnesses.Spawned;
        var cases = ById(outcome.Results!);
        Assert.Multiple(() =>
        {
            Assert.That(cases.Keys, Is.EquivalentTo(ExampleIds), "every case has a result");
            Assert.That(cases[victim].Status, Is.EqualTo(expected), cases[victim].Message);
            Assert.That(cases[victim].Message, Does.Contain(messageStart));
            foreach (var other in cases.Values.Where(c => c.Id != victim))
                Assert.That(other.Status, Is.EqualTo(CaseStatus.Pass), $"{other.Id}: {other.Message}");
            Assert.That(outcome.ExitCode, Is.EqualTo(1));
            Assert.That(outcome.LeftoverProcesses, Is.EqualTo(0), "processes outlived their case before the final sweep");
            Assert.That(cases[victim].Rerun, Does.StartWith($"./os-conformance run --harness \"{Fake(mode)}\" --filter '{victim}' --out '"));
        });
        Assert.That(spawned, Has.Count.GreaterThanOrEqualTo(4), "the probe and one harness per case");
        Assert.That(Survivors(spawned), Is.Empty);
    }

    [Test]
    public void AllThreeMisbehavioursInOneRun()
    {
        string parent = NewParent();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var outcome = Run(Fake("getpid=crash", "getppid=hang", "getuid=garbage"), Path.Combine(parent, "out"), timeoutSeconds: 5);
        var cases = ById(outcome.Results!);
        Assert.Multiple(() =>
        {
            Assert.That(cases["getpid/equals-spawned-pid"].Status, Is.EqualTo(CaseStatus.Crashed));
            Assert.That(cases["getppid/is-the-runner"].Status, Is.EqualTo(CaseStatus.Timeout));
            Assert.That(cases["getuid/matches-proc-status"].Status, Is.EqualTo(CaseStatus.Crashed));
            Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(30)), "the hang cost about one timeout");
        });
        Assert.That(Survivors(LiveHarnesses.Spawned), Is.Empty);
    }

    [Test]
    public void WrongValueFailsWithExpectedAndActualAndMissingFunctionIsUnsupported()
    {
        string parent = NewParent();
        var outcome = Run(Fake("getpid=wrong", "missing=getppid"), Path.Combine(parent, "out"));
        var cases = ById(outcome.Results!);
        var getpid = cases["getpid/equals-spawned-pid"];
        Assert.Multiple(() =>
        {
            Assert.That(getpid.Status, Is.EqualTo(CaseStatus.Fail));
            Assert.That(int.Parse(getpid.Actual!), Is.EqualTo(int.Parse(getpid.Expected!) + 1), "the fake adds one to its pid");
            Assert.That(getpid.Log, Does.Contain("getpid"), "the transcript tail is in the log");
            Assert.That(cases["getppid/is-the-runner"].Status, Is.EqualTo(CaseStatus.Unsupported));
            Assert.That(cases["getppid/is-the-runner"].Message, Does.Contain("getppid is not in the harness's capabilities"));
            Assert.That(cases["getuid/matches-proc-status"].Status, Is.EqualTo(CaseStatus.Pass));
            Assert.That(outcome.ExitCode, Is.EqualTo(1));
        });
    }

    [Test]
    public void UnsupportedAloneIsNotUnexpected()
    {
        string parent = NewParent();
        var outcome = Run(Fake("missing=getpid"), Path.Combine(parent, "out"), 10, "getpid/**");
        Assert.Multiple(() =>
        {
            Assert.That(outcome.Results!.Cases.Select(c => c.Status), Is.All.EqualTo(CaseStatus.Unsupported));
            Assert.That(outcome.ExitCode, Is.EqualTo(0));
        });
    }

    [Test]
    public void OutputsExistParseAndNothingIsWrittenOutsideOut()
    {
        string parent = NewParent();
        string outDir = Path.Combine(parent, "out");
        var (code, stdout, stderr) = RunCli("run", "--harness", Fake(), "--out", outDir,
            "--filter", "getpid/**", "--filter", "getppid/**", "--label", "test-label");
        Assert.That(code, Is.EqualTo(0), stdout + stderr);
        Assert.That(Directory.GetFileSystemEntries(parent).Select(Path.GetFileName), Is.EquivalentTo(new[] { "out" }));
        string resultsPath = Path.Combine(outDir, "results.json");
        Assert.That(resultsPath, Does.Exist);
        using var doc = JsonDocument.Parse(File.ReadAllBytes(resultsPath));
        Assert.That(doc.RootElement.ValueKind, Is.EqualTo(JsonValueKind.Object));
        var results = ResultsReader.Read(resultsPath);
        Assert.Multiple(() =>
        {
            Assert.That(results.Cases.Select(c => c.Id), Is.EquivalentTo(new[] { "getpid/equals-spawned-pid", "getppid/is-the-runner" }));
            Assert.That(results.Platform.Label, Is.EqualTo("test-label"));
            Assert.That(results.Platform.Uid, Is.EqualTo(Posix.EffectiveUid));
            Assert.That(stdout, Does.Contain("2 pass"));
            Assert.That(Directory.Exists(Path.Combine(outDir, "work", "getpid~equals-spawned-pid")), "case dirs are under out/work");
        });
        foreach (var name in new[] { "junit.xml", "summary.md", "report.html" })
            Assert.That(new FileInfo(Path.Combine(outDir, name)).Length, Is.GreaterThan(0), name);
        var junit = System.Xml.Linq.XDocument.Load(Path.Combine(outDir, "junit.xml"));
        Assert.That(junit.Descendants("testcase").Count(), Is.EqualTo(2));
        Assert.That(Directory.GetFiles(outDir).Select(Path.GetFileName), Is.EquivalentTo(new[] { "results.json", "junit.xml", "summary.md", "report.html", OsConformance.Cli.Runner.OutFolder.Marker }),
            "no temporary files left");
    }

    [Test]
    public void ARunCleansTheWorkDirectoryOfThePreviousRun()
    {
        string outDir = Path.Combine(NewParent(), "out");
        Run(Fake(), outDir, 10, "getpid/**");
        Directory.CreateDirectory(Path.Combine(outDir, "work", "stale-case"));
        Run(Fake(), outDir, 10, "getpid/**");
        Assert.That(Path.Combine(outDir, "work", "stale-case"), Does.Not.Exist);
        Assert.That(Path.Combine(outDir, "results.json"), Does.Exist);
    }
}
