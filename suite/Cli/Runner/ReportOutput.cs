using OsConformance.Reports;

namespace OsConformance.Cli.Runner;

/// <summary>Hands the results to the reports writers (results.json, junit.xml, summary.md, report.html).</summary>
public static class ReportOutput
{
    public static readonly string[] FileNames = ["results.json", "junit.xml", "summary.md", "report.html"];

    public static IReadOnlyList<string> Write(RunResults results, string outDir)
    {
        var paths = ResultsWriter.WriteAll(results, outDir);
        return [paths.ResultsJson, paths.JUnitXml, paths.SummaryMarkdown, paths.ReportHtml];
    }
}
