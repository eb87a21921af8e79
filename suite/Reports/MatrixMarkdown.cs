using System.Text;

namespace OsConformance.Reports;

/// <summary>matrix.md: the matrix for a GitHub job summary. Lists divergent and failing cases, not passing ones.</summary>
public static class MatrixMarkdown
{
    public const string FileName = "matrix.md";
    // GitHub caps a step summary at 1 MiB; keep well under it for any number of failures.
    public const int MaxRows = 300;

    public static string Render(Matrix m)
    {
        var sb = new StringBuilder();
        sb.Append("# os-conformance compatibility matrix\n\n");
        sb.Append(m.Rows.Count).Append(" cases × ").Append(m.Columns.Count).Append(" columns. ").Append(StatusCounts.PassRateDefinition).Append("\n\n");
        foreach (var w in m.Warnings) sb.Append("> **Warning:** ").Append(SummaryMarkdown.Inline(w)).Append("\n\n");

        sb.Append("| column | implementation | extensions (not judged) | platform | suite | pass rate | pass | fail | other |\n|---|---|---|---|---|---:|---:|---:|---:|\n");
        foreach (var c in m.Columns)
        {
            var r = c.Run;
            sb.Append("| ").Append(SummaryMarkdown.CodeSpan(c.Key, inTable: true))
              .Append(" | ").Append(Cell($"{r.Implementation.Name} {r.Implementation.Version}"))
              .Append(" | ").Append(Cell(r.Implementation.ExtensionsText))
              .Append(" | ").Append(Cell($"{r.Platform.Os} {r.Platform.Arch}, kernel {r.Platform.Kernel}, {r.Platform.Libc}, uid {r.Platform.Uid}{r.Platform.VirtualizationText}"))
              .Append(" | ").Append(Cell(r.SuiteVersion))
              .Append(" | ").Append(c.Counts.PassRateText()).Append(c.FilteredText is { } f ? $" ({f})" : "")
              .Append(" | ").Append(c.Counts.Pass).Append(" | ").Append(c.Counts.Fail).Append(" | ").Append(c.Counts.Other).Append(" |\n");
        }
        sb.Append('\n');

        var divergent = m.Rows.Where(r => r.Verdict == CaseVerdict.Divergent).ToList();
        var failing = m.Rows.Where(r => r.Verdict == CaseVerdict.Fail).ToList();
        sb.Append("**Divergent cases:** ").Append(divergent.Count);
        foreach (var d in Enum.GetValues<Divergence>())
        {
            int n = divergent.Count(r => r.Divergence == d);
            if (n > 0) sb.Append(" · ").Append(d.Wire()).Append(' ').Append(n);
        }
        sb.Append(" — **failing everywhere:** ").Append(failing.Count)
          .Append(" — **unsupported everywhere:** ").Append(m.Rows.Count(r => r.Verdict == CaseVerdict.Unsupported)).Append("\n\n");

        Performance(sb, m);
        Groups(sb, "Per family", m, m.Families);
        Groups(sb, "Per function", m, m.Functions);

        CaseTable(sb, $"Divergent cases ({divergent.Count})", m, divergent, withDivergence: true);
        CaseTable(sb, $"Failing everywhere ({failing.Count})", m, failing, withDivergence: false);
        return sb.ToString();
    }

