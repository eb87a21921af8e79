using OsConformance.Reports;

namespace OsConformance.Cli.Runner;

/// <summary>
/// run --rerun-failed PREVIOUS/results.json: the cases that did not pass there. "Did not pass" is
/// what makes run exit 1 (<see cref="SuiteRunner.IsUnexpected"/>: fail, broken, crashed, timeout,
/// xpass); pass, unsupported (the feature is missing) and xfail (a known failure) are not rerun.
/// </summary>
public static class RerunFailed
{
    public static IReadOnlyList<CaseStatus> Statuses { get; } = CaseStatusNames.All.Where(SuiteRunner.IsUnexpected).ToList();

    /// <summary>What to rerun from <paramref name="path"/>; <see cref="ResultsFormatException"/> when it is missing or not a results file.</summary>
    public static (RerunDesc Rerun, RunResults Previous) Plan(string path)
    {
        var previous = ResultsReader.Read(path);
        var ids = previous.Cases.Where(c => SuiteRunner.IsUnexpected(c.Status)).Select(c => c.Id).Order(StringComparer.Ordinal).ToList();
        return (new RerunDesc(Path.GetFullPath(path), previous.Started, Statuses, ids), previous);
    }

    /// <summary>The default --out of a rerun: the folder of the earlier results.json with "-rerun" after it (results/ gives results-rerun/).</summary>
    public static string DefaultOut(string path) =>
        Path.GetRelativePath(Environment.CurrentDirectory, Path.GetDirectoryName(Path.GetFullPath(path))!.TrimEnd('/') + "-rerun");

    /// <summary>"3 fail, 1 crashed": the earlier statuses of the cases to rerun.</summary>
    public static string Describe(RunResults previous) => string.Join(", ", previous.Cases
        .Where(c => SuiteRunner.IsUnexpected(c.Status)).GroupBy(c => c.Status).OrderBy(g => g.Key)
        .Select(g => $"{g.Count()} {g.Key.ToWire()}"));
}
