namespace OsConformance.Reports;

/// <summary>Number of cases per status. Reports derive these from the cases, never trust stored counts.</summary>
public sealed class StatusCounts
{
    private readonly int[] _counts = new int[CaseStatusNames.All.Count];

    public int this[CaseStatus status] => _counts[(int)status];
    public int Total { get; private set; }
    public int Pass => this[CaseStatus.Pass];
    public int Fail => this[CaseStatus.Fail];
    /// <summary>Everything that is neither pass nor fail.</summary>
    public int Other => Total - Pass - Fail;
    /// <summary>
    /// The one pass rate of every report: pass and xpass over the cases that applied (all but
    /// unsupported); null when none did.
    /// </summary>
    public double? PassRate => Total - this[CaseStatus.Unsupported] is var applied and > 0
        ? (double)(Pass + this[CaseStatus.XPass]) / applied
        : null;

    /// <summary>How every report defines its pass rate, for its legend.</summary>
    public const string PassRateDefinition = "Pass rate: (pass + xpass) / (total − unsupported).";

    public void Add(CaseStatus status)
    {
        _counts[(int)status]++;
        Total++;
    }

    public static StatusCounts Of(IEnumerable<CaseResult> cases)
    {
        var counts = new StatusCounts();
        foreach (var c in cases) counts.Add(c.Status);
        return counts;
    }

    /// <summary>
    /// "97.5%", or "n/a" when no case applied. Rounded down, so only a full pass reads "100%"; invariant
    /// culture so outputs do not depend on locale.
    /// </summary>
    public string PassRateText() =>
        PassRate is { } r ? (Math.Floor(r * 1000) / 10).ToString("0.#", System.Globalization.CultureInfo.InvariantCulture) + "%" : "n/a";
}

public sealed record FunctionStats(string Function, StatusCounts Counts);

public static class ResultsStats
{
    public static StatusCounts Counts(this RunResults results) => StatusCounts.Of(results.Cases);

    /// <summary>Per-function counts, functions in ordinal order.</summary>
    public static IReadOnlyList<FunctionStats> ByFunction(this RunResults results) =>
        results.Cases.GroupBy(c => c.Function, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new FunctionStats(g.Key, StatusCounts.Of(g)))
            .ToList();

    /// <summary>Cases in the order every output lists them: by id, ordinal; stable for equal ids.</summary>
    public static IReadOnlyList<CaseResult> SortedCases(this RunResults results) =>
        results.Cases.OrderBy(c => c.Id, StringComparer.Ordinal).ToList();

    /// <summary>
    /// Cases in the order a reader wants them: the failures (<see cref="NeedsAttention"/>) first, then
    /// xfail, unsupported and pass; by id within each status.
    /// </summary>
    public static IReadOnlyList<CaseResult> FailuresFirst(this RunResults results) =>
        results.Cases.OrderBy(c => ReadingRank(c.Status)).ThenBy(c => c.Id, StringComparer.Ordinal).ToList();

    /// <summary>0 for the statuses that need attention (in their enum order), then xfail, unsupported, pass.</summary>
    public static int ReadingRank(CaseStatus s) => s switch
    {
        CaseStatus.XFail => 10,
        CaseStatus.Unsupported => 11,
        CaseStatus.Pass => 12,
        _ => (int)s,
    };

    /// <summary>Statuses the reports detail as failures: everything but pass, unsupported and xfail.</summary>
    public static bool NeedsAttention(this CaseStatus status) =>
        status is not (CaseStatus.Pass or CaseStatus.Unsupported or CaseStatus.XFail);
}
