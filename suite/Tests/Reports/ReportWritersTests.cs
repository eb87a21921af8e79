using System.Text.RegularExpressions;
using System.Xml.Linq;
using NUnit.Framework;
using OsConformance.Reports;

namespace OsConformance.Suite.Tests.Reports;

[TestFixture]
public sealed class ReportWritersTests
{
    private string _dir = null!;
    private RunResults _results = null!;
    private ReportPaths _paths = null!;

    [SetUp]
    public void SetUp()
    {
        _dir = Directory.CreateTempSubdirectory("reports-out-").FullName;
        _results = SampleResults.Create();
        _paths = ResultsWriter.WriteAll(_results, Path.Combine(_dir, "out"));
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    private IEnumerable<CaseResult> Failing => _results.Cases.Where(c => c.Status.NeedsAttention());

    [Test]
    public void WriteAllWritesTheFourFilesAndNoTemporaries()
    {
        var names = Directory.GetFiles(Path.Combine(_dir, "out")).Select(Path.GetFileName);
        Assert.That(names, Is.EquivalentTo(new[] { "results.json", "junit.xml", "summary.md", "report.html" }));
    }

    [Test]
    public void JUnitParsesWithRightCounts()
    {
        var doc = XDocument.Load(_paths.JUnitXml);
        var root = doc.Root!;
        Assert.That(root.Name.LocalName, Is.EqualTo("testsuites"));
        Assert.That((int)root.Attribute("tests")!, Is.EqualTo(11));
        Assert.That((int)root.Attribute("failures")!, Is.EqualTo(4), "3 fail + 1 xpass");
        Assert.That((int)root.Attribute("errors")!, Is.EqualTo(3), "broken + crashed + timeout");
        var suites = root.Elements("testsuite").ToList();
        Assert.That(suites.Sum(s => (int)s.Attribute("skipped")!), Is.EqualTo(2), "unsupported + xfail, per suite: junit-10.xsd has no skipped on the root");
        Assert.That(suites.Select(s => (string)s.Attribute("name")!),
            Is.EqualTo(_results.Cases.Select(c => c.Function).Distinct().Order(StringComparer.Ordinal)));
        foreach (var s in suites)
        {
            var cases = s.Elements("testcase").ToList();
            Assert.That((int)s.Attribute("tests")!, Is.EqualTo(cases.Count));
            Assert.That((int)s.Attribute("failures")!, Is.EqualTo(cases.Count(c => c.Element("failure") is not null)));
            Assert.That((int)s.Attribute("errors")!, Is.EqualTo(cases.Count(c => c.Element("error") is not null)));
            Assert.That((int)s.Attribute("skipped")!, Is.EqualTo(cases.Count(c => c.Element("skipped") is not null)));
        }

        var all = root.Descendants("testcase").ToDictionary(t => (string)t.Attribute("name")!);
        Assert.That(all.Keys, Is.EquivalentTo(_results.Cases.Select(c => c.Id)));
        var wx = all["open/flags/wx+/fails-if-exists"].Element("failure")!;
        Assert.That((string)wx.Attribute("type")!, Is.EqualTo("fail"));
        Assert.That((string)wx.Attribute("message")!, Does.Contain("expected throws EEXIST").And.Contain("actual returned fd 5"));
        Assert.That((string)all["dup2/same-fd/returns-fd"].Element("failure")!.Attribute("type")!, Is.EqualTo("xpass"));
        Assert.That((string)all["read/partial/pipe"].Element("error")!.Attribute("type")!, Is.EqualTo("timeout"));
        Assert.That(all["open/flags/r/missing-enoent"].Elements().Where(e => e.Name != "system-out"), Is.Empty);
        // The crashed case's log holds U+0001, which XML cannot carry: it must still parse and show it.
        Assert.That(all["exec/path/absent"].Element("system-out")!.Value, Does.Contain("Segmentation fault\\u{01}"));
    }

    [Test]
    public void SummaryListsEachFailingIdWithItsRerunCommand()
    {
        var md = File.ReadAllText(_paths.SummaryMarkdown);
        var failures = md[md.IndexOf("## Failures", StringComparison.Ordinal)..];
        foreach (var c in Failing)
        {
            Assert.That(failures, Does.Contain($"`{c.Id}`"), c.Id);
            Assert.That(failures, Does.Contain("\n" + c.Rerun + "\n"), c.Id);
        }
        foreach (var c in _results.Cases.Where(c => c.Status == CaseStatus.Pass))
            Assert.That(failures, Does.Not.Contain(c.Id));
        Assert.That(md, Does.Contain("# os-conformance: sjs-os-reference 1.2.3 on linux-x64-user"));
        foreach (var s in CaseStatusNames.All)
            Assert.That(md, Does.Contain($"| {s.ToWire()} | {_results.Cases.Count(c => c.Status == s)} |"));
        Assert.That(md, Does.Contain("| `open` | 1 | 1 | 1 (xfail 1) | 33.3% |"));
        // The matrix's pass rate: xpass counts as a pass, unsupported cases did not apply.
        Assert.That(md, Does.Contain("| `dup2` | 1 | 0 | 1 (xpass 1) | 100% |"));
        Assert.That(md, Does.Contain("| `stat` | 0 | 0 | 1 (unsupported 1) | n/a |"));
        Assert.That(md, Does.Contain(StatusCounts.PassRateDefinition));
        Assert.That(md, Does.Contain("- **Extensions:** fstat (beyond the documented API; not judged)"));
    }

    [Test]
    public void SummaryLeadsWithTheFailuresGroupedByCauseAndHasNoEmptyHeaderRow()
    {
        var md = File.ReadAllText(_paths.SummaryMarkdown);
        int failures = md.IndexOf("## Failures (7)", StringComparison.Ordinal);
        Assert.That(failures, Is.GreaterThan(0));
        foreach (var later in new[] { "## Run", "## Counts", "Per function (8)", "## Performance" })
            Assert.That(md.IndexOf(later, StringComparison.Ordinal), Is.GreaterThan(failures), later + " comes after the failures");
        Assert.That(md, Does.Not.Contain("| | |"), "no table with an empty header row");
        // The family list of causes: the three fails of family:open, family:isatty and family:urandom each their own.
        Assert.That(md, Does.Contain("- **family:open** (1)\n  - 1 × fail: open succeeded on an existing file\n"));
        Assert.That(md, Does.Contain("  - 1 × crashed: harness exited with signal N\n"), "numbers are masked in a cause");
    }

    [Test]
    public void SummaryKeepsResultTextFromBreakingTheMarkdown()
    {
        var md = File.ReadAllText(_paths.SummaryMarkdown);
        Assert.That(md, Does.Not.Contain("<script>"), "HTML in a message is escaped");
        Assert.That(md, Does.Contain("\\<script\\>"));
        // Actual text holding a ``` fence is wrapped in a longer fence.
        Assert.That(md, Does.Contain("````\n```\nthrows RangeError\n```\n````"));
    }

    [Test]
    public void HtmlHasNoExternalReferences()
    {
        var html = File.ReadAllText(_paths.ReportHtml);
        Assert.That(Regex.IsMatch(html, @"(src|href)\s*=\s*[""']?\s*(https?:)?//", RegexOptions.IgnoreCase), Is.False);
        Assert.That(html, Does.Not.Contain("http://").And.Not.Contain("https://"));
        Assert.That(html, Does.Not.Contain("<link").And.Not.Contain("@import").And.Not.Contain("url("));
        Assert.That(html, Does.Contain("Content-Security-Policy"));
    }

    [Test]
    public void HtmlEscapesResultText()
    {
        var html = File.ReadAllText(_paths.ReportHtml);
        Assert.That(Regex.Matches(html, "<script", RegexOptions.IgnoreCase), Has.Count.EqualTo(1), "only the report's own script");
        Assert.That(html, Does.Contain("got &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quotes&quot;"));
    }

    [Test]
    public void HtmlEscapesAttributeValues()
    {
        var evil = SampleResults.Case("x/attr", "fn\"><img onerror=alert(1)>", CaseStatus.Fail, message: "m") with
        {
            Rerun = "./os-conformance run --filter 'id:x/\"><marquee>'",
        };
        var html = HtmlReport.Render(_results with { Cases = [evil] });
        Assert.That(html, Does.Not.Contain("<img").And.Not.Contain("<marquee"));
        Assert.That(html, Does.Contain("data-function=\"fn&quot;&gt;&lt;img onerror=alert(1)&gt;\""));
        Assert.That(html, Does.Contain("data-cmd=\"./os-conformance run --filter &#39;id:x/&quot;&gt;&lt;marquee&gt;&#39;\""));
    }

    [Test]
    public void HtmlShowsHeaderFunctionTableAndNonPassDetails()
    {
        var html = File.ReadAllText(_paths.ReportHtml);
        Assert.That(html, Does.Contain("sjs-os-reference 1.2.3"));
        Assert.That(html, Does.Contain("linux-x64-user"));
        var functionRows = Regex.Matches(html, "<a href=\"#function=[^\"]+\" class=\"fn\"");
        Assert.That(functionRows, Has.Count.EqualTo(_results.Cases.Select(c => c.Function).Distinct().Count()));
        Assert.That(Regex.Matches(html, "<tr class=\"case\""), Has.Count.EqualTo(_results.Cases.Count));
        Assert.That(Regex.Matches(html, "<details><summary><code class=\"id\">"), Has.Count.EqualTo(_results.Cases.Count(c => c.Status != CaseStatus.Pass)));
        Assert.That(Regex.Matches(html, "<button type=\"button\" class=\"copy\""), Has.Count.EqualTo(_results.Cases.Count(c => c.Status != CaseStatus.Pass)));
        Assert.That(html, Does.Contain("<pre class=\"expected\">throws EEXIST</pre>").And.Contain("<pre class=\"actual\">returned fd 5</pre>"));
        Assert.That(html, Does.Contain("decision: <code>docs/decisions.md#dup2-same-fd</code>"));
    }

    [Test]
    public void EmptyRunWritesReadableOutputs()
    {
        var paths = ResultsWriter.WriteAll(_results with { Cases = [] }, Path.Combine(_dir, "empty"));
        Assert.That(ResultsReader.Read(paths.ResultsJson).Cases, Is.Empty);
        Assert.That((int)XDocument.Load(paths.JUnitXml).Root!.Attribute("tests")!, Is.EqualTo(0));
        Assert.That(File.ReadAllText(paths.SummaryMarkdown), Does.Contain("## Failures (0)"));
        Assert.That(File.ReadAllText(paths.ReportHtml), Does.Contain("0 of 0 cases"));
    }

    [Test]
    public void WriteAllReplacesOldFilesWhole()
    {
        File.WriteAllText(_paths.SummaryMarkdown, "stale");
        var fewer = _results with { Cases = _results.Cases.Take(2).ToList() };
        ResultsWriter.WriteAll(fewer, Path.Combine(_dir, "out"));
        Assert.That(File.ReadAllText(_paths.SummaryMarkdown), Does.Not.Contain("stale"));
        Assert.That(ResultsReader.Read(_paths.ResultsJson).Cases, Has.Count.EqualTo(2));
        Assert.That(Directory.GetFiles(Path.Combine(_dir, "out")), Has.Length.EqualTo(4));
    }

    [Test]
    public void WriteAllWritesNothingWhenRenderingFails()
    {
        var before = File.ReadAllBytes(_paths.ResultsJson);
        var broken = _results with { Cases = [.. _results.Cases, SampleResults.Case("z/nan", "z", CaseStatus.Pass) with { DurationMs = double.PositiveInfinity }] };
        Assert.Throws<ArgumentException>(() => ResultsWriter.WriteAll(broken, Path.Combine(_dir, "out")));
        Assert.That(File.ReadAllBytes(_paths.ResultsJson), Is.EqualTo(before));
        Assert.That(Directory.GetFiles(Path.Combine(_dir, "out")), Has.Length.EqualTo(4));

        var fresh = Path.Combine(_dir, "fresh");
        Assert.Throws<ArgumentException>(() => ResultsWriter.WriteAll(broken, fresh));
        Assert.That(Directory.Exists(fresh) ? Directory.GetFiles(fresh) : [], Is.Empty);
    }
}
