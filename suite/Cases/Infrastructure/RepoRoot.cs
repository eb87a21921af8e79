namespace OsConformance.Suite.Infrastructure;

/// <summary>
/// Finds the repository root (the spec, the decisions, the reference harness): Target.Root if set,
/// else $OSC_ROOT, else the first ancestor of the running binaries that holds os-conformance.sln.
/// </summary>
public static class RepoRoot
{
    public const string MarkerFile = "os-conformance.sln";

    public static string? Find()
    {
        if (Target.Root is { Length: > 0 } configured)
            return configured;
        if (Environment.GetEnvironmentVariable("OSC_ROOT") is { Length: > 0 } env && File.Exists(Path.Combine(env, MarkerFile)))
            return env;
        foreach (var start in new[] { AppContext.BaseDirectory, Path.GetDirectoryName(typeof(RepoRoot).Assembly.Location) })
        {
            for (var dir = string.IsNullOrEmpty(start) ? null : new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, MarkerFile)))
                    return dir.FullName;
        }
        return null;
    }

    public static string Require() =>
        Find() ?? throw new InvalidOperationException(
            $"cannot find the os-conformance root (no {MarkerFile} above {AppContext.BaseDirectory}); set OSC_ROOT");
}
