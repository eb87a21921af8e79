namespace OsConformance.Reports;

/// <summary>One input run of a merge: implementation@label, and the file it came from.</summary>
/// <param name="SuiteCases">
/// How many cases the full suite had: the run's own suite.cases, else (older files) the most any
/// column of the same suite version ran; see <see cref="Filtered"/>.
/// </param>
public sealed record MatrixColumn(string Key, RunResults Run, string Source, int SuiteCases)
{
    public string Implementation => Run.Implementation.Name;
    public string Platform => Run.Platform.Label;
    public StatusCounts Counts { get; } = Run.Counts();

    /// <summary>The run had fewer cases than the suite (run with --filter, --function or --tag): its rate is not the suite's.</summary>
    public bool Filtered => Counts.Total < SuiteCases;

    /// <summary>"filtered: 93 of 1337 cases", or null for a full run.</summary>
    public string? FilteredText => Filtered ? $"filtered: {Counts.Total} of {SuiteCases} cases" : null;
}

/// <summary>Where a divergent case fails: see <see cref="Matrix.Classify"/>.</summary>
public enum Divergence
{
    /// <summary>Fails on every implementation of some platforms and passes on all others: a platform or spec question.</summary>
    Platform,
    /// <summary>Fails on every platform some implementations ran on and passes on all others: an implementation bug.</summary>
    Implementation,
    /// <summary>Neither pattern.</summary>
    Mixed,
    /// <summary>Both patterns fit (each failing column is alone in its platform and its implementation): the inputs cannot tell.</summary>
    Ambiguous,
}

/// <summary>How a case fared across all columns.</summary>
public enum CaseVerdict
{
    /// <summary>Passed wherever it applied.</summary>
    Pass,
    /// <summary>Failed wherever it applied.</summary>
    Fail,
    /// <summary>Passed in some columns and failed in others.</summary>
    Divergent,
    /// <summary>No column ran it: unsupported (or missing) everywhere.</summary>
    Unsupported,
}

public sealed record MatrixRow(
    string Id,
    string Function,
    string Family,
    IReadOnlyList<string> Tags,
    string? Spec,
    string? Decision,
    // One per column, in column order; null where the case did not run.
    IReadOnlyList<CaseResult?> Cells,
    CaseVerdict Verdict,
    Divergence? Divergence);

/// <summary>Counts of one group of cases (a function or a family) per column.</summary>
public sealed record MatrixGroup(string Name, IReadOnlyList<StatusCounts> PerColumn);

