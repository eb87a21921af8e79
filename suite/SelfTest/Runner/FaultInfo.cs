using System.Text.Json;
using System.Text.RegularExpressions;
using OsConformance.Suite.Infrastructure;

namespace OsConformance.SelfTest;

/// <summary>One fault as <c>osc-faulty-harness --list</c> describes it. Answer: why it may survive (docs/selftest.md).</summary>
public sealed record FaultInfo(string Id, string Family, string Description, string? Spec, string? Decision, IReadOnlyList<string> Observers, bool Ci, string? Answer = null)
{
    /// <summary>The cases that can observe the fault: cases of an observer function, with an observer
    /// tag ("tag:T"), whose id matches an observer glob ("id:GLOB", ** crosses segments), or all ("*").</summary>
    public bool Observes(CaseMeta meta) => Observers.Any(o => o switch
    {
        "*" => true,
        _ when o.StartsWith("tag:", StringComparison.Ordinal) => meta.Tags.Contains(o[4..]),
        _ when o.StartsWith("id:", StringComparison.Ordinal) => Glob(o[3..]).IsMatch(meta.Id),
        _ => meta.Function == o,
    });

    /// <summary>Which observer selects the case: its function (0), a tag (1), an id glob (2), all (3).</summary>
    public int Rank(CaseMeta meta) =>
        Observers.Contains(meta.Function) ? 0
        : Observers.Any(o => o.StartsWith("tag:", StringComparison.Ordinal) && meta.Tags.Contains(o[4..])) ? 1
        : Observers.Any(o => o.StartsWith("id:", StringComparison.Ordinal) && Glob(o[3..]).IsMatch(meta.Id)) ? 2 : 3;

    public static IReadOnlyList<FaultInfo> ParseList(string jsonLines)
    {
        var faults = new List<FaultInfo>();
        foreach (var line in jsonLines.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            using var doc = JsonDocument.Parse(line);
            var e = doc.RootElement;
            faults.Add(new FaultInfo(
                e.GetProperty("id").GetString()!, e.GetProperty("family").GetString()!, e.GetProperty("description").GetString()!,
                e.GetProperty("spec").GetString(), e.GetProperty("decision").GetString(),
                e.GetProperty("observers").EnumerateArray().Select(x => x.GetString()!).ToList(), e.GetProperty("ci").GetBoolean(),
                e.TryGetProperty("answer", out var answer) ? answer.GetString() : null));
        }
        return faults;
    }

    private static Regex Glob(string glob) =>
        new("^" + Regex.Escape(glob).Replace(@"\*\*", ".*").Replace(@"\*", "[^/]*") + "$", RegexOptions.CultureInvariant);
}

/// <summary>What happened to one fault: the cases run, the ones that caught it, and an answer if it survived.</summary>
public sealed record FaultOutcome(FaultInfo Fault, int Observing, int CasesRun, IReadOnlyList<string> CaughtBy)
{
    public bool Caught => CaughtBy.Count > 0;
}

/// <summary>The judging rule of docs/selftest.md.</summary>
public static class Judge
{
    private static readonly HashSet<string> Catching = ["fail", "crashed", "broken", "timeout"];

    /// <summary>Cases that pass without the fault and end fail, crashed, broken or timeout with it.
    /// Turning a case unsupported (or leaving it passing) catches nothing.</summary>
    public static IReadOnlyList<string> CaughtBy(IReadOnlyDictionary<string, string> baseline, IReadOnlyDictionary<string, string> withFault) =>
        withFault.Where(kv => Catching.Contains(kv.Value) && baseline.TryGetValue(kv.Key, out var b) && b == "pass")
            .Select(kv => kv.Key).Order(StringComparer.Ordinal).ToList();
}
