using System.Text;

namespace OsConformance.Reports;

/// <summary>Paths <see cref="MatrixWriter.WriteAll"/> wrote.</summary>
public sealed record MatrixPaths(string Html, string Markdown, string Json, IReadOnlyList<string> Badges);

public static class MatrixWriter
{
    /// <summary>
    /// Reads every results file (each refused with its name if invalid), builds the matrix, and
    /// renders all outputs before writing any.
    /// </summary>
    /// <exception cref="ResultsFormatException">An input was refused, or two give the same column.</exception>
    public static Matrix Load(IReadOnlyList<string> resultsFiles) =>
        Matrix.Build(resultsFiles.Select(f => (ResultsReader.Read(f), f)).ToList());

    /// <summary>Renders matrix.html, matrix.md, matrix.json and badges/*.json, then writes them as a unit (<see cref="FileSet"/>).</summary>
    public static MatrixPaths WriteAll(Matrix m, string outDir)
    {
        var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
        var badgePaths = m.Columns.ToDictionary(c => c.Key, Badges.RelativePath, StringComparer.Ordinal);
        var clash = badgePaths.GroupBy(kv => kv.Value, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (clash is not null)
            throw new ArgumentException($"columns {string.Join(" and ", clash.Select(kv => kv.Key))} would share the badge file {clash.Key}");

        var files = new List<(string, byte[])>
        {
            (MatrixHtml.FileName, utf8.GetBytes(MatrixHtml.Render(m))),
            (MatrixMarkdown.FileName, utf8.GetBytes(MatrixMarkdown.Render(m))),
            (MatrixJson.FileName, MatrixJson.Serialize(m, c => badgePaths[c.Key])),
        };
        files.AddRange(m.Columns.Select(c => (badgePaths[c.Key], Badges.Render(c))));
        var written = FileSet.WriteAll(outDir, files);
        return new MatrixPaths(written[0], written[1], written[2], written.Skip(3).ToList());
    }
}
