using System.Collections.Concurrent;
using OsConformance.Protocol;

namespace OsConformance.Suite.Infrastructure;

/// <summary>
/// Every harness a case started and has not yet disposed, by NUnit test id, so the runner can kill
/// those of a case past its deadline and sweep any left at the end of a run. Disposal happens once.
/// </summary>
public static class LiveHarnesses
{
    public sealed class Entry(string testId, HarnessProcess harness)
    {
        private int disposed;
        public string TestId { get; } = testId;
        public HarnessProcess Harness { get; } = harness;
        /// <summary>The spawned pid, which is also the harness's process group.</summary>
        public int SpawnedPid { get; } = harness.SpawnedPid;

        /// <summary>Disposes (kills and reaps) the harness; true if this call did it.</summary>
        public bool DisposeOnce()
        {
            if (Interlocked.Exchange(ref disposed, 1) != 0)
                return false;
            entries.TryRemove(this, out _);
            try { Harness.Dispose(); }
            catch (Exception) { /* already dead or half-spawned: nothing left to kill */ }
            return true;
        }
    }

    private static readonly ConcurrentDictionary<Entry, byte> entries = new();
    private static readonly ConcurrentBag<int> spawned = new();

    /// <summary>Pids (= process groups) of every harness started since the last <see cref="ResetSpawned"/>.</summary>
    public static IReadOnlyCollection<int> Spawned => spawned.ToArray();

    public static Entry Add(string testId, HarnessProcess harness)
    {
        var entry = new Entry(testId, harness);
        entries[entry] = 0;
        spawned.Add(entry.SpawnedPid);
        return entry;
    }

    /// <summary>Stops tracking a pooled harness at the end of its lease, without killing it.</summary>
    public static bool Release(Entry entry) => entries.TryRemove(entry, out _);

    /// <summary>
    /// Kills every live harness of one case without waiting for it (a reader blocked on one holds
    /// its lock; the kill wakes it); the case's teardown or the run's sweep reaps. Returns how many.
    /// </summary>
    public static int KillCase(string testId)
    {
        int n = 0;
        foreach (var e in entries.Keys.Where(e => e.TestId == testId))
        {
            e.Harness.Kill();
            n++;
        }
        return n;
    }

    /// <summary>Kills every live harness; returns how many.</summary>
    public static int KillAll() => entries.Keys.Count(e => e.DisposeOnce());

    public static void ResetSpawned() => spawned.Clear();
}
