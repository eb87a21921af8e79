using System.Globalization;
using System.Runtime.InteropServices;
using OsConformance.Protocol.Interop;

namespace OsConformance.Protocol;

/// <summary>One process as the kernel lists it.</summary>
public readonly record struct KernelTreeEntry(int Pid, int Ppid, int Pgid, char State);

/// <summary>
/// The kernel's process tree: who is whose parent, never what a harness says. Linux reads
/// /proc/PID/stat; macOS asks proc_pidinfo(PROC_PIDTBSDINFO) (written from the headers, not yet run
/// on a Mac). Used to check the pid a harness reports in its start reply and to find the harness a
/// wrapper runs as a child.
/// </summary>
public static class ProcessTree
{
    /// <summary>The parent and process group of a live (or zombie) process; null when there is none.</summary>
    public static KernelTreeEntry? Get(int pid)
    {
        if (pid <= 0)
            return null;
        if (Libc.IsMacOS)
        {
            int size = Marshal.SizeOf<Libc.ProcBsdInfo>();
            return Libc.proc_pidinfo(pid, Libc.PROC_PIDTBSDINFO, 0, out var info, size) == size
                ? new KernelTreeEntry(pid, (int)info.pbi_ppid, (int)info.pbi_pgid, info.pbi_status == SZOMB ? 'Z' : 'S')
                : null;
        }
        try { return Parse(pid, File.ReadAllText($"/proc/{pid}/stat")); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
    }

    // xnu bsd/sys/proc.h: p_stat SZOMB.
    const uint SZOMB = 5;

    /// <summary>
    /// Whether <paramref name="pid"/> is <paramref name="root"/> or one of its descendants, by the
    /// kernel's parent links (a process re-parented to a subreaper or init has left the tree).
    /// </summary>
    public static bool IsSelfOrDescendant(int pid, int root)
    {
        // Bounded: a pid reused while we walk cannot make the walk loop.
        for (int p = pid, hops = 0; p > 0 && hops < 4096; hops++)
        {
            if (p == root)
                return true;
            if (Get(p) is not { } e || e.Ppid == p)
                return false;
            p = e.Ppid;
        }
        return false;
    }

    /// <summary>The live descendants of pid, nearest first (Linux; empty where there is no /proc).</summary>
    public static IReadOnlyList<int> Descendants(int pid)
    {
        var children = Table().Where(p => p.State != 'Z').ToLookup(p => p.Ppid);
        var found = new List<int>();
        var queue = new Queue<int>([pid]);
        while (queue.Count > 0 && found.Count < 4096)
            foreach (var child in children[queue.Dequeue()])
            {
                found.Add(child.Pid);
                queue.Enqueue(child.Pid);
            }
        return found;
    }

    /// <summary>The one live child of pid (a wrapper's such as strace's), or null when it has none or several (Linux).</summary>
    public static int? OnlyChild(int pid)
    {
        var children = Table().Where(p => p.Ppid == pid && p.State != 'Z').ToList();
        return children.Count == 1 ? children[0].Pid : null;
    }

    /// <summary>Every process, from /proc; empty where there is no /proc.</summary>
    internal static List<KernelTreeEntry> Table()
    {
        var all = new List<KernelTreeEntry>();
        if (!Directory.Exists("/proc/self"))
            return all;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out int pid))
                continue;
            try { all.Add(Parse(pid, File.ReadAllText(Path.Combine(dir, "stat")))); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }
        return all;
    }

    // pid (comm) state ppid pgrp ...: comm may hold spaces and parentheses.
    static KernelTreeEntry Parse(int pid, string stat)
    {
        var rest = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return new KernelTreeEntry(pid, int.Parse(rest[1], CultureInfo.InvariantCulture), int.Parse(rest[2], CultureInfo.InvariantCulture), rest[0][0]);
    }
}
