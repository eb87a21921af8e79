using NUnit.Framework;
using OsConformance.Reports;
using static OsConformance.Suite.Tests.Reports.ReportsCli;

namespace OsConformance.Suite.Tests.Reports;

/// <summary>Real runs of the reference harness (a few cases each), merged and judged against expectations.</summary>
[TestFixture, NonParallelizable]
public sealed class ReferenceRunTests
{
    private static readonly string[] Filters = ["getpid/**", "getuid/**", "chdir/errors/**"];
    private string _dir = null!;

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("reports-reference-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    private (int Code, string Out, string Err) RunReference(string label, params string[] more) =>
        Run(["run", "--harness", Tests.Runner.RunnerFixture.ReferenceHarness(), "--out", Path.Combine(_dir, label), "--label", label, "--workers", "2",
            .. Filters.SelectMany(f => new[] { "--filter", f }), .. more]);

    [Test]
    public void MergingTwoLabelsOfTheReferenceGivesOneMatrixWithTwoColumns()
    {
        foreach (var label in new[] { "linux-x64-a", "linux-x64-b" })
        {
            var r = RunReference(label);
            Assert.That(r.Code, Is.EqualTo(0), r.Out + r.Err);
        }
        var a = Path.Combine(_dir, "linux-x64-a", "results.json");
        var b = Path.Combine(_dir, "linux-x64-b", "results.json");
        var (code, stdout, stderr) = Run("merge", a, b, "--out", Path.Combine(_dir, "matrix"));
        Assert.That(code, Is.EqualTo(0), stdout + stderr);

        var ran = ResultsReader.Read(a).Cases.Select(c => c.Id).ToList();
        Assert.That(ran, Has.Count.GreaterThan(2));
        var m = MatrixWriter.Load([a, b]);
        Assert.That(m.Columns.Select(c => c.Key), Is.EqualTo(new[] { "os-conformance-reference@linux-x64-a", "os-conformance-reference@linux-x64-b" }));
        Assert.That(m.Rows.Select(r => r.Id), Is.EqualTo(ran.Order(StringComparer.Ordinal)));
        Assert.That(m.Rows.Where(r => r.Verdict is not (CaseVerdict.Pass or CaseVerdict.Unsupported)), Is.Empty, "the reference passes what applies");
        // Filtered runs: run records the suite's size, and merge says the 100% covers a few cases only.
        int suiteCases = ResultsReader.Read(a).SuiteCases ?? 0;
        Assert.That(suiteCases, Is.GreaterThan(ran.Count), "suite.cases counts the whole suite, not the filtered run");
        Assert.That(m.Columns.All(c => c.Filtered), Is.True);
        Assert.That(stderr, Does.Contain($"os-conformance-reference@linux-x64-a is a filtered run (filtered: {ran.Count} of {suiteCases} cases)"));
        foreach (var c in m.Columns)
            Assert.That(File.ReadAllText(Path.Combine(_dir, "matrix", "badges", c.Key + ".json")),
                Does.Contain($"\"message\": \"100% (filtered: {ran.Count} of {suiteCases} cases)\"").And.Contain("\"color\": \"lightgrey\""));
    }

    private string ExpectationsFile(params ExpectationEntry[] entries)
    {
        var path = Path.Combine(_dir, $"expectations-{Guid.NewGuid():N}.json");
        File.WriteAllBytes(path, Expectations.Serialize(new ExpectationsFile(entries)));
        return path;
    }

    [Test]
    public void AStaleExpectationMakesRunExit1AndNamesIt()
    {
        var file = ExpectationsFile(
            new ExpectationEntry("getpid/**", CaseStatus.Fail, "stale: getpid was fixed"),
            new ExpectationEntry("no/such/case", CaseStatus.Crashed, "renamed long ago"));
        var (code, stdout, stderr) = RunReference("linux-x64-a", "--expectations", file);
        Assert.That(code, Is.EqualTo(1), stdout + stderr);
        Assert.That(stderr, Does.Contain($"run: stale expectation in {file}: getpid/** expects fail, but getpid/equals-spawned-pid passed (xpass)"));
        Assert.That(stderr, Does.Contain($"run: warning: unused expectation in {file}: no/such/case matched no case of this run"));
        Assert.That(stdout, Does.Contain("xpass").And.Contain("getpid/equals-spawned-pid"));

        var results = ResultsReader.Read(Path.Combine(_dir, "linux-x64-a", "results.json"));
        var c = results.Cases.Single(c => c.Id == "getpid/equals-spawned-pid");
        Assert.That(c.Status, Is.EqualTo(CaseStatus.XPass));
        Assert.That(c.Message, Does.Contain("entry getpid/**").And.Contain("stale"));
        Assert.That(results.Cases.Where(x => x.Id.StartsWith("getuid/", StringComparison.Ordinal)).Select(x => x.Status), Is.All.EqualTo(CaseStatus.Pass));
    }

    [Test]
    public void UnusedEntriesFailTheRunOnlyWithStrictExpectations()
    {
        var file = ExpectationsFile(new ExpectationEntry("no/such/**", CaseStatus.Fail, "gone"));
        var lenient = RunReference("linux-x64-a", "--expectations", file);
        Assert.That(lenient.Code, Is.EqualTo(0), lenient.Out + lenient.Err);
        Assert.That(lenient.Err, Does.Contain("warning: unused expectation").And.Contain("no/such/**"));

        var strict = RunReference("linux-x64-b", "--expectations", file, "--strict-expectations");
        Assert.That(strict.Code, Is.EqualTo(1), strict.Out + strict.Err);
        Assert.That(strict.Err, Does.Contain($"run: unused expectation in {file}: no/such/** matched no case of this run"));
    }

    [Test]
    public void ABadExpectationsFileIsAUsageErrorNamingIt()
    {
        var file = Path.Combine(_dir, "expectations.json");
        File.WriteAllText(file, "{\"format\": \"os-conformance/expectations\", \"schema_version\": 1, \"entries\": [{\"id\": \"a\", \"status\": \"xfail\", \"reason\": \"r\"}]}");
        var (code, _, stderr) = RunReference("linux-x64-a", "--expectations", file);
        Assert.That(code, Is.EqualTo(2));
        Assert.That(stderr, Does.Contain($"run: --expectations: {file}: does not match schemas/expectations.schema.json: /entries/0/status (entry a)"));
        Assert.That(Path.Combine(_dir, "linux-x64-a"), Does.Not.Exist, "nothing is run or written");
    }
}
