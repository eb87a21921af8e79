using System.Text;
using System.Text.Json.Nodes;
using NUnit.Framework;
using OsConformance.Reports;
using static OsConformance.Suite.Tests.Reports.ReportsCli;

namespace OsConformance.Suite.Tests.Reports;

/// <summary>results.json's `performance` (run --perf) through the schema, the run's reports and merge.</summary>
[TestFixture]
public sealed class PerformanceReportTests
{
    private const string Unsupported = "unsupported: the harness does not list the optional fork op";

    private static RunResults Run(string impl, string label, PerformanceResults? perf) =>
        MakeRun(impl, label, ("getpid/x", CaseStatus.Pass)) with { Performance = perf };

    private static JsonObject SampleDocument() => JsonNode.Parse(ResultsJson.Serialize(SampleResults.Create()))!.AsObject();

    // The pages encode µ and × as character references.
    private static string H(string s) => System.Net.WebUtility.HtmlEncode(s);

    private static RunResults Parse(JsonNode doc) => ResultsJson.Parse(Encoding.UTF8.GetBytes(doc.ToJsonString()), "in.json");

    [Test]
    public void PerformanceSurvivesTheRoundTripThroughTheSchema()
    {
        var original = SampleResults.Create() with { Performance = SampleResults.Performance(forkError: Unsupported) with { LoadAverage = null } };
        var read = ResultsJson.Parse(ResultsJson.Serialize(original), "in.json");
        ResultsJsonTests.AssertSamePerformance(read.Performance!, original.Performance!);

        var perf = JsonNode.Parse(ResultsJson.Serialize(original))!["performance"]!;
        Assert.That(perf["format"]!.GetValue<string>(), Is.EqualTo("os-conformance/performance"));
        Assert.That(perf["version"]!.GetValue<int>(), Is.EqualTo(1));
        Assert.That(perf["method"]!.GetValue<string>(), Is.EqualTo("min-over-rounds"));
        Assert.That(perf["load_average"], Is.Null);
        var fork = perf["operations"]!.AsArray().Single(o => o!["op"]!.GetValue<string>() == "fork+_exit+waitpid")!;
        Assert.That((fork["ns_per_op"], fork["error"]!.GetValue<string>()), Is.EqualTo(((JsonNode?)null, Unsupported)));
    }

    [Test]
    public void ResultsWithoutPerformanceStayValid()
    {
        var bytes = ResultsJson.Serialize(Run("a", "x", null));
        Assert.That(JsonNode.Parse(bytes)!.AsObject().ContainsKey("performance"), Is.False);
        Assert.That(ResultsJson.Parse(bytes, "old.json").Performance, Is.Null);
    }

    [TestCase("ns_per_op", "0", TestName = "a zero figure is refused")]
    [TestCase("ns_per_op", "null", TestName = "a figure without a value needs an error")]
    [TestCase("error", "\"both a figure and an error\"", TestName = "a figure with an error is refused")]
    [TestCase("how", "null", TestName = "how is required")]
    public void TheSchemaRefusesABrokenFigure(string member, string json)
    {
        var doc = SampleDocument();
        doc["performance"]!["operations"]![0]![member] = JsonNode.Parse(json);
        var e = Assert.Throws<ResultsFormatException>(() => Parse(doc))!;
        Assert.That(e.Message, Does.StartWith("in.json: does not match schemas/results.schema.json").And.Contain("/performance/operations/0"));
    }

    [Test]
    public void FreeFormPerformanceIsRefused()
    {
        var doc = SampleDocument();
        doc["performance"] = new JsonObject { ["wall_ms"] = 12377.5 };
        var e = Assert.Throws<ResultsFormatException>(() => Parse(doc))!;
        Assert.That(e.Message, Does.Contain("/performance"));
    }

    [Test]
    public void TheWriterRefusesAFigureWithNeitherValueNorError()
    {
        var perf = SampleResults.Performance() with { RoundTrip = new PerformanceFigure("protocol round trip", null, "how", null) };
        Assert.Throws<ArgumentException>(() => ResultsJson.Serialize(SampleResults.Create() with { Performance = perf }));
    }

    [TestCase(812.4, "812 ns")]
    [TestCase(2000, "2.00 µs")]
    [TestCase(27_040, "27.0 µs")]
    [TestCase(155_000, "155 µs")]
    [TestCase(14_100_000, "14.1 ms")]
    public void FiguresReadInThreeDigits(double ns, string text) => Assert.That(PerformanceText.Ns(ns), Is.EqualTo(text));

