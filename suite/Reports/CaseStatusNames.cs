namespace OsConformance.Reports;

/// <summary>The lower-case names statuses have in every output ("xfail", not "x_fail").</summary>
public static class CaseStatusNames
{
    /// <summary>All statuses in the order reports list them.</summary>
    public static IReadOnlyList<CaseStatus> All { get; } = Enum.GetValues<CaseStatus>();

    public static string ToWire(this CaseStatus status) => status switch
    {
        CaseStatus.Pass => "pass",
        CaseStatus.Fail => "fail",
        CaseStatus.Unsupported => "unsupported",
        CaseStatus.Broken => "broken",
        CaseStatus.Crashed => "crashed",
        CaseStatus.Timeout => "timeout",
        CaseStatus.XFail => "xfail",
        CaseStatus.XPass => "xpass",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "unknown case status"),
    };

    public static bool TryParse(string? name, out CaseStatus status)
    {
        foreach (var s in All)
            if (string.Equals(s.ToWire(), name, StringComparison.Ordinal)) { status = s; return true; }
        status = default;
        return false;
    }
}
