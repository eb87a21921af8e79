namespace OsConformance.Cli;

/// <summary>The repository root: $OSC_ROOT (set by the launcher), else the first ancestor of the binary holding os-conformance.sln.</summary>
internal static class OscRoot
{
    public static string? Find()
    {
        if (Environment.GetEnvironmentVariable("OSC_ROOT") is { Length: > 0 } env)
            return env;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "os-conformance.sln")))
                return dir.FullName;
        return null;
    }

    public static string? ReferenceHarness() =>
        Find() is string root ? Path.Combine(root, ".build", "harness", "osc-harness") : null;
}
