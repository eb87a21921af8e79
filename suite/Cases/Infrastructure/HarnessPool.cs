using System.Collections.Concurrent;
using OsConformance.Protocol;

namespace OsConformance.Suite.Infrastructure;

/// <summary>
/// Started harnesses shared by "pure" cases: cases whose calls change no process or file state
/// (W*, S_IS* and S_IMODE on synthetic values, constants, the module's surface). Spawning a
/// harness per case dominates a run; cases that change the process always get a fresh one.
/// A harness goes back to the pool only while it is alive; one that crashed or was killed by the
/// watchdog is never reused, and its failure belongs to the case that held it.
/// </summary>
public static class HarnessPool
{
    private sealed record Idle(HarnessProcess Harness, StartInfo Info);

    private static readonly ConcurrentBag<Idle> idle = new();
    private static readonly ConcurrentDictionary<HarnessProcess, StartInfo> infos = new();
    private static int spawned;

    // A pooled harness lives for the run; the runner's watchdog enforces each case's deadline.
    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(2);

    public static (HarnessProcess Harness, StartInfo Info) Lease()
    {
        while (idle.TryTake(out var item))
        {
            if (item.Harness.End is null)
                return (item.Harness, item.Info);
            Forget(item.Harness);
        }
        int n = Interlocked.Increment(ref spawned);
        var harness = HarnessProcess.Spawn(new HarnessOptions(
            Target.HarnessCommand, Target.RunDirectory, Lifetime, Path.Combine(Target.RunDirectory, $"pool-{n}.stderr"),
            Target.Environment, ValidateRequests: false));
        try
        {
            var info = harness.Start();
            infos[harness] = info;
            return (harness, info);
        }
        catch
        {
            harness.Dispose();
            throw;
        }
    }

    /// <summary>Back to the pool if still alive, else disposed.</summary>
    public static void Return(HarnessProcess harness)
    {
        if (harness.End is null && infos.TryGetValue(harness, out var info))
            idle.Add(new Idle(harness, info));
        else
            Forget(harness);
    }

    /// <summary>Disposes every idle harness (end of a run); returns how many.</summary>
    public static int Drain()
    {
        int n = 0;
        while (idle.TryTake(out var item))
        {
            Forget(item.Harness);
            n++;
        }
        return n;
    }

    private static void Forget(HarnessProcess harness)
    {
        infos.TryRemove(harness, out _);
        try { harness.Dispose(); }
        catch (Exception) { /* already dead: nothing to kill */ }
    }
}
