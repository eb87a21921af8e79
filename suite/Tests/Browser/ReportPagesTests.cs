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
}
