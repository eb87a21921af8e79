using System.Globalization;

namespace OsConformance.Cli.Runner;

/// <summary>
/// Processes that outlived their case: members of the process groups of the harnesses a run
/// spawned, and zombies among them that this process failed to reap. An orphan's zombie belongs
/// to init, which reaps it on its own schedule: not counted. Linux reads /proc; elsewhere nothing is found.
/// </summary>
public static class Leftovers
{
    public static IReadOnlyList<(int Pid, int Pgid, char State)> Find(IEnumerable<int> pgids)
    {
        var groups = new HashSet<int>(pgids);
        var found = new List<(int, int, char)>();
        if (groups.Count == 0 || !Directory.Exists("/proc/self"))
            return found;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out int pid))
                continue;
            string stat;
            try { stat = File.ReadAllText(Path.Combine(dir, "stat")); }
            catch (IOException) { continue; }
            catch (UnauthorizedAccessException) { continue; }
            // pid (comm) state ppid pgrp ...: comm may hold spaces and parentheses.
            var rest = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            int pgid = int.Parse(rest[2], CultureInfo.InvariantCulture);
            int ppid = int.Parse(rest[1], CultureInfo.InvariantCulture);
            char state = rest[0][0];
            if ((groups.Contains(pgid) || groups.Contains(pid)) && (state != 'Z' || ppid == Environment.ProcessId))
                found.Add((pid, pgid, state));
        }
        return found;
    }

    /// <summary>SIGKILLs the groups that still have members; returns what was found before.</summary>
    public static IReadOnlyList<(int Pid, int Pgid, char State)> KillAll(IEnumerable<int> pgids)
    {
        var groups = pgids.ToList();
        var found = Find(groups);
        // Members of a group killed a moment ago may still be dying: give them a second.
        for (int i = 0; i < 20 && found.Count > 0; i++)
        {
            Thread.Sleep(50);
            found = Find(groups);
        }
        foreach (var pgid in found.Select(f => f.Pgid).Distinct())
            _ = Kill(-pgid, 9);
        return found;
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
