using OsConformance.Protocol;

namespace OsConformance.Suite.Infrastructure;

/// <summary>
/// What the cases run against, set by the runner before a run (process-wide: one run at a time).
/// </summary>
public static class Target
{
    private static IReadOnlyList<string>? harnessCommand;

    /// <summary>The repository root, when the runner knows it better than <see cref="RepoRoot"/>.</summary>
    public static string? Root { get; set; }

    /// <summary>The harness command line, already split. Defaults to the reference harness.</summary>
    public static IReadOnlyList<string> HarnessCommand
    {
        get => harnessCommand ?? [Path.Combine(RepoRoot.Require(), ".build", "harness", "osc-harness")];
        set => harnessCommand = value;
    }

    /// <summary>Where case directories go: one per case, named after its id.</summary>
    public static string RunDirectory { get; set; } = Path.Combine(Path.GetTempPath(), $"osc-run-{System.Environment.ProcessId}");

    /// <summary>The time a case has, harness calls included; a harness missing it is killed.</summary>
    public static TimeSpan CaseTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Extra environment for harness processes, or null.</summary>
    public static IReadOnlyDictionary<string, string>? Environment { get; set; }

    /// <summary>The start reply of the runner's probe harness, so cases can skip before spawning.</summary>
    public static StartInfo? StartInfo { get; set; }

    /// <summary>The case directory for an id: flat ("/" becomes "~", absent from ids) so no case dir holds another.</summary>
    public static string CaseDirectory(string id) => Path.Combine(RunDirectory, id.Replace('/', '~'));

    /// <summary>Back to the defaults (tests that run the suite several times in one process).</summary>
    public static void Reset()
    {
        HarnessPool.Drain(); // pooled harnesses belong to the previous target
        harnessCommand = null;
        Root = null;
        RunDirectory = Path.Combine(Path.GetTempPath(), $"osc-run-{System.Environment.ProcessId}");
        CaseTimeout = TimeSpan.FromSeconds(10);
        Environment = null;
        StartInfo = null;
    }
}
