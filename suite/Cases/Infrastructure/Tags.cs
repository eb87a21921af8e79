namespace OsConformance.Suite.Infrastructure;

/// <summary>Tags with a meaning to the infrastructure; every other tag names a family.</summary>
public static class Tags
{
    public const string NeedsRoot = "needs-root";
    public const string NeedsTty = "needs-tty";
    public const string LinuxOnly = "linux-only";
    public const string MacosOnly = "macos-only";

    /// <summary>A family whose cases check the module's surface: a missing function fails, never "unsupported".</summary>
    public const string ApiSurface = "api-surface";

    /// <summary>The case changes no process or file state, so it may share a pooled harness.</summary>
    public const string Pure = "pure";

    public static readonly IReadOnlySet<string> Special = new HashSet<string> { NeedsRoot, NeedsTty, LinuxOnly, MacosOnly, Pure };

    public static bool IsFamily(string tag) => !Special.Contains(tag);
}
