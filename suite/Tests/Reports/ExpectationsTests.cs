using System.Text;
using NUnit.Framework;
using OsConformance.Reports;
using static OsConformance.Suite.Tests.Reports.ReportsCli;

namespace OsConformance.Suite.Tests.Reports;

[TestFixture]
public sealed class ExpectationsTests
{
    private string _dir = null!;

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("reports-expect-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    private static ExpectationsFile File_(params ExpectationEntry[] entries) => new(entries, Source: "expectations/x/linux.json");

    private static RunResults Run() => MakeRun("impl", "linux-x64-user",
        ("open/flags/a", CaseStatus.Fail), ("open/flags/b", CaseStatus.Pass), ("open/mode/deep/c", CaseStatus.Crashed),
        ("stat/x", CaseStatus.Timeout), ("stat/y", CaseStatus.Unsupported), ("dup2/z", CaseStatus.Pass));

    [Test]
    public void ExpectedFailureBecomesXFailKeepingTheExpectedStatusAndReason()
    {
        var o = Expectations.Apply(Run(), File_(new ExpectationEntry("open/flags/a", CaseStatus.Fail, "known: flags ignored", "https://example.org/1")));
        var c = o.Results.Cases.Single(c => c.Id == "open/flags/a");
        Assert.That(c.Status, Is.EqualTo(CaseStatus.XFail));
        Assert.That(c.Message, Does.StartWith("expected fail per linux.json entry open/flags/a: known: flags ignored (https://example.org/1)"));
        Assert.That(c.Message, Does.EndWith("open/flags/a went fail on impl@linux-x64-user"), "the case's own message is kept");
        Assert.That(c.Expected, Is.EqualTo("0"), "the oracle's expected/actual are kept");
        Assert.That(Expectations.ExpectedStatusOfXFail(c.Message), Is.EqualTo(CaseStatus.Fail));
        Assert.That(o.XPassed, Is.Empty);
        Assert.That(o.Unused, Is.Empty);
    }

    [Test]
    public void ExpectedFailureThatPassesIsXPassNamingTheEntry()
    {
        var o = Expectations.Apply(Run(), File_(new ExpectationEntry("open/flags/*", CaseStatus.Fail, "flags are wrong")));
        var b = o.Results.Cases.Single(c => c.Id == "open/flags/b");
        Assert.That(b.Status, Is.EqualTo(CaseStatus.XPass));
        Assert.That(b.Message, Does.Contain("entry open/flags/*").And.Contain("stale"));
        Assert.That(o.XPassed.Select(x => x.Entry.Id), Is.EqualTo(new[] { "open/flags/*" }));
        Assert.That(o.Results.Cases.Single(c => c.Id == "open/flags/a").Status, Is.EqualTo(CaseStatus.XFail));
        var lines = Expectations.Describe(o, File_()).ToList();
        Assert.That(lines.Single(), Does.Contain("stale expectation").And.Contain("open/flags/*").And.Contain("open/flags/b"));
    }

    [Test]
    public void FailingDifferentlyStaysUnexpectedWithTheExpectationInTheMessage()
    {
        var o = Expectations.Apply(Run(), File_(new ExpectationEntry("open/**", CaseStatus.Fail, "r")));
        var c = o.Results.Cases.Single(c => c.Id == "open/mode/deep/c");
        Assert.That(c.Status, Is.EqualTo(CaseStatus.Crashed));
        Assert.That(c.Message, Does.StartWith("ended crashed, but expected fail per"));
        Assert.That(o.Mismatched.Select(m => m.Case.Id), Is.EqualTo(new[] { "open/mode/deep/c" }));
    }

    [Test]
    public void UnusedEntriesAreReportedAndShadowedGlobsCountAsUnused()
    {
        var o = Expectations.Apply(Run(), File_(
            new ExpectationEntry("stat/*", CaseStatus.Timeout, "slow"),
            new ExpectationEntry("stat/x", CaseStatus.Timeout, "exact wins"),
            new ExpectationEntry("no/such/**", CaseStatus.Fail, "gone"),
            new ExpectationEntry("stat/?", CaseStatus.Timeout, "after stat/*, never chosen")));
        Assert.That(o.Results.Cases.Single(c => c.Id == "stat/x").Message, Does.Contain("exact wins"));
        Assert.That(o.Results.Cases.Single(c => c.Id == "stat/y").Status, Is.EqualTo(CaseStatus.Unsupported), "expected timeout, was unsupported: not a failure");
        Assert.That(o.Unused.Select(e => e.Id), Is.EqualTo(new[] { "no/such/**", "stat/?" }));
    }

    [Test]
    public void ExpectedUnsupportedStaysUnsupported()
    {
        var o = Expectations.Apply(Run(), File_(new ExpectationEntry("stat/y", CaseStatus.Unsupported, "no birth time")));
        Assert.That(o.Results.Cases.Single(c => c.Id == "stat/y").Status, Is.EqualTo(CaseStatus.Unsupported));
        Assert.That(o.Unused, Is.Empty);
    }

    [TestCase("open/*", "open/flags/a", false)]
    [TestCase("open/**", "open/mode/deep/c", true)]
    [TestCase("**/c", "open/mode/deep/c", true)]
    [TestCase("open/flags/?", "open/flags/a", true)]
    [TestCase("open/flags/a", "open/flags/ab", false)]
    public void GlobsMatchLikeRunFilter(string glob, string id, bool matches) =>
        Assert.That(Expectations.GlobToRegex(glob).IsMatch(id), Is.EqualTo(matches));

    [Test]
    public void WriteFromResultsGivesAFileThatAcceptsTheRun()
    {
        var run = Run();
        var file = Expectations.FromResults(run);
        Assert.That(file.Entries.Select(e => (e.Id, e.Status)), Is.EqualTo(new[]
        {
            ("open/flags/a", CaseStatus.Fail), ("open/mode/deep/c", CaseStatus.Crashed), ("stat/x", CaseStatus.Timeout),
        }));
        Assert.That(file.Entries.All(e => e.Reason.StartsWith(Expectations.ReviewMarker + " ") && e.Reason.Contains(" went ")), Is.True);

        var reread = Expectations.Parse(Expectations.Serialize(file), "written.json");
        var o = Expectations.Apply(run, reread);
        Assert.That(o.Results.Cases.Where(c => c.Status.NeedsAttention()), Is.Empty);
        Assert.That(o.Results.Cases.Count(c => c.Status == CaseStatus.XFail), Is.EqualTo(3));
        Assert.That(o.Unused, Is.Empty);

        // From a run already judged by expectations: xfail keeps the status it was expected to have.
        var again = Expectations.FromResults(o.Results);
        Assert.That(again.Entries.Select(e => (e.Id, e.Status)), Is.EqualTo(file.Entries.Select(e => (e.Id, e.Status))));
        Assert.That(again.Entries.Select(e => e.Reason), Is.EqualTo(file.Entries.Select(e => e.Reason)), "reasons are the original messages");
    }

    [Test]
    public void WriteCommandWritesAValidFileOrRefusesABadInput()
    {
        var results = Write(_dir, "results.json", Run());
        var outFile = Path.Combine(_dir, "expectations", "impl", "linux-x64-user.json");
        var (code, stdout, stderr) = ReportsCli.Run("expectations", "write", results, "--out", outFile);
        Assert.That(code, Is.EqualTo(0), stderr);
        Assert.That(stdout, Does.Contain("3 entries"));
        var file = Expectations.Read(outFile);
        Assert.That(file.Implementation, Is.EqualTo("impl"));
        Assert.That(file.Platform, Is.EqualTo("linux-x64-user"));

        var toStdout = ReportsCli.Run("expectations", "write", results);
        Assert.That(Expectations.Parse(Encoding.UTF8.GetBytes(toStdout.Out), "stdout").Entries, Has.Count.EqualTo(3));

        var bad = Path.Combine(_dir, "cut.json");
        File.WriteAllText(bad, File.ReadAllText(results)[..100]);
        var refused = ReportsCli.Run("expectations", "write", bad, "--out", Path.Combine(_dir, "never.json"));
        Assert.That(refused.Code, Is.EqualTo(2));
        Assert.That(refused.Err, Does.Contain(bad).And.Contain("truncated"));
        Assert.That(Path.Combine(_dir, "never.json"), Does.Not.Exist);
    }

    [TestCase("", "empty")]
    [TestCase("{\"format\": \"os-conformance/expectations\", \"schema_version\": 1, \"entries\": [", "truncated")]
    [TestCase("[1, 2]", "not an os-conformance expectations file")]
    [TestCase("{\"format\": \"os-conformance/results\", \"schema_version\": 1}", "this is a results file")]
    [TestCase("{\"format\": \"os-conformance/expectations\", \"schema_version\": 2, \"entries\": []}", "schema_version 2 is unknown")]
    [TestCase("{\"format\": \"os-conformance/expectations\", \"schema_version\": 1, \"entries\": [{\"id\": \"a/b\", \"status\": \"pass\", \"reason\": \"r\"}]}", "/entries/0/status (entry a/b)")]
    [TestCase("{\"format\": \"os-conformance/expectations\", \"schema_version\": 1, \"entries\": [{\"id\": \"a/b\", \"status\": \"fail\"}]}", "reason")]
    [TestCase("{\"format\": \"os-conformance/expectations\", \"schema_version\": 1, \"entries\": [{\"id\": \"a/b\", \"status\": \"fail\", \"reason\": \"two\\nlines\"}]}", "/entries/0/reason")]
    [TestCase("{\"format\": \"os-conformance/expectations\", \"schema_version\": 1, \"entries\": [{\"id\": \"a\", \"status\": \"fail\", \"reason\": \"r\"}, {\"id\": \"a\", \"status\": \"crashed\", \"reason\": \"r\"}]}", "entry a appears twice")]
    public void ReadRefusesBadFilesNamingThem(string text, string reason)
    {
        var path = Path.Combine(_dir, "bad-expectations.json");
        File.WriteAllText(path, text);
        var e = Assert.Throws<ResultsFormatException>(() => Expectations.Read(path))!;
        Assert.That(e.Message, Does.StartWith(path + ": ").And.Contain(reason));
    }
}