    [Test]
    public void SummaryAndReportShowAReadableTable()
    {
        var run = SampleResults.Create() with { Performance = SampleResults.Performance(forkError: Unsupported) };
        var md = SummaryMarkdown.Render(run);
        Assert.That(md, Does.Contain("## Performance"));
        Assert.That(md, Does.Contain("n = 2000 calls, minimum over 3 rounds, taken 2026-11-27 02:00 UTC, load average 0.50 0.25 0.13"));
        Assert.That(md, Does.Contain("| getpid | 2.00 µs | repeat getpid, n=2000 |  |"));
        Assert.That(md, Does.Contain("| stat | 7.03 µs | repeat stat(\"\\<b\\>f.txt\\</b\\>\") \\| \\*n\\*=2000 \\& more |  |"), "how is escaped");
        Assert.That(md, Does.Contain($"| fork+\\_exit+waitpid | — | fork op + call waitpid minus 2 round trips | {Unsupported} |"));
        Assert.That(md, Does.Contain("| protocol round trip | 27.0 µs |"));

        var html = HtmlReport.Render(run);
        Assert.That(html, Does.Contain("<table id=\"performance-table\">"));
        Assert.That(html, Does.Contain($"<td>getpid</td><td class=\"n\">{H("2.00 µs")}</td>"));
        Assert.That(html, Does.Contain("<td>fork+_exit+waitpid</td><td class=\"na\">—</td>"));
        Assert.That(html, Does.Contain($"<td class=\"error\">{Unsupported}</td>"));
        Assert.That(html, Does.Contain("&lt;b&gt;f.txt&lt;/b&gt;").And.Not.Contain("<b>f.txt</b>"));
        Assert.That(html, Does.Not.Contain("ns_per_op"), "a table, not the raw JSON");
    }

    [Test]
    public void RunsWithoutPerformanceHaveNoPerformanceSection()
    {
        var run = Run("a", "x", null);
        Assert.That(SummaryMarkdown.Render(run), Does.Not.Contain("## Performance"));
        Assert.That(HtmlReport.Render(run), Does.Not.Contain("<table id=\"performance-table\""));
    }

    /// <summary>a@x measured (fork unsupported), b@y did not measure, c@z measured at 1.5× everything.</summary>
    private static Matrix ThreeColumns() => Matrix.Build(
    [
        (Run("a", "x", SampleResults.Performance(forkError: Unsupported)), "a.json"),
        (Run("b", "y", null), "b.json"),
        (Run("c", "z", SampleResults.Performance(scale: 1.5)), "c.json"),
    ]);

    [Test]
    public void MergeLinesUpOperationsWithRatiosToTheFirstColumnThatHasTheFigure()
    {
        var m = ThreeColumns();
        Assert.That(m.Performance.Select(r => r.Operation), Is.EqualTo(new[] { "getpid", "stat", "fork+_exit+waitpid", "protocol round trip" }));
        var getpid = m.Performance[0];
        Assert.That((getpid.Baseline, getpid.CellText(0), getpid.CellText(1), getpid.CellText(2)), Is.EqualTo(((int?)0, "2.00 µs", "—", "3.00 µs (1.50×)")));
        var fork = m.Performance[2];
        Assert.That((fork.Baseline, fork.CellText(0), fork.CellText(1), fork.CellText(2)), Is.EqualTo(((int?)2, "not measured", "—", "21.3 ms")),
            "a@x has no fork figure, so c@z is the baseline and has no ratio");
        Assert.That(fork.Ratio(2), Is.Null);
    }

    [Test]
    public void MatrixMarkdownShowsThePerformanceTable()
    {
        var md = MatrixMarkdown.Render(ThreeColumns());
        Assert.That(md, Does.Contain("## Performance"));
        Assert.That(md, Does.Contain("| operation | `a@x` | `b@y` | `c@z` |\n|---|---:|---:|---:|\n"));
        Assert.That(md, Does.Contain("| getpid | 2.00 µs | — | 3.00 µs (1.50×) |"));
        Assert.That(md, Does.Contain("| fork+\\_exit+waitpid | not measured | — | 21.3 ms |"));
        Assert.That(md, Does.Contain("| protocol round trip | 27.0 µs | — | 40.5 µs (1.50×) |"));
        Assert.That(md, Does.Contain("- `b@y`: no performance figures (run without `--perf`)"));
        Assert.That(md, Does.Contain($"- `a@x` fork+\\_exit+waitpid: {Unsupported}"));
        Assert.That(md.IndexOf("## Performance", StringComparison.Ordinal), Is.LessThan(md.IndexOf("## Divergent cases", StringComparison.Ordinal)),
            "next to the conformance summary, before the case lists");
    }