public sealed record Matrix(
    IReadOnlyList<MatrixColumn> Columns,
    IReadOnlyList<MatrixRow> Rows,
    IReadOnlyList<MatrixGroup> Functions,
    IReadOnlyList<MatrixGroup> Families,
    IReadOnlyList<string> Warnings,
    // Operations × columns, from the runs' `performance` (run --perf); empty when no run measured.
    IReadOnlyList<PerformanceRow> Performance)
{
    /// <summary>The tags that are not families (docs/results.md).</summary>
    public static readonly IReadOnlySet<string> SpecialTags = new HashSet<string>(StringComparer.Ordinal)
    {
        "needs-root", "needs-tty", "linux-only", "macos-only",
    };

    /// <summary>A case's family: its first tag that is not a special one; "(none)" without one.</summary>
    public static string FamilyOf(IReadOnlyList<string> tags) => tags.FirstOrDefault(t => !SpecialTags.Contains(t)) ?? "(none)";

    /// <summary>Statuses a matrix counts as passing: the case did what the spec says.</summary>
    public static bool IsOk(CaseStatus s) => s is CaseStatus.Pass or CaseStatus.XPass;

    /// <summary>Statuses that count as failing; unsupported is neither and is left out.</summary>
    public static bool IsBad(CaseStatus s) => s is CaseStatus.Fail or CaseStatus.Broken or CaseStatus.Crashed or CaseStatus.Timeout or CaseStatus.XFail;

    public static string ColumnKey(RunResults r) => $"{r.Implementation.Name}@{r.Platform.Label}";

    /// <summary>
    /// Builds the matrix. Runs are (results, source file) pairs; two runs with the same
    /// implementation@label are refused, naming both files.
    /// </summary>
    public static Matrix Build(IReadOnlyList<(RunResults Run, string Source)> runs)
    {
        var columns = new List<MatrixColumn>();
        var byKey = new Dictionary<string, MatrixColumn>(StringComparer.Ordinal);
        var mostPerVersion = runs.GroupBy(r => r.Run.SuiteVersion, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Max(r => r.Run.Cases.Count), StringComparer.Ordinal);
        foreach (var (run, source) in runs)
        {
            var col = new MatrixColumn(ColumnKey(run), run, source, run.SuiteCases ?? mostPerVersion[run.SuiteVersion]);
            if (byKey.TryGetValue(col.Key, out var other))
                throw new ResultsFormatException(source, $"column {col.Key} is also given by {other.Source}; give each run its own --label");
            byKey.Add(col.Key, col);
            columns.Add(col);
        }

        var warnings = new List<string>();
        var versions = columns.Select(c => c.Run.SuiteVersion).Distinct(StringComparer.Ordinal).ToList();
        foreach (var c in columns.Where(c => c.Filtered))
            warnings.Add($"{c.Key} is a filtered run ({c.FilteredText}{(c.Run.SuiteCases is null ? ", against the largest run of its suite version" : "")}); its pass rate covers those cases only");
        if (versions.Count > 1)
            warnings.Add("the runs come from different suite versions (" + string.Join(", ", columns.Select(c => $"{c.Key}: {c.Run.SuiteVersion}")) + "); cases added or changed between them differ for that reason");

        var lookups = columns.Select(c => c.Run.Cases.ToDictionary(x => x.Id, StringComparer.Ordinal)).ToList();
        var ids = lookups.SelectMany(l => l.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        var rows = new List<MatrixRow>();
        foreach (var id in ids)
        {
            var cells = lookups.Select(l => l.GetValueOrDefault(id)).ToList();
            var first = cells.First(c => c is not null)!;
            var (verdict, divergence) = Classify(columns, cells);
            rows.Add(new MatrixRow(id, first.Function, FamilyOf(first.Tags), first.Tags, first.Spec, first.Decision, cells, verdict, divergence));
        }

        return new Matrix(columns, rows, Group(rows, columns.Count, r => r.Function), Group(rows, columns.Count, r => r.Family), warnings,
            PerformanceTable.Rows(columns.Select(c => c.Run.Performance?.AllFigures.ToList()).ToList()));
    }

    /// <summary>
    /// Verdict of one case, and for a divergent one where it fails: "platform" when the failing
    /// columns are exactly all columns of some platform labels, "implementation" when they are
    /// exactly all columns of some implementations, "ambiguous" when both hold, else "mixed".
    /// Unsupported and missing cells are left out; a case no column ran is "unsupported".
    /// </summary>
    public static (CaseVerdict, Divergence?) Classify(IReadOnlyList<MatrixColumn> columns, IReadOnlyList<CaseResult?> cells)
    {
        var applied = Enumerable.Range(0, columns.Count)
            .Where(i => cells[i] is { } c && (IsOk(c.Status) || IsBad(c.Status)))
            .Select(i => (Col: columns[i], Bad: IsBad(cells[i]!.Status)))
            .ToList();
        if (applied.Count == 0) return (CaseVerdict.Unsupported, null);
        if (applied.All(a => !a.Bad)) return (CaseVerdict.Pass, null);
        if (applied.All(a => a.Bad)) return (CaseVerdict.Fail, null);

        // Each group (platform or implementation) must be all bad or all ok.
        bool platform = applied.GroupBy(a => a.Col.Platform, StringComparer.Ordinal).All(g => g.All(a => a.Bad) || g.All(a => !a.Bad));
        bool implementation = applied.GroupBy(a => a.Col.Implementation, StringComparer.Ordinal).All(g => g.All(a => a.Bad) || g.All(a => !a.Bad));
        return (CaseVerdict.Divergent, (platform, implementation) switch
        {
            (true, true) => Reports.Divergence.Ambiguous,
            (true, false) => Reports.Divergence.Platform,
            (false, true) => Reports.Divergence.Implementation,
            _ => Reports.Divergence.Mixed,
        });
    }

    private static List<MatrixGroup> Group(List<MatrixRow> rows, int columns, Func<MatrixRow, string> key) =>
        rows.GroupBy(key, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new MatrixGroup(g.Key, Enumerable.Range(0, columns)
                .Select(i => StatusCounts.Of(g.Select(r => r.Cells[i]).OfType<CaseResult>())).ToList()))
            .ToList();
}

public static class MatrixNames
{
    public static string Wire(this Divergence d) => d.ToString().ToLowerInvariant();
    public static string Wire(this CaseVerdict v) => v.ToString().ToLowerInvariant();
}
