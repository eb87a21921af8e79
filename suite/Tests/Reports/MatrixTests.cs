using System.Text.Json.Nodes;
using NUnit.Framework;
using OsConformance.Reports;
using static OsConformance.Suite.Tests.Reports.ReportsCli;

namespace OsConformance.Suite.Tests.Reports;

[TestFixture]
public sealed class MatrixTests
{
    private string _dir = null!;

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("reports-matrix-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    private const CaseStatus P = CaseStatus.Pass, F = CaseStatus.Fail, U = CaseStatus.Unsupported;

    /// <summary>Two implementations (a, b) on two platforms (x, y); one case per divergence pattern.</summary>
    internal static List<RunResults> FourColumns()
    {
        RunResults R(string impl, string label, CaseStatus plat, CaseStatus implBug, CaseStatus mixed, CaseStatus all) => MakeRun(impl, label,
            ("p/platform", plat), ("i/impl", implBug), ("m/mixed", mixed), ("f/everywhere", all), ("ok/always", P), ("u/unsup", label == "y" ? U : P));
        return
        [
            R("a", "x", F, P, F, F),
            R("a", "y", P, P, P, F),
            R("b", "x", F, F, P, F),
            R("b", "y", P, CaseStatus.Crashed, F, CaseStatus.Timeout),
        ];
    }

    private static Matrix Build(IEnumerable<RunResults> runs) => Matrix.Build(runs.Select((r, i) => (r, $"in{i}.json")).ToList());

    [Test]
    public void DivergentCasesAreClassified()
    {
        var m = Build(FourColumns());
        Assert.That(m.Columns.Select(c => c.Key), Is.EqualTo(new[] { "a@x", "a@y", "b@x", "b@y" }));
        var row = m.Rows.ToDictionary(r => r.Id);
        Assert.That((row["p/platform"].Verdict, row["p/platform"].Divergence), Is.EqualTo((CaseVerdict.Divergent, (Divergence?)Divergence.Platform)));
        Assert.That((row["i/impl"].Verdict, row["i/impl"].Divergence), Is.EqualTo((CaseVerdict.Divergent, (Divergence?)Divergence.Implementation)));
        Assert.That((row["m/mixed"].Verdict, row["m/mixed"].Divergence), Is.EqualTo((CaseVerdict.Divergent, (Divergence?)Divergence.Mixed)));
        Assert.That((row["f/everywhere"].Verdict, row["f/everywhere"].Divergence), Is.EqualTo((CaseVerdict.Fail, (Divergence?)null)));
        Assert.That((row["ok/always"].Verdict, row["u/unsup"].Verdict), Is.EqualTo((CaseVerdict.Pass, CaseVerdict.Pass)), "unsupported does not diverge");
    }

    [Test]
    public void ExtensionsAreShownApartPerColumnAndNeverJudged()
    {
        static RunResults WithExtensions(RunResults run, string[] names) => run with { Implementation = run.Implementation with { Extensions = names } };
        var withExtensions = WithExtensions(MakeRun("a", "x", ("c/1", P)), ["cwd", "fstat"]);
        var none = WithExtensions(MakeRun("b", "x", ("c/1", P)), []);
        var old = MakeRun("c", "x", ("c/1", P)); // a results file from before the field: Extensions null
        var files = new[] { withExtensions, none, old }.Select((run, i) => Write(_dir, $"in{i}/results.json", run)).ToArray();
        var reread = ResultsReader.Read(files[0]);
        Assert.That(reread.Implementation.Extensions, Is.EqualTo(new[] { "cwd", "fstat" }));
        Assert.That(ResultsReader.Read(files[2]).Implementation.Extensions, Is.Null);

        var m = Matrix.Build(files.Select(f => (ResultsReader.Read(f), f)).ToList());
        Assert.That(m.Rows.Single().Verdict, Is.EqualTo(CaseVerdict.Pass), "extensions change no verdict");
        var md = MatrixMarkdown.Render(m);
        Assert.That(md, Does.Contain("| column | implementation | extensions (not judged) |"));
        Assert.That(md, Does.Contain("| a 1.0 | cwd, fstat |").And.Contain("| b 1.0 | none |").And.Contain("| c 1.0 | not recorded |"));
        Assert.That(MatrixHtml.Render(m), Does.Contain("<dt>extensions (not judged)</dt><dd>cwd, fstat</dd>"));
        var json = MatrixJson.Serialize(m, c => $"badges/{c.Key}.json");
        Assert.DoesNotThrow(() => MatrixJson.Validate(json, "matrix.json"));
        var columns = JsonNode.Parse(json)!["columns"]!.AsArray();
        Assert.That(columns[0]!["implementation"]!["extensions"]!.AsArray().Select(e => e!.GetValue<string>()), Is.EqualTo(new[] { "cwd", "fstat" }));
        Assert.That(columns[2]!["implementation"]!.AsObject().ContainsKey("extensions"), Is.False);
    }

    [Test]
    public void OneImplementationOnTwoPlatformsIsAPlatformQuestionAndLoneColumnsAreAmbiguous()
    {
        var root = MakeRun("ref", "linux-root", ("c/1", P));
        var user = MakeRun("ref", "linux-user", ("c/1", F));
        Assert.That(Build([root, user]).Rows.Single().Divergence, Is.EqualTo(Divergence.Platform));
        var other = MakeRun("other", "macos", ("c/1", P));
        Assert.That(Build([user, other]).Rows.Single().Divergence, Is.EqualTo(Divergence.Ambiguous), "ref@linux-user is alone in both its platform and implementation");
    }

    [Test]
    public void PassRatesPerColumnFunctionAndFamilyLeaveUnsupportedOut()
    {
        var m = Build(FourColumns());
        // b@y: p/platform and ok/always pass, u/unsup unsupported, the other three fail: 2 of 5 applicable.
        Assert.That(m.Columns[3].Counts.PassRate, Is.EqualTo(0.4).Within(1e-9));
        Assert.That(m.Columns[3].Counts.PassRateText(), Is.EqualTo("40%"));
        Assert.That(m.Functions.Select(f => f.Name), Is.EqualTo(new[] { "f", "i", "m", "ok", "p", "u" }));
        Assert.That(m.Families.Select(f => f.Name), Is.EqualTo(new[] { "family:f", "family:i", "family:m", "family:ok", "family:p", "family:u" }), "first tag not needs-*/…-only");
        var p = m.Functions.Single(f => f.Name == "p");
        Assert.That(p.PerColumn.Select(c => c.PassRate), Is.EqualTo(new double?[] { 0, 1, 0, 1 }));
        Assert.That(m.Functions.Single(f => f.Name == "u").PerColumn[1].PassRate, Is.Null);
        // 99.96% must not read as 100%.
        var nearly = StatusCounts.Of(Enumerable.Repeat(SampleResults.Case("a/b", "a", P), 2499).Append(SampleResults.Case("a/c", "a", F)));
        Assert.That(nearly.PassRateText(), Is.EqualTo("99.9%"));
    }

    [Test]
    public void MergeWritesHtmlMarkdownJsonAndBadges()
    {
        var files = FourColumns().Select((r, i) => Write(_dir, $"in{i}/results.json", r)).ToArray();
        var outDir = Path.Combine(_dir, "matrix");
        var (code, stdout, stderr) = Run(["merge", .. files, "--out", outDir]);
        Assert.That(code, Is.EqualTo(0), stdout + stderr);
        Assert.That(stdout, Does.Contain("6 cases x 4 columns; 3 divergent, 1 failing everywhere"));

        Assert.That(Directory.GetFiles(outDir).Select(Path.GetFileName), Is.EquivalentTo(new[] { "matrix.html", "matrix.md", "matrix.json" }));
        Assert.That(Directory.GetDirectories(outDir).Select(Path.GetFileName), Is.EqualTo(new[] { "badges" }), "no staging folder left behind");

        var json = File.ReadAllBytes(Path.Combine(outDir, "matrix.json"));
        Assert.DoesNotThrow(() => MatrixJson.Validate(json, "matrix.json"));
        var doc = JsonNode.Parse(json)!;
        Assert.That(doc["columns"]!.AsArray().Select(c => c!["key"]!.GetValue<string>()), Is.EqualTo(new[] { "a@x", "a@y", "b@x", "b@y" }));
        var platformCase = doc["cases"]!.AsArray().Single(c => c!["id"]!.GetValue<string>() == "p/platform")!;
        Assert.That(platformCase["divergence"]!.GetValue<string>(), Is.EqualTo("platform"));
        Assert.That(platformCase["results"]!["a@x"]!["status"]!.GetValue<string>(), Is.EqualTo("fail"));
        Assert.That(platformCase["results"]!["a@x"]!["expected"]!.GetValue<string>(), Is.EqualTo("0"));

        var badge = JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "badges", "b@y.json")))!;
        Assert.That(badge.ToJsonString(), Is.EqualTo("{\"schemaVersion\":1,\"label\":\"os conformance\",\"message\":\"40%\",\"color\":\"red\"}"));
        var ay = JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "badges", "a@y.json")))!;
        Assert.That((ay["message"]!.GetValue<string>(), ay["color"]!.GetValue<string>()), Is.EqualTo(("80%", "yellow")), "a@y: 4 of 5 applicable pass");

        var md = File.ReadAllText(Path.Combine(outDir, "matrix.md"));
        Assert.That(md, Does.Contain("## Divergent cases (3)").And.Contain("| `p/platform` | platform | **fail** | pass | **fail** | pass |"));
        Assert.That(md, Does.Contain("## Failing everywhere (1)"));

        var html = File.ReadAllText(Path.Combine(outDir, "matrix.html"));
        Assert.That(System.Text.RegularExpressions.Regex.Matches(html, "<tr class=\"case "), Has.Count.EqualTo(6));
        Assert.That(html, Does.Not.Contain("http://").And.Not.Contain("https://").And.Not.Contain("<link"));
        Assert.That(html, Does.Contain("<pre class=\"expected\">0</pre>").And.Contain("<pre class=\"actual\">1</pre>"), "failures expand to expected vs actual per column");
    }

    [Test]
    public void TwoRunsWithTheSameColumnAreRefusedNamingBothFiles()
    {
        var first = Write(_dir, "one/results.json", MakeRun("ref", "linux-x64-root", ("a/b", P)));
        var second = Write(_dir, "two/results.json", MakeRun("ref", "linux-x64-root", ("a/b", F)));
        var outDir = Path.Combine(_dir, "out");
        var (code, _, stderr) = Run("merge", first, second, "--out", outDir);
        Assert.That(code, Is.EqualTo(2));
        Assert.That(stderr, Does.Contain(first).And.Contain(second).And.Contain("ref@linux-x64-root"));
        Assert.That(outDir, Does.Not.Exist);
    }

    [TestCase("corrupt", "corrupt JSON")]
    [TestCase("truncated", "truncated")]
    [TestCase("foreign", "not an os-conformance results file")]
    [TestCase("newer", "schema_version 2 is newer")]
    [TestCase("missing", "cannot read")]
    public void BadInputsAreRefusedNamingTheFileAndNothingIsWritten(string kind, string reason)
    {
        var good = Write(_dir, "good.json", MakeRun("ref", "x", ("a/b", P)));
        var text = File.ReadAllText(good);
        var bad = Path.Combine(_dir, $"{kind}.json");
        switch (kind)
        {
            case "corrupt": File.WriteAllText(bad, text.Replace("\"cases\": [", "\"cases\": [,")); break;
            case "truncated": File.WriteAllText(bad, text[..(text.Length / 2)]); break;
            case "foreign": File.WriteAllText(bad, "{\"$schema\": \"https://json-schema.org/draft/2020-12/schema\"}"); break;
            case "newer": File.WriteAllText(bad, text.Replace("\"schema_version\": 1", "\"schema_version\": 2")); break;
        }
        var outDir = Path.Combine(_dir, "out");
        var (code, _, stderr) = Run("merge", good, bad, "--out", outDir);
        Assert.That(code, Is.EqualTo(2));
        Assert.That(stderr, Does.Contain($"merge: {bad}: ").And.Contain(reason));
        Assert.That(outDir, Does.Not.Exist);
    }

    [Test]
    public void AFailedWriteLeavesTheOldOutputsAndNothingNew()
    {
        var files = FourColumns().Select((r, i) => Write(_dir, $"in{i}.json", r)).ToArray();
        var outDir = Path.Combine(_dir, "out");
        Directory.CreateDirectory(outDir);
        File.WriteAllText(Path.Combine(outDir, "matrix.html"), "old html");
        // A folder where matrix.json must go: the third rename fails, after matrix.html and matrix.md moved in.
        Directory.CreateDirectory(Path.Combine(outDir, "matrix.json"));

        var (code, _, stderr) = Run(["merge", .. files, "--out", outDir]);
        Assert.That(code, Is.EqualTo(3), "a write failure is an infrastructure failure");
        Assert.That(stderr, Does.Contain("nothing was written"));
        Assert.That(File.ReadAllText(Path.Combine(outDir, "matrix.html")), Is.EqualTo("old html"), "the replaced file is restored");
        Assert.That(Path.Combine(outDir, "matrix.md"), Does.Not.Exist);
        Assert.That(Path.Combine(outDir, "badges"), Does.Not.Exist);
        Assert.That(Directory.GetFileSystemEntries(outDir).Select(Path.GetFileName), Is.EquivalentTo(new[] { "matrix.html", "matrix.json" }));
    }

    [Test]
    public void DifferentSuiteVersionsAreMergedWithAWarning()
    {
        var a = Write(_dir, "a.json", MakeRun("ref", "x", ("a/b", P)));
        var b = Write(_dir, "b.json", MakeRun("ref", "y", ("a/b", P)) with { SuiteVersion = "0.0.9" });
        var (code, _, stderr) = Run("merge", a, b, "--out", Path.Combine(_dir, "out"));
        Assert.That(code, Is.EqualTo(0));
        Assert.That(stderr, Does.Contain("warning: the runs come from different suite versions").And.Contain("ref@y: 0.0.9"));
        Assert.That(File.ReadAllText(Path.Combine(_dir, "out", "matrix.md")), Does.Contain("**Warning:**"));
    }

    [Test]
    public void ACaseNoColumnRanIsUnsupportedNotPass()
    {
        var m = Build([MakeRun("a", "x", ("u/everywhere", U), ("ok/1", P)), MakeRun("b", "x", ("u/everywhere", U), ("ok/1", P))]);
        var row = m.Rows.ToDictionary(r => r.Id);
        Assert.That(row["u/everywhere"].Verdict, Is.EqualTo(CaseVerdict.Unsupported));
        Assert.That(row["ok/1"].Verdict, Is.EqualTo(CaseVerdict.Pass));
        var json = MatrixJson.Serialize(m, c => $"badges/{c.Key}.json");
        Assert.DoesNotThrow(() => MatrixJson.Validate(json, "matrix.json"));
        Assert.That(JsonNode.Parse(json)!["cases"]!.AsArray().Single(c => c!["id"]!.GetValue<string>() == "u/everywhere")!["verdict"]!.GetValue<string>(), Is.EqualTo("unsupported"));
        Assert.That(MatrixHtml.Render(m), Does.Contain("data-verdict=\"unsupported\"").And.Contain("<option value=\"unsupported\">unsupported (1)</option>"));
        Assert.That(MatrixMarkdown.Render(m), Does.Contain("**unsupported everywhere:** 1"));
    }

    [Test]
    public void AFilteredRunIsMarkedInItsColumnAndBadge()
    {
        // A full run (the suite's 3 cases) beside a run filtered to 1 of them, which passes it.
        var full = MakeRun("a", "x", ("c/1", P), ("c/2", F), ("c/3", P)) with { SuiteCases = 3 };
        var filtered = MakeRun("b", "x", ("c/1", P)) with { SuiteCases = 3 };
        var files = new[] { full, filtered }.Select((r, i) => Write(_dir, $"in{i}/results.json", r)).ToArray();
        Assert.That(ResultsReader.Read(files[1]).SuiteCases, Is.EqualTo(3), "suite.cases survives results.json");
        var outDir = Path.Combine(_dir, "matrix");
        var (code, stdout, stderr) = Run(["merge", .. files, "--out", outDir]);
        Assert.That(code, Is.EqualTo(0), stdout + stderr);
        Assert.That(stderr, Does.Contain("b@x is a filtered run (filtered: 1 of 3 cases)"));

        var badge = JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "badges", "b@x.json")))!;
        Assert.That((badge["message"]!.GetValue<string>(), badge["color"]!.GetValue<string>()), Is.EqualTo(("100% (filtered: 1 of 3 cases)", "lightgrey")),
            "a 1-case run does not show as a green 100% badge");
        var fullBadge = JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "badges", "a@x.json")))!;
        Assert.That(fullBadge["message"]!.GetValue<string>(), Is.EqualTo("66.6%"));

        var doc = JsonNode.Parse(File.ReadAllBytes(Path.Combine(outDir, "matrix.json")))!;
        var columns = doc["columns"]!.AsArray();
        Assert.That((columns[0]!["filtered"]!.GetValue<bool>(), columns[1]!["filtered"]!.GetValue<bool>()), Is.EqualTo((false, true)));
        Assert.That(columns[1]!["suite_cases"]!.GetValue<int>(), Is.EqualTo(3));
        Assert.That(File.ReadAllText(Path.Combine(outDir, "matrix.html")), Does.Contain("<tr class=\"filtered\">").And.Contain("<span class=\"filtered-mark\">filtered: 1 of 3 cases</span>"));
        Assert.That(File.ReadAllText(Path.Combine(outDir, "matrix.md")), Does.Contain("| 100% (filtered: 1 of 3 cases) |"));
    }

    [Test]
    public void AFilteredRunRecordsItsFiltersInResultsJsonAndItsSummary()
    {
        var run = MakeRun("b", "x", ("c/1", P)) with { SuiteCases = 3, Selection = new(["c/**", "d/1"], ["open"], ["!needs-root"]) };
        var file = Write(_dir, "sel/results.json", run);
        var suite = JsonNode.Parse(File.ReadAllText(file))!["suite"]!;
        Assert.That(suite["selection"]!.ToJsonString(), Is.EqualTo("""{"filter":["c/**","d/1"],"function":["open"],"tag":["!needs-root"]}"""));
        var back = ResultsReader.Read(file).Selection!;
        Assert.That((back.Filters, back.Functions, back.Tags), Is.EqualTo((new[] { "c/**", "d/1" }, new[] { "open" }, new[] { "!needs-root" })));
        Assert.That(SummaryMarkdown.Render(run), Does.Contain("> **Filtered run:** 1 of the suite's 3 cases (--filter 'c/\\*\\*' --filter 'd/1' --function open --tag !needs-root)."), "markdown-escaped");
        Assert.That(JsonNode.Parse(File.ReadAllText(Write(_dir, "full/results.json", MakeRun("a", "x", ("c/1", P)))))!["suite"]!["selection"], Is.Null,
            "a run without filters has no selection");
    }

    [Test]
    public void WithoutSuiteCasesAColumnWithFewerCasesThanAnotherOfItsVersionIsFiltered()
    {
        // Files written before suite.cases: the largest run of the same suite version stands for the suite.
        var m = Build([MakeRun("a", "x", ("c/1", P), ("c/2", P)), MakeRun("b", "x", ("c/1", P))]);
        Assert.That(m.Columns.Select(c => (c.Filtered, c.SuiteCases)), Is.EqualTo(new[] { (false, 2), (true, 2) }));
        Assert.That(m.Warnings, Has.Some.Contains("b@x is a filtered run (filtered: 1 of 2 cases, against the largest run of its suite version)"));
        Assert.That(Build([MakeRun("b", "x", ("c/1", P))]).Columns.Single().Filtered, Is.False, "alone and without suite.cases, nothing tells");
    }
}
