namespace OsConformance.Reports;

// The model of results.json (docs/schemas/results.schema.json). Contract file shared by the
// runner (which fills it) and the report writers, merge and compare (which read it).

/// <summary>Case statuses, kept distinct in every output. Serialized in lower case.</summary>
public enum CaseStatus
{
    Pass,
    Fail,
    /// <summary>The implementation or the platform lacks the feature.</summary>
    Unsupported,
    /// <summary>The case's own setup failed.</summary>
    Broken,
    /// <summary>The harness died or broke the protocol.</summary>
    Crashed,
    Timeout,
    /// <summary>Failed as an expectations file said it would.</summary>
    XFail,
    /// <summary>Passed although an expectations file said it would fail: a stale entry.</summary>
    XPass,
}

public sealed record CaseResult(
    string Id,
    string Function,
    string? Spec,
    string? Decision,
    IReadOnlyList<string> Tags,
    CaseStatus Status,
    string? Expected,
    string? Actual,
    string? Message,
    double DurationMs,
    string? Rerun,
    string? Log = null);

/// <param name="Extensions">
/// Undocumented functions the harness said the implementation also has (docs/decisions.md#extensions):
/// reported apart, never judged. Null when the results file predates the field.
/// </param>
public sealed record ImplementationDesc(string Name, string Version, IReadOnlyList<string>? Extensions = null)
{
    /// <summary>"fstat, cwd", or "none"; "not recorded" for results without the field.</summary>
    public string ExtensionsText => Extensions is null ? "not recorded" : Extensions.Count == 0 ? "none" : string.Join(", ", Extensions);
}

/// <summary>Where a run happened. Label tells apart runs on one machine (e.g. "linux-x64-root").</summary>
/// <param name="Virtualization">
/// How the machine was virtualised: "kvm" or "tcg" (QEMU, as the VM runner booted it), "vm" (a
/// hypervisor of unknown kind); null on bare metal, when unknown, or in files predating the field.
/// </param>
public sealed record PlatformDesc(string Os, string Arch, string Kernel, string Libc, int Uid, string Label, string? Virtualization = null)
{
    /// <summary>", tcg" for a virtualised run, else empty: appended where the platform is shown.</summary>
    public string VirtualizationText => Virtualization is { } v ? $", {v}" : "";

    /// <summary>QEMU's TCG emulates the CPU: its timings say nothing about native speed.</summary>
    public bool Emulated => Virtualization == "tcg";
}

/// <summary>
/// What a <c>run --rerun-failed</c> reran: the cases of an earlier results file whose status was
/// one of <paramref name="Statuses"/>. The run is filtered to <paramref name="Ids"/> (and any
/// --filter, --function or --tag given with it): it is not a full run.
/// </summary>
/// <param name="Of">The earlier results.json, as an absolute path.</param>
/// <param name="Started">When the earlier run started: tells apart runs written to the same path.</param>
public sealed record RerunDesc(string Of, DateTimeOffset Started, IReadOnlyList<CaseStatus> Statuses, IReadOnlyList<string> Ids)
{
    /// <summary>How the reports say it, so that nobody takes the run for a full one.</summary>
    public string Text => $"a rerun of the {Ids.Count} case(s) that did not pass ({string.Join(", ", Statuses.Select(s => s.ToWire()))}) in {Of} "
        + $"(the run of {Started.ToString("yyyy-MM-dd HH:mm:ss zzz", System.Globalization.CultureInfo.InvariantCulture)})";
}

/// <param name="SuiteCases">
/// How many cases the suite had when the run was made, before any filter; a run with fewer
/// cases was filtered (merge marks it). Null when the file predates the field.
/// </param>
/// <param name="Rerun">Set when the run reran the failures of an earlier one (run --rerun-failed).</param>
/// <param name="Selection">The --filter, --function and --tag values of a filtered run; null for a full run.</param>
public sealed record RunResults(
    string SuiteVersion,
    ImplementationDesc Implementation,
    PlatformDesc Platform,
    string Harness,
    DateTimeOffset Started,
    DateTimeOffset Finished,
    IReadOnlyList<CaseResult> Cases,
    PerformanceResults? Performance = null,
    int? SuiteCases = null,
    RerunDesc? Rerun = null,
    SelectionDesc? Selection = null);

/// <summary>
/// The filters a run was given (run --filter, --function, --tag), as typed: with suite.cases, what
/// tells a subset (e.g. CI's arm64 families) from a full run.
/// </summary>
public sealed record SelectionDesc(IReadOnlyList<string> Filters, IReadOnlyList<string> Functions, IReadOnlyList<string> Tags)
{
    /// <summary>Null when no filter was given.</summary>
    public static SelectionDesc? Of(IReadOnlyList<string> filters, IReadOnlyList<string> functions, IReadOnlyList<string> tags) =>
        filters.Count + functions.Count + tags.Count == 0 ? null : new(filters, functions, tags);

    /// <summary>The options as a command line would give them.</summary>
    public string Text => string.Join(" ", Filters.Select(f => $"--filter '{f}'")
        .Concat(Functions.Select(f => $"--function {f}")).Concat(Tags.Select(t => $"--tag {t}")));
}
