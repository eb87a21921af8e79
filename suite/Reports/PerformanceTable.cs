namespace OsConformance.Reports;

/// <summary>
/// One operation across runs: a cell per run (null where the run did not measure performance or
/// has no such operation), and the baseline, the first run with a figure, that ratios compare to.
/// </summary>
public sealed record PerformanceRow(string Operation, IReadOnlyList<PerformanceFigure?> Cells, int? Baseline)
{
    /// <summary>The run's figure over the baseline's; null for the baseline itself and where either has none.</summary>
    public double? Ratio(int column) =>
        column != Baseline && Baseline is int b && Cells[column]?.NsPerOp is double x && Cells[b]!.NsPerOp is double y ? x / y : null;

    /// <summary>"2.96 µs (1.48×)", "not measured" (the run tried, see the error), or "—" (the run has no figure for it).</summary>
    public string CellText(int column) => Cells[column] switch
    {
        null => "—",
        { NsPerOp: null } => "not measured",
        { NsPerOp: var ns } => PerformanceText.Ns(ns) + (Ratio(column) is double r ? $" ({PerformanceText.Ratio(r)})" : ""),
    };
}

/// <summary>Performance side by side: one column per run, one row per operation, the round trip last.</summary>
public static class PerformanceTable
{
    /// <summary>Rows over runs given as their figures (null: the run has none); operations in order of first appearance.</summary>
    public static IReadOnlyList<PerformanceRow> Rows(IReadOnlyList<IReadOnlyList<PerformanceFigure>?> runs)
    {
        var names = runs.OfType<IReadOnlyList<PerformanceFigure>>().SelectMany(figures => figures).Select(f => f.Operation)
            .Distinct(StringComparer.Ordinal)
            .OrderBy(name => name == PerformanceResults.RoundTripOperation); // stable: the others keep their order
        return names.Select(name =>
        {
            var cells = runs.Select(figures => figures?.FirstOrDefault(f => f.Operation == name)).ToList();
            int baseline = cells.FindIndex(c => c?.NsPerOp is not null);
            return new PerformanceRow(name, cells, baseline < 0 ? null : baseline);
        }).ToList();
    }

    /// <summary>The cells a run tried and could not measure, row by row: listed under the tables with their errors.</summary>
    public static IEnumerable<(int Column, PerformanceFigure Figure)> NotMeasured(IReadOnlyList<PerformanceRow> rows) =>
        rows.SelectMany(r => r.Cells.Select((f, i) => (Column: i, Figure: f!)).Where(x => x.Figure?.Error is not null));
}
