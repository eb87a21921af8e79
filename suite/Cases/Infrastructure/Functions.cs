namespace OsConformance.Suite.Infrastructure;

/// <summary>The 51 documented functions of docs/spec/os-module.txt, spelled as the module spells them.</summary>
public static class Functions
{
    public static readonly IReadOnlyList<string> Documented =
    [
        "abort", "chdir", "cloexec", "close", "dup", "dup2",
        "execv", "execvp", "execve", "execvpe", "exit", "_exit", "fork",
        "getegid", "geteuid", "getgid", "getgroups", "getpid", "getppid", "getuid",
        "isatty", "nonblock", "open", "pipe", "read", "scandir",
        "setgid", "setgroups", "setuid", "setsid", "stat", "ttyname", "unlink", "urandom",
        "waitpid", "write",
        "S_IMODE", "S_ISDIR", "S_ISCHR", "S_ISBLK", "S_ISREG", "S_ISFIFO", "S_ISLNK", "S_ISSOCK",
        "WIFEXITED", "WEXITSTATUS", "WIFSIGNALED", "WTERMSIG", "WIFSTOPPED", "WSTOPSIG", "WIFCONTINUED",
    ];

    private static readonly HashSet<string> set = new(Documented, StringComparer.Ordinal);

    public static bool IsDocumented(string name) => set.Contains(name);
}
