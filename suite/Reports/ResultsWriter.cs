using System.Text;

namespace OsConformance.Reports;

/// <summary>Paths of the files <see cref="ResultsWriter.WriteAll"/> wrote.</summary>
public sealed record ReportPaths(string ResultsJson, string JUnitXml, string SummaryMarkdown, string ReportHtml);

public static class ResultsWriter
{
    /// <summary>
    /// Writes results.json, junit.xml, summary.md and report.html into <paramref name="outDir"/>
    /// (created if missing). All four are rendered before the first is written, so a rendering
    /// error writes nothing; each file is replaced atomically, so none is ever seen half-written.
    /// </summary>
    public static ReportPaths WriteAll(RunResults results, string outDir)
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentException.ThrowIfNullOrEmpty(outDir);
        var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
        var files = new (string Name, byte[] Bytes)[]
        {
            (ResultsJson.FileName, ResultsJson.Serialize(results)),
            (JUnitReport.FileName, JUnitReport.Render(results)),
            (SummaryMarkdown.FileName, utf8.GetBytes(SummaryMarkdown.Render(results))),
            (HtmlReport.FileName, utf8.GetBytes(HtmlReport.Render(results))),
        };
        var dir = Path.GetFullPath(outDir);
        Directory.CreateDirectory(dir);
        foreach (var (name, bytes) in files)
            AtomicFile.WriteAllBytes(Path.Combine(dir, name), bytes);
        return new ReportPaths(
            Path.Combine(dir, ResultsJson.FileName), Path.Combine(dir, JUnitReport.FileName),
            Path.Combine(dir, SummaryMarkdown.FileName), Path.Combine(dir, HtmlReport.FileName));
    }
}
