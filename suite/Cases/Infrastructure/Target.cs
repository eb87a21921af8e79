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

    /// <summary>The whole environment of harness processes, or null for the runner's own.</summary>
    public static IReadOnlyDictionary<string, string>? Environment { get; set; }

    /// <summary>
    /// The environment of a harness whose case did not choose one: <see cref="Environment"/> (or the
    /// runner's) with TMPDIR and HOME in <paramref name="dir"/> (tmp/ and home/, created here), so
    /// what a harness writes there stays with its case.
    /// </summary>
    public static IReadOnlyDictionary<string, string> CaseEnvironment(string dir)
    {
        var env = Environment is { } given
            ? new Dictionary<string, string>(given)
            : System.Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
                .ToDictionary(e => (string)e.Key, e => (string?)e.Value ?? "");
        string tmp = Path.Combine(dir, "tmp"), home = Path.Combine(dir, "home");
        Directory.CreateDirectory(tmp);
        Directory.CreateDirectory(home);
        env["TMPDIR"] = tmp;
        env["HOME"] = home;
        return env;
    }

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
