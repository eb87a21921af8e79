using NUnit.Framework;
namespace OsConformance.Suite.Tests.Protocol;

/// <summary>Paths of the repository and of the fake harnesses in suite/Tests/fixtures/harnesses.</summary>
internal static class Fixtures
{
    // OSC_ROOT first, like every other test: the test binaries may be built outside the tree (--artifacts-path).
    public static string Root { get; } = OsConformance.Suite.Infrastructure.RepoRoot.Require();

    public static string Harness(string name) => Path.Combine(Root, "suite", "Tests", "fixtures", "harnesses", name);

    /// <summary>Pids of live (not zombie) processes whose process group is pgid, from /proc (Linux).</summary>
    public static List<int> LiveMembersOfGroup(int pgid)
    {
        var members = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out int pid))
                continue;
            string stat;
            try { stat = File.ReadAllText(Path.Combine(dir, "stat")); }
            catch (IOException) { continue; }
            catch (UnauthorizedAccessException) { continue; }
            // pid (comm) state ppid pgrp ...: comm may hold spaces, so parse after the last ')'.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            if (int.Parse(fields[2]) == pgid && fields[0] is not ("Z" or "X"))
                members.Add(pid);
        }
        return members;
    }

    /// <summary>Waits up to `timeout` for the group to have no live member; returns what is left.</summary>
    public static List<int> WaitGroupGone(int pgid, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (true)
        {
            var left = LiveMembersOfGroup(pgid);
            if (left.Count == 0 || DateTime.UtcNow > until)
                return left;
            Thread.Sleep(20);
        }
    }
}
