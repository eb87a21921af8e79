using NUnit.Framework;
using OsConformance.Reports;
using static OsConformance.Suite.Tests.Reports.ReportsCli;

namespace OsConformance.Suite.Tests.Reports;

/// <summary><c>report RESULTS --out DIR</c>: every report of a saved run, rendered again.</summary>
[TestFixture]
public sealed class ReportCommandTests
{
    private string _dir = null!;

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("reports-report-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void RendersTheFourReportsAsRunWouldHave()
    {
        var run = SampleResults.Create() with { SuiteCases = 20 };
        var saved = Write(_dir, "saved/results.json", run);
        var outDir = Path.Combine(_dir, "again");
        var (code, stdout, stderr) = Run("report", saved, "--out", outDir);
        Assert.That(code, Is.EqualTo(0), stdout + stderr);
        Assert.That(stdout, Does.Contain("report: 11 cases of sjs-os-reference 1.2.3 on linux-x64-user"));

        var direct = ResultsWriter.WriteAll(ResultsReader.Read(saved), Path.Combine(_dir, "direct"));
        foreach (var name in new[] { "results.json", "junit.xml", "summary.md", "report.html" })
            Assert.That(File.ReadAllBytes(Path.Combine(outDir, name)), Is.EqualTo(File.ReadAllBytes(Path.Combine(Path.GetDirectoryName(direct.ResultsJson)!, name))), name);
        Assert.That(File.ReadAllBytes(Path.Combine(outDir, "results.json")), Is.EqualTo(File.ReadAllBytes(saved)), "results.json comes out as it went in");
    }

    [Test]
    public void RendersInPlaceOverItsOwnFolder()
    {
        var saved = Write(_dir, "run/results.json", SampleResults.Create());
        File.WriteAllText(Path.Combine(_dir, "run", "summary.md"), "old");
        Assert.That(Run("report", saved, "--out", Path.Combine(_dir, "run")).Code, Is.EqualTo(0));
        Assert.That(File.ReadAllText(Path.Combine(_dir, "run", "summary.md")), Does.StartWith("# os-conformance:"));
    }

    [Test]
    public void CorruptJsonIsAUsageErrorNamingTheFileAndTheOffset()
    {
        var bad = Path.Combine(_dir, "bad.json");
        File.WriteAllText(bad, "{\"format\": \"os-conformance/results\",\n \"schema_version\": 1, oops}");
        var (code, _, stderr) = Run("report", bad, "--out", Path.Combine(_dir, "out"));
        Assert.That(code, Is.EqualTo(2));
        // "oops" starts at byte 59 of the file (0-based): line 2, column 23.
        Assert.That(stderr, Does.Contain($"report: {bad}: corrupt JSON at byte offset 59 (line 2, column 23)"));
        Assert.That(Directory.Exists(Path.Combine(_dir, "out")), Is.False, "nothing written");
    }

    [TestCase("missing")]
    [TestCase("foreign")]
    public void ARefusedInputIsAUsageErrorNamingIt(string kind)
    {
        var path = Path.Combine(_dir, kind + ".json");
        if (kind == "foreign") File.WriteAllText(path, "{\"name\": \"package.json\"}");
        var (code, _, stderr) = Run("report", path, "--out", Path.Combine(_dir, "out"));
        Assert.That(code, Is.EqualTo(2));
        Assert.That(stderr, Does.StartWith($"report: {path}: "));
    }

    [Test]
    public void UsageErrorsExit2()
    {
        var saved = Write(_dir, "saved/results.json", SampleResults.Create());
        Assert.That(Run("report", saved).Code, Is.EqualTo(2), "--out is required");
        Assert.That(Run("report", "--out", _dir).Code, Is.EqualTo(2), "RESULTS is required");
        var file = Path.Combine(_dir, "a-file");
        File.WriteAllText(file, "");
        var (code, _, stderr) = Run("report", saved, "--out", file);
        Assert.That(code, Is.EqualTo(2));
        Assert.That(stderr, Does.Contain("is a file, not a folder"));
    }
}
