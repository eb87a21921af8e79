using System.Globalization;

namespace OsConformance.Suite.Oracles;

/// <summary>A process as the kernel describes it.</summary>
public sealed record KernelProcess(
    int Pid, int Ppid, char State, int Pgid, int Sid,
    int Uid, int Euid, int Gid, int Egid, IReadOnlyList<int> Groups);

/// <summary>
/// The process oracle: ids, parent, state, argv and environment of a process, from /proc on Linux.
/// macOS has no /proc; cases that need it are tagged linux-only.
/// </summary>
public static class ProcOracle
{
    public static bool Available => Directory.Exists("/proc/self");

    public static bool Exists(int pid) => File.Exists($"/proc/{pid}/stat");

    public static KernelProcess Get(int pid)
    {
        var stat = StatFields(pid);
        var status = File.ReadAllLines($"/proc/{pid}/status")
            .Select(l => l.Split(':', 2)).Where(p => p.Length == 2)
            .ToDictionary(p => p[0], p => p[1].Trim());
        int[] Ints(string key) => status.TryGetValue(key, out var v)
            ? v.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToArray() : [];
        var uids = Ints("Uid");
        var gids = Ints("Gid");
        return new KernelProcess(pid, int.Parse(stat[1], CultureInfo.InvariantCulture), stat[0][0],
            int.Parse(stat[2], CultureInfo.InvariantCulture), int.Parse(stat[3], CultureInfo.InvariantCulture),
            uids[0], uids[1], gids[0], gids[1], Ints("Groups"));
    }

    /// <summary>argv of the process's current image, from /proc/PID/cmdline.</summary>
    public static IReadOnlyList<string> Argv(int pid) => SplitNul(File.ReadAllBytes($"/proc/{pid}/cmdline"));

    /// <summary>The environment the current image started with, exactly, from /proc/PID/environ.</summary>
    public static IReadOnlyList<string> Environ(int pid) => SplitNul(File.ReadAllBytes($"/proc/{pid}/environ"));

    /// <summary>The ignored, blocked and caught signal masks (bit n-1 for signal n), from /proc/PID/status.</summary>
    public static (ulong Ignored, ulong Blocked, ulong Caught) Signals(int pid)
    {
        var status = File.ReadAllLines($"/proc/{pid}/status").Select(l => l.Split(':', 2)).Where(p => p.Length == 2)
            .ToDictionary(p => p[0], p => p[1].Trim());
        ulong Mask(string key) => ulong.Parse(status[key], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        return (Mask("SigIgn"), Mask("SigBlk"), Mask("SigCgt"));
    }

    /// <summary>The executable of the process's current image.</summary>
    public static string? Exe(int pid)
    {
        try { return new FileInfo($"/proc/{pid}/exe").LinkTarget; }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }

    /// <summary>The current working directory of the process.</summary>
    public static string? Cwd(int pid)
    {
        try { return new FileInfo($"/proc/{pid}/cwd").LinkTarget; }
        catch (IOException) { return null; }
    }

    /// <summary>Every live process whose process group is pgid (zombies included).</summary>
    public static IReadOnlyList<int> InGroup(int pgid)
    {
        var pids = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out int pid))
                continue;
            try
            {
                if (int.Parse(StatFields(pid)[2], CultureInfo.InvariantCulture) == pgid)
                    pids.Add(pid);
            }
            catch (IOException) { }
        }
        return pids;
    }

    /// <summary>Polls until the predicate holds or the timeout passes; returns whether it held.</summary>
    public static bool WaitUntil(Func<bool> predicate, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                if (predicate())
                    return true;
            }
            catch (IOException) { }
            if (DateTime.UtcNow >= deadline)
                return false;
            Thread.Sleep(5);
        }
    }

    // Fields of /proc/PID/stat after "(comm)": state, ppid, pgrp, session, ...
    private static string[] StatFields(int pid)
    {
        string text = File.ReadAllText($"/proc/{pid}/stat");
        return text[(text.LastIndexOf(')') + 2)..].Split(' ');
    }

    private static List<string> SplitNul(byte[] bytes)
    {
        var parts = new List<string>();
        int start = 0;
        for (int i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] != 0)
                continue;
            parts.Add(System.Text.Encoding.UTF8.GetString(bytes, start, i - start));
            start = i + 1;
        }
        if (start < bytes.Length)
            parts.Add(System.Text.Encoding.UTF8.GetString(bytes, start, bytes.Length - start));
        return parts;
    }
}
