using System.Runtime.InteropServices;
using OsConformance.Protocol.Interop;

namespace OsConformance.Protocol.Containment;

/// <summary>
/// The runner as the child subreaper (Linux): a harness's orphaned descendants, double-forked or
/// setsid()ed, are re-parented to the runner instead of init, so they can be found (/proc) and
/// killed and reaped. Without a writable cgroup v2 this is the only containment; with one it still
/// reaps the zombies the cgroup's kill leaves. The runner's own children (System.Diagnostics.Process,
/// for the oracles) stay in the runner's process group and are never touched.
/// </summary>
internal static class Orphans
{
    /// <summary>Held while a harness is spawned and registered, so a sweep never takes a new harness for an orphan.</summary>
    public static readonly object SpawnLock = new();

    static readonly Lazy<bool> Subreaper = new(() =>
        OperatingSystem.IsLinux() && Libc.prctl(Libc.PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0);

    /// <summary>Makes the runner the subreaper of what it spawns (once); false where the platform has none (macOS).</summary>
    public static bool Enable() => Subreaper.Value;

    /// <summary>SIGKILLs every descendant of pid (a few rounds, for forks racing the kill). Takes no lock.</summary>
    public static void KillDescendants(int pid)
    {
        for (int round = 0; round < 3; round++)
        {
            var table = ProcessTree.Table();
            var children = table.ToLookup(p => p.Ppid);
            var stack = new Stack<int>([pid]);
            int killed = 0;
            while (stack.Count > 0)
                foreach (var child in children[stack.Pop()])
                {
                    if (child.State != 'Z' && Libc.kill(child.Pid, Libc.SIGKILL) == 0)
                        killed++;
                    stack.Push(child.Pid);
                }
            if (killed == 0)
                return;
        }
    }

    /// <summary>
    /// Kills and reaps the runner's children that are neither in its own process group nor one of
    /// <paramref name="live"/> (the live harnesses, read under the spawn lock): orphans a harness
    /// left. Returns how many were alive.
    /// </summary>
    public static int KillAndReap(Func<IReadOnlySet<int>> live)
    {
        if (!Subreaper.IsValueCreated || !Subreaper.Value)
            return 0;
        int self = Environment.ProcessId, ownGroup = Libc.getpgrp(), alive = 0;
        lock (SpawnLock)
        {
            var keep = live();
            for (int round = 0; round < 10; round++)
            {
                var orphans = ProcessTree.Table().Where(p => p.Ppid == self && p.Pgid != ownGroup && !keep.Contains(p.Pid)).ToList();
                if (orphans.Count == 0)
                    break;
                foreach (var o in orphans)
                {
                    if (o.State != 'Z')
                    {
                        alive++;
                        KillDescendants(o.Pid);
                        Libc.kill(o.Pid, Libc.SIGKILL);
                    }
                    while (Libc.waitpid(o.Pid, out _, 0) < 0 && Marshal.GetLastPInvokeError() == Libc.EINTR) { }
                }
            }
        }
        return alive;
    }
}
