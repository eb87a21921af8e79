using System.Text.Json;

namespace OsConformance.SelfTest;

/// <summary>Reads a selftest.json back (selftest --render re-renders docs/selftest.md with the current answers).</summary>
public static class SelfTestResults
{
    public static SelfTestResult Read(string json, IReadOnlyDictionary<string, string> answers)
    {
        using var doc = JsonDocument.Parse(json);
        var e = doc.RootElement;
        var faults = new List<FaultOutcome>();
        foreach (var f in e.GetProperty("results").EnumerateArray())
        {
            string id = f.GetProperty("id").GetString()!;
            var info = new FaultInfo(id, f.GetProperty("family").GetString()!, f.GetProperty("description").GetString()!,
                f.GetProperty("spec").GetString(), f.GetProperty("decision").GetString(),
                f.GetProperty("observers").EnumerateArray().Select(x => x.GetString()!).ToList(), false, answers.GetValueOrDefault(id));
            faults.Add(new FaultOutcome(info, f.GetProperty("observing_cases").GetInt32(), f.GetProperty("cases_run").GetInt32(),
                f.GetProperty("caught_by").EnumerateArray().Select(x => x.GetString()!).ToList()));
        }
        return new SelfTestResult(e.GetProperty("subset").GetString()!, e.GetProperty("started").GetDateTimeOffset(),
            TimeSpan.FromSeconds(e.GetProperty("elapsed_s").GetDouble()), e.GetProperty("baseline_cases").GetInt32(),
            e.GetProperty("baseline_passing").GetInt32(), faults);
    }

    /// <summary>The answers file: a JSON object of fault id → answer (docs/selftest-answers.json).</summary>
    public static IReadOnlyDictionary<string, string> ReadAnswers(string path) =>
        File.Exists(path)
            ? JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(path)) ?? []
            : new Dictionary<string, string>();
}
