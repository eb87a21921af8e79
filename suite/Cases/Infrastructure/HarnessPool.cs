using System.Collections.Concurrent;
using OsConformance.Protocol;

namespace OsConformance.Suite.Infrastructure;

/// <summary>
/// Started harnesses shared by "pure" cases: cases whose calls change no process or file state
/// (W*, S_IS* and S_IMODE on synthetic values, constants, the module's surface). Spawning a
/// harness per case dominates a run; cases that change the process always get a fresh one.
/// A harness goes back to the pool only while it is alive and quiet; one that crashed, was killed
/// by the watchdog or wrote a line nobody asked for is never reused, and its failure belongs to
/// the case that held it. Each lease sets the harness's deadline to the case's time, so a late
/// reply is a timeout as with a fresh harness. Pooled harnesses run in the run directory (work/),
/// with TMPDIR and HOME in work/.pool.
/// </summary>
public static class HarnessPool
{
    private sealed record Idle(HarnessProcess Harness, StartInfo Info);

    private static readonly ConcurrentBag<Idle> idle = new();
    private static readonly ConcurrentDictionary<HarnessProcess, StartInfo> infos = new();
    private static int spawned;

    /// <summary>A harness for one case, with <paramref name="timeout"/> (the case's time) as its deadline.</summary>
    public static (HarnessProcess Harness, StartInfo Info) Lease(TimeSpan timeout)
    {
        while (idle.TryTake(out var item))
        {
            if (Usable(item.Harness))
            {
                item.Harness.SetDeadline(timeout);
                return (item.Harness, item.Info);
            }
            Forget(item.Harness);
        }
        int n = Interlocked.Increment(ref spawned);
        string home = Path.Combine(Target.RunDirectory, ".pool");
        var harness = HarnessProcess.Spawn(new HarnessOptions(
            Target.HarnessCommand, Target.RunDirectory, timeout, Path.Combine(Target.RunDirectory, $"pool-{n}.stderr"),
            Target.CaseEnvironment(home), ValidateRequests: false));
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

    /// <summary>Back to the pool if still alive and quiet, else disposed.</summary>
    public static void Return(HarnessProcess harness)
    {
        if (Usable(harness) && infos.TryGetValue(harness, out var info))
            idle.Add(new Idle(harness, info));
        else
            Forget(harness);
    }

    // Output waiting between cases is unsolicited: such a harness is dropped, not lent again.
    private static bool Usable(HarnessProcess harness)
    {
        if (harness.End is not null || harness.Killed)
            return false;
        try { harness.CheckQuiet(); }
        catch (HarnessException) { return false; }
        return true;
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