    private static void Performance(StringBuilder sb, Matrix m)
    {
        sb.Append("## Performance\n\n");
        if (m.Performance.Count == 0) { sb.Append("No run measured performance (`run --perf`).\n\n"); return; }
        sb.Append("Per operation inside each harness (`run --perf`), with the ratio to the first column that has the figure. ")
          .Append("— : the run has no figure (it did not measure performance); not measured: it tried, see below.\n\n");
        sb.Append("| operation");
        foreach (var c in m.Columns)
            sb.Append(" | ").Append(SummaryMarkdown.CodeSpan(c.Key, inTable: true)).Append(c.Run.Platform.Emulated ? " (" + PerformanceText.EmulatedNote + ")" : "");
        sb.Append(" |\n|---");
        foreach (var _ in m.Columns) sb.Append("|---:");
        sb.Append("|\n");
        foreach (var row in m.Performance)
        {
            sb.Append("| ").Append(Cell(row.Operation));
            for (int i = 0; i < m.Columns.Count; i++) sb.Append(" | ").Append(row.CellText(i));
            sb.Append(" |\n");
        }
        sb.Append('\n');
        foreach (var c in m.Columns)
            sb.Append("- ").Append(SummaryMarkdown.CodeSpan(c.Key)).Append(": ")
              .Append(c.Run.Performance is { } p ? SummaryMarkdown.Inline(PerformanceText.Conditions(p, c.Run.Platform)) : "no performance figures (run without `--perf`)").Append('\n');
        var notMeasured = PerformanceTable.NotMeasured(m.Performance).ToList();
        if (notMeasured.Count > 0)
        {
            sb.Append("\nNot measured:\n\n");
            foreach (var (column, f) in notMeasured)
                sb.Append("- ").Append(SummaryMarkdown.CodeSpan(m.Columns[column].Key)).Append(' ').Append(Cell(f.Operation)).Append(": ").Append(Cell(f.Error)).Append('\n');
        }
        sb.Append('\n');
    }

    private static void Groups(StringBuilder sb, string title, Matrix m, IReadOnlyList<MatrixGroup> groups)
    {
        sb.Append("<details><summary>").Append(title).Append(" (").Append(groups.Count).Append(")</summary>\n\n");
        sb.Append("| ").Append(title.EndsWith("family") ? "family" : "function");
        foreach (var c in m.Columns) sb.Append(" | ").Append(SummaryMarkdown.CodeSpan(c.Key, inTable: true));
        sb.Append(" |\n|---");
        foreach (var _ in m.Columns) sb.Append("|---:");
        sb.Append("|\n");
        foreach (var g in groups)
        {
            sb.Append("| ").Append(SummaryMarkdown.CodeSpan(g.Name, inTable: true));
            foreach (var c in g.PerColumn) sb.Append(" | ").Append(c.Total == 0 ? "–" : $"{c.PassRateText()} ({c.Pass + c[CaseStatus.XPass]}/{c.Total - c[CaseStatus.Unsupported]})");
            sb.Append(" |\n");
        }
        sb.Append("\n</details>\n\n");
    }

    private static void CaseTable(StringBuilder sb, string title, Matrix m, List<MatrixRow> rows, bool withDivergence)
    {
        sb.Append("## ").Append(title).Append("\n\n");
        if (rows.Count == 0) { sb.Append("None.\n\n"); return; }
        sb.Append("| case");
        if (withDivergence) sb.Append(" | where");
        foreach (var c in m.Columns) sb.Append(" | ").Append(SummaryMarkdown.CodeSpan(c.Key, inTable: true));
        sb.Append(" |\n|---");
        if (withDivergence) sb.Append("|---");
        foreach (var _ in m.Columns) sb.Append("|---");
        sb.Append("|\n");
        foreach (var r in rows.Take(MaxRows))
        {
            sb.Append("| ").Append(SummaryMarkdown.CodeSpan(r.Id, inTable: true));
            if (withDivergence) sb.Append(" | ").Append(r.Divergence?.Wire());
            foreach (var cell in r.Cells) sb.Append(" | ").Append(cell is null ? "–" : Status(cell.Status));
            sb.Append(" |\n");
        }
        if (rows.Count > MaxRows) sb.Append("\nand ").Append(rows.Count - MaxRows).Append(" more; see matrix.html.\n");
        sb.Append('\n');
    }

    private static string Status(CaseStatus s) => s == CaseStatus.Pass ? "pass" : $"**{s.ToWire()}**";

    // Inline escapes | too, so table cells stay whole.
    private static string Cell(string? s) => SummaryMarkdown.Inline(s);
}
