using System.Diagnostics;
using OsConformance.Suite.Infrastructure;

namespace OsConformance.SelfTest;

/// <summary>Runs cases against the faulty harness with one fault (or "none"); returns status by case id.</summary>
public delegate IReadOnlyDictionary<string, string> CaseRunner(string faultId, IReadOnlyList<string> caseIds);

public sealed record SelfTestResult(
    string Subset, DateTimeOffset Started, TimeSpan Elapsed, int BaselineCases, int BaselinePassing, IReadOnlyList<FaultOutcome> Faults)
{
    public int Caught => Faults.Count(f => f.Caught);
    public double KillRate => Faults.Count == 0 ? 0 : (double)Caught / Faults.Count;
    public IEnumerable<FaultOutcome> Survivors => Faults.Where(f => !f.Caught);
    public IEnumerable<FaultOutcome> Unanswered => Survivors.Where(f => string.IsNullOrWhiteSpace(f.Fault.Answer));
}

/// <summary>
/// The self-test: one baseline run without a fault over every case some fault observes, then for each
/// fault only its observing cases that passed in the baseline (no other case can catch it), in chunks
/// until one catches it.
/// </summary>
public static class SelfTestRun
{
    public static SelfTestResult Run(string subset, IReadOnlyList<FaultInfo> faults, IReadOnlyList<CaseMeta> cases, CaseRunner run, TextWriter log)
    {
        var started = DateTimeOffset.Now;
        var clock = Stopwatch.StartNew();
        var observing = faults.ToDictionary(f => f.Id, f => cases.Where(f.Observes).Select(c => c.Id).ToList());
        var byId = cases.GroupBy(c => c.Id).ToDictionary(g => g.Key, g => g.First());
        var union = observing.Values.SelectMany(x => x).Distinct().Order(StringComparer.Ordinal).ToList();

        log.WriteLine($"selftest: baseline: {union.Count} cases without a fault");
        var baseline = union.Count == 0 ? new Dictionary<string, string>() : run("none", union);
        int passing = baseline.Count(kv => kv.Value == "pass");
        log.WriteLine($"selftest: baseline: {passing} of {union.Count} pass");

        var outcomes = new List<FaultOutcome>();
        int n = 0;
        foreach (var f in faults)
        {
            var ids = observing[f.Id].Where(id => baseline.GetValueOrDefault(id) == "pass")
                .OrderBy(id => f.Rank(byId[id])).ThenBy(id => id, StringComparer.Ordinal).ToList();
            var caught = new List<string>();
            int ran = 0;
            // In growing chunks, the cases of the fault's own functions first; the first chunk that
            // catches it ends the fault's run (the cases after it could only add names).
            foreach (var chunk in Chunks(ids))
            {
                ran += chunk.Count;
                var statuses = run(f.Id, chunk);
                caught = Judge.CaughtBy(baseline, statuses).ToList();
                // On a loaded machine a case can miss its deadline with or without the fault: a catch made
                // only of timeouts counts once the same cases pass again without the fault.
                if (caught.Count > 0 && caught.All(id => statuses[id] == "timeout"))
                {
                    var again = run("none", caught);
                    caught = caught.Where(id => again.GetValueOrDefault(id) == "pass").ToList();
                }
                if (caught.Count > 0) break;
            }
            var outcome = new FaultOutcome(f, observing[f.Id].Count, ran, caught);
            outcomes.Add(outcome);
            log.WriteLine($"selftest: [{++n}/{faults.Count}] {f.Id}: {(outcome.Caught ? $"caught by {outcome.CaughtBy.Count} of {ran} run" : $"SURVIVED {ran} cases")}");
        }
        return new SelfTestResult(subset, started, clock.Elapsed, union.Count, passing, outcomes);
    }

    /// <summary>The chunk sizes: 24, then 96, then the rest.</summary>
    public static IEnumerable<List<string>> Chunks(IReadOnlyList<string> ids)
    {
        int at = 0;
        foreach (int size in new[] { 24, 96, int.MaxValue })
        {
            if (at >= ids.Count) yield break;
            var chunk = ids.Skip(at).Take(size).ToList();
            at += chunk.Count;
            yield return chunk;
        }
    }
}
