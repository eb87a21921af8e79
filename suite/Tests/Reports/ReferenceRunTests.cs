using NUnit.Framework;
using OsConformance.Cli.Runner;
using OsConformance.Reports;
using OsConformance.Suite.Infrastructure;
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

    private static string Harness()
    {
        var path = Path.Combine(RepoRoot.Require(), ".build", "harness", "osc-harness");
        Assert.That(path, Does.Exist, "the reference harness is built by ./os-conformance build");
        return path;
    }

    private (int Code, string Out, string Err) RunReference(string label, params string[] more) =>
        Run(["run", "--harness", Harness(), "--out", Path.Combine(_dir, label), "--label", label, "--workers", "2",
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
        Assert.That(m.Rows.Where(r => r.Verdict != CaseVerdict.Pass), Is.Empty, "the reference passes what applies");
        foreach (var c in m.Columns)
            Assert.That(File.ReadAllText(Path.Combine(_dir, "matrix", "badges", c.Key + ".json")), Does.Contain("\"message\": \"100%\""));
    }
}