    [Test]
    public void MatrixHtmlShowsThePerformanceTable()
    {
        var html = MatrixHtml.Render(ThreeColumns());
        Assert.That(html, Does.Contain("<table id=\"performance-table\">"));
        Assert.That(html, Does.Contain("<th>a@x</th><th>b@y</th><th>c@z</th>"));
        Assert.That(html, Does.Contain($"<td class=\"n\" title=\"repeat getpid, n=2000\">{H("2.00 µs")}</td><td class=\"n na\">—</td><td class=\"n\" title=\"repeat getpid, n=2000\">{H("3.00 µs (1.50×)")}</td>"));
        Assert.That(html, Does.Contain($"<td class=\"n na error\" title=\"{Unsupported}\">not measured</td>"));
        Assert.That(html, Does.Contain("&lt;b&gt;f.txt&lt;/b&gt;").And.Not.Contain("<b>f.txt</b>"));
    }

    [Test]
    public void MatrixJsonCarriesPerformanceAndMatchesItsSchema()
    {
        var bytes = MatrixJson.Serialize(ThreeColumns(), c => $"badges/{c.Key}.json");
        MatrixJson.Validate(bytes, "matrix.json");
        var doc = JsonNode.Parse(bytes)!;
        var columns = doc["columns"]!.AsArray();
        Assert.That(columns[1]!["performance"], Is.Null);
        Assert.That(columns[0]!["performance"]!["n"]!.GetValue<int>(), Is.EqualTo(2000));
        var rows = doc["performance"]!.AsArray();
        Assert.That(rows.Select(r => r!["op"]!.GetValue<string>()), Is.EqualTo(new[] { "getpid", "stat", "fork+_exit+waitpid", "protocol round trip" }));
        var getpid = rows[0]!;
        Assert.That(getpid["baseline"]!.GetValue<string>(), Is.EqualTo("a@x"));
        Assert.That(getpid["results"]!["b@y"], Is.Null);
        Assert.That(getpid["results"]!["c@z"]!["ratio"]!.GetValue<double>(), Is.EqualTo(1.5));
        Assert.That(getpid["results"]!["a@x"]!["ratio"], Is.Null);
        var fork = rows[2]!;
        Assert.That(fork["baseline"]!.GetValue<string>(), Is.EqualTo("c@z"));
        Assert.That(fork["results"]!["a@x"]!["error"]!.GetValue<string>(), Is.EqualTo(Unsupported));
    }

    [Test]
    public void AMergeWithoutPerformanceSaysSoAndStaysValid()
    {
        var m = Matrix.Build([(Run("a", "x", null), "a.json"), (Run("b", "y", null), "b.json")]);
        Assert.That(m.Performance, Is.Empty);
        Assert.That(MatrixMarkdown.Render(m), Does.Contain("No run measured performance (`run --perf`)."));
        Assert.That(MatrixHtml.Render(m), Does.Contain("No run measured performance").And.Not.Contain("<table id=\"performance-table\""));
        var bytes = MatrixJson.Serialize(m, c => $"badges/{c.Key}.json");
        MatrixJson.Validate(bytes, "matrix.json");
        Assert.That(JsonNode.Parse(bytes)!["performance"]!.AsArray(), Is.Empty);
    }

    [Test]
    public void MergeReadsPerformanceFromResultsFiles()
    {
        var dir = Directory.CreateTempSubdirectory("reports-perf-").FullName;
        try
        {
            var a = Write(dir, "a/results.json", Run("a", "x", SampleResults.Performance()));
            var b = Write(dir, "b/results.json", Run("b", "y", null));
            var (code, stdout, stderr) = ReportsCli.Run("merge", a, b, "--out", Path.Combine(dir, "matrix"));
            Assert.That(code, Is.EqualTo(0), stdout + stderr);
            Assert.That(File.ReadAllText(Path.Combine(dir, "matrix", "matrix.md")), Does.Contain("| getpid | 2.00 µs | — |"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
