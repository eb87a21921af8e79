using System.Text.RegularExpressions;
using NUnit.Framework;
using OsConformance.Reports;
using OsConformance.Suite.Tests.Reports;

namespace OsConformance.Suite.Tests.Browser;

/// <summary>Opens matrix.html and report.html in headless Chromium: the script runs without errors and shows the rows it should.</summary>
[TestFixture, NonParallelizable]
public sealed class ReportPagesTests
{
    private string _dir = null!;

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("browser-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    // Case rows (the outer table's: they start with class "case") the filters left visible.
    private static List<string> VisibleRows(string dom) =>
        Regex.Matches(dom, "<tr class=\"case[^\"]*\"[^>]*>.*?</code>", RegexOptions.Singleline)
            .Select(m => m.Value).Where(v => !Regex.IsMatch(v, "^<tr class=\"[^\"]*\\bhidden\\b")).ToList();

    private static int VisibleCaseRows(string dom) => VisibleRows(dom).Count;

    private static void AssertLoadedCleanly(Dictionary<string, string> attrs)
    {
        Assert.That(attrs.GetValueOrDefault("data-errors"), Is.EqualTo("0"), "script errors: " + attrs.GetValueOrDefault("data-error-message"));
        Assert.That(attrs.GetValueOrDefault("data-ready"), Is.EqualTo("1"), "the page's script did not run to its end");
    }

    [Test]
    public void MatrixPageLoadsWithoutErrorsAndShowsEveryRow()
    {
        var m = Matrix.Build(MatrixTests.FourColumns().Select((r, i) => (r, $"in{i}.json")).ToList());
        var paths = MatrixWriter.WriteAll(m, Path.Combine(_dir, "matrix"));

        var dom = HeadlessChromium.DumpDom(paths.Html);
        var attrs = HeadlessChromium.RootAttributes(dom);
        AssertLoadedCleanly(attrs);
        Assert.That(attrs["data-rows"], Is.EqualTo("6"));
        Assert.That(attrs["data-shown"], Is.EqualTo("6"));
        Assert.That(VisibleCaseRows(dom), Is.EqualTo(6));
        Assert.That(dom, Does.Contain("6 of 6 cases"));
    }

    [Test]
    public void MatrixPageFiltersFromTheFragment()
    {
        var m = Matrix.Build(MatrixTests.FourColumns().Select((r, i) => (r, $"in{i}.json")).ToList());
        var paths = MatrixWriter.WriteAll(m, Path.Combine(_dir, "matrix"));

        var dom = HeadlessChromium.DumpDom(paths.Html, "#verdict=divergent");
        AssertLoadedCleanly(HeadlessChromium.RootAttributes(dom));
        Assert.That(VisibleCaseRows(dom), Is.EqualTo(3), "p/platform, i/impl, m/mixed");
        Assert.That(dom, Does.Contain("3 of 6 cases"));

        var one = HeadlessChromium.DumpDom(paths.Html, "#divergence=implementation");
        var visible = VisibleRows(one);
        Assert.That(visible, Has.Count.EqualTo(1));
        Assert.That(visible[0], Does.Contain(">i/impl</code>"));
    }

    [Test]
    public void RunReportPageLoadsWithoutErrorsAndShowsEveryCase()
    {
        var results = SampleResults.Create();
        var paths = ResultsWriter.WriteAll(results, Path.Combine(_dir, "run"));
        var dom = HeadlessChromium.DumpDom(paths.ReportHtml);
        var attrs = HeadlessChromium.RootAttributes(dom);
        AssertLoadedCleanly(attrs);
        Assert.That(attrs["data-rows"], Is.EqualTo(results.Cases.Count.ToString()));
        Assert.That(VisibleCaseRows(dom), Is.EqualTo(results.Cases.Count));
    }

    [Test]
    public void AScriptErrorIsCaught()
    {
        // The check above must be able to fail: break the page's script and the markers say so.
        var m = Matrix.Build(MatrixTests.FourColumns().Select((r, i) => (r, $"in{i}.json")).ToList());
        var html = MatrixHtml.Render(m).Replace("apply();\n", "apply(); undefinedFunction();\n");
        Assert.That(html, Does.Contain("undefinedFunction"));
        var path = Path.Combine(_dir, "broken.html");
        File.WriteAllText(path, html);
        var attrs = HeadlessChromium.RootAttributes(HeadlessChromium.DumpDom(path));
        Assert.That(attrs.GetValueOrDefault("data-errors"), Is.EqualTo("1"));
        Assert.That(attrs.GetValueOrDefault("data-error-message"), Does.Contain("undefinedFunction"));
        Assert.That(attrs.ContainsKey("data-ready"), Is.False);
    }

    [Test]
    public void ABrowserIsInstalled()
    {
        // The one place a missing browser is a failure, with how to get one; the page tests are ignored pointing here.
        var found = HeadlessChromium.FindHere();
        Assert.That(found.Path, Is.Not.Null, found.Problem);
    }

    private string WriteReport(RunResults results)
    {
        var paths = ResultsWriter.WriteAll(results, Path.Combine(_dir, "run"));
        return paths.ReportHtml;
    }

    private static List<string> VisibleIds(string dom) =>
        VisibleRows(dom).Select(r => Regex.Match(r, "data-id=\"([^\"]*)\"").Groups[1].Value).Select(v => System.Net.WebUtility.HtmlDecode(v)!).ToList();

    [Test]
    public void RunReportPageLeadsWithThePictureAndTheFailuresGroupedByCause()
    {
        var results = SampleResults.Create();
        var dom = HeadlessChromium.DumpDom(WriteReport(results));
        AssertLoadedCleanly(HeadlessChromium.RootAttributes(dom));

        // The picture: an inline SVG with one bar per family, before everything else in <main>.
        int chart = dom.IndexOf("<svg id=\"family-chart\"", StringComparison.Ordinal);
        Assert.That(chart, Is.GreaterThan(0), "the picture is there");
        var families = results.Cases.Select(c => c.Tags[0]).Distinct().ToList();
        Assert.That(Regex.Matches(dom, "<a href=\"#family=[^\"]*\" class=\"bar\"").Count, Is.EqualTo(families.Count), "one bar per family");
        Assert.That(Regex.Matches(dom, "<rect class=\"seg seg-fail\"").Count, Is.EqualTo(3), "fail segments in the three families with a fail");

        // Failures first: the grouped failures come before the case list, whose first rows are failures.
        int failures = dom.IndexOf("<section id=\"failures\">", StringComparison.Ordinal), caseList = dom.IndexOf("<section id=\"cases\">", StringComparison.Ordinal);
        Assert.That(chart < failures && failures < caseList, Is.True, "picture, then failures, then the cases");
        Assert.That(dom, Does.Contain("<h2>Failures (7)</h2>"));
        int xfail = dom.IndexOf("<section id=\"xfail\">", StringComparison.Ordinal);
        Assert.That(failures < xfail && xfail < caseList, Is.True, "the expected failures come after the failures");
        Assert.That(Regex.Matches(dom[failures..xfail], "<li class=\"cause\">").Count, Is.EqualTo(7), "seven causes: each failure here differs");
        var order = VisibleRows(dom).Select(r => Regex.Match(r, "data-status=\"([a-z]+)\"").Groups[1].Value).ToList();
        int needAttention = results.Cases.Count(c => c.Status.NeedsAttention());
        Assert.That(order.Take(needAttention).All(s => s is not ("pass" or "xfail" or "unsupported")), Is.True, string.Join(",", order));
        Assert.That(order[^1], Is.EqualTo("pass"));
    }

    [Test]
    public void RunReportPageGroupsCasesOfOneShapeAsOneCause()
    {
        var results = SampleResults.Create();
        results = results with
        {
            Cases = [.. Enumerable.Range(0, 5).Select(i => SampleResults.Case($"open/flags/unknown/f{i}/type-error", "open", CaseStatus.Fail,
                message: $"open('/tmp/x{i}', 'f{i}') returned fd {i + 3}, expected TypeError"))],
        };
        var dom = HeadlessChromium.DumpDom(WriteReport(results));
        AssertLoadedCleanly(HeadlessChromium.RootAttributes(dom));
        Assert.That(dom, Does.Contain("<b>5</b> × <span class=\"badge st-fail\">fail</span> <span class=\"shape\">open('…', '…') returned fd N, expected TypeError</span>"));
    }

    [TestCase("#status=fail", 3)]
    [TestCase("#status=!pass", 9)]
    [TestCase("#family=family%3Aopen", 3)]
    [TestCase("#status=!pass&family=family%3Adup2", 1)]
    [TestCase("#function=isatty", 1)]
    [TestCase("#text=pipes", 1)]
    public void RunReportPageFiltersFromTheFragment(string fragment, int shown)
    {
        var dom = HeadlessChromium.DumpDom(WriteReport(SampleResults.Create()), fragment);
        var attrs = HeadlessChromium.RootAttributes(dom);
        AssertLoadedCleanly(attrs);
        Assert.That(attrs["data-shown"], Is.EqualTo(shown.ToString()));
        Assert.That(VisibleCaseRows(dom), Is.EqualTo(shown));
    }

    [Test]
    public void RunReportPageShowsOneCaseOpenFromItsIdInTheFragment()
    {
        const string id = "open/flags/wx+/fails-if-exists";
        var dom = HeadlessChromium.DumpDom(WriteReport(SampleResults.Create()), "#id=" + Uri.EscapeDataString(id));
        AssertLoadedCleanly(HeadlessChromium.RootAttributes(dom));
        Assert.That(VisibleIds(dom), Is.EqualTo(new[] { id }));
        Assert.That(Regex.IsMatch(dom, "data-id=\"open/flags/wx\\+/fails-if-exists\"><td[^>]*>.*?<details open=\"\"", RegexOptions.Singleline), Is.True, "its details are open");
    }

    [Test]
    public void MatrixColumnTableFitsA1400PxWindowAndMarksAFilteredRun()
    {
        // Three columns with long descriptions: the wide parts fold, every count stays on screen.
        RunResults Long(string impl, string label, int cases) => MakeLong(ReportsCli.MakeRun(impl, label,
            [.. Enumerable.Range(0, cases).Select(i => ($"c/{i}", i % 7 == 0 ? CaseStatus.XFail : CaseStatus.Pass))]) with { SuiteCases = 9 });
        static RunResults MakeLong(RunResults r) => r with
        {
            Implementation = r.Implementation with { Extensions = [.. Enumerable.Range(0, 30).Select(i => $"extension_function_{i}")] },
            Platform = r.Platform with { Kernel = "6.12.0-1-amd64 #1 SMP PREEMPT_DYNAMIC Debian 6.12.5-1 (2024-12-19) x86_64", Libc = "glibc 2.41 (GNU C Library (Debian GLIBC 2.41-6) stable release)" },
        };
        var m = Matrix.Build([(Long("sjs-os-reference", "linux-x64-root", 9), "/a/very/long/path/to/results/os-conformance-reference/linux-x64-root/results.json"),
            (Long("sjs", "linux-x64-root", 9), "/a/very/long/path/to/results/sjs/linux-x64-root/results.json"),
            (Long("sjs", "linux-x64-user", 3), "/a/very/long/path/to/results/sjs/linux-x64-user/results.json")]);
        var html = MatrixHtml.Render(m).Replace("</body>",
            "<script>(function () { var t = document.getElementById('column-table').getBoundingClientRect(), c = document.getElementById('case-table').getBoundingClientRect();" +
            " document.documentElement.setAttribute('data-right', String(Math.ceil(Math.max(t.right, c.right)))); })();</script>\n</body>");
        var path = Path.Combine(_dir, "wide.html");
        File.WriteAllText(path, html);
        var dom = HeadlessChromium.DumpDom(path, windowWidth: 1400);
        var attrs = HeadlessChromium.RootAttributes(dom);
        AssertLoadedCleanly(attrs);
        Assert.That(int.Parse(attrs["data-right"]), Is.LessThanOrEqualTo(1400), "the column and case tables end inside a 1400 px window");
        Assert.That(dom, Does.Contain("<span class=\"filtered-mark\">filtered: 3 of 9 cases</span>"));
    }

    [Test]
    public void MatrixPageFiltersUnsupportedVerdictFromTheFragment()
    {
        var runs = new[] { ReportsCli.MakeRun("a", "x", ("u/all", CaseStatus.Unsupported), ("p/1", CaseStatus.Pass)), ReportsCli.MakeRun("b", "x", ("u/all", CaseStatus.Unsupported), ("p/1", CaseStatus.Pass)) };
        var paths = MatrixWriter.WriteAll(Matrix.Build(runs.Select((r, i) => (r, $"in{i}.json")).ToList()), Path.Combine(_dir, "matrix"));
        var dom = HeadlessChromium.DumpDom(paths.Html, "#verdict=unsupported");
        AssertLoadedCleanly(HeadlessChromium.RootAttributes(dom));
        var visible = VisibleRows(dom);
        Assert.That(visible, Has.Count.EqualTo(1));
        Assert.That(visible[0], Does.Contain(">u/all</code>"));
    }
}
