using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OsConformance.Reports;

// The `performance` member of results.json (docs/schemas/results.schema.json, docs/reports.md):
// what `run --perf` measured inside the harness under test. Contract file shared by the
// measurement (suite/Performance), the report writers and merge.

/// <summary>One operation's cost inside a harness, or why it has none: exactly one of NsPerOp and Error is set.</summary>
public sealed record PerformanceFigure(string Operation, double? NsPerOp, string How, string? Error)
{
    public static PerformanceFigure Measured(string operation, double nsPerOp, string how) => new(operation, nsPerOp, how, null);
    public static PerformanceFigure Failed(string operation, string how, string error) => new(operation, null, how, error);
}

/// <summary>
/// Figures of one harness, each the minimum over <see cref="Rounds"/> rounds of <see cref="N"/>
/// calls (after a discarded warm-up round). LoadAverage is the 1, 5 and 15 minute load when the
/// measurement began, null where the platform did not tell.
/// </summary>
public sealed record PerformanceResults(
    int N,
    int Rounds,
    DateTimeOffset Taken,
    IReadOnlyList<double>? LoadAverage,
    IReadOnlyList<PerformanceFigure> Operations,
    PerformanceFigure RoundTrip)
{
    public const string Format = "os-conformance/performance";
    public const int Version = 1;
    /// <summary>The only method so far: on a shared machine the least-disturbed round is the best estimate of the cost.</summary>
    public const string Method = "min-over-rounds";
    public const string RoundTripOperation = "protocol round trip";

    /// <summary>The operations, then the protocol round trip: the rows of every performance table.</summary>
    public IEnumerable<PerformanceFigure> AllFigures => Operations.Append(RoundTrip);
}

/// <summary>Writes and reads the `performance` member; reading assumes the document passed the schema.</summary>
internal static class PerformanceJson
{
    public static void Write(Utf8JsonWriter w, PerformanceResults p)
    {
        w.WriteStartObject();
        w.WriteString("format", PerformanceResults.Format);
        w.WriteNumber("version", PerformanceResults.Version);
        WriteConditions(w, p);
        w.WriteStartArray("operations");
        foreach (var f in p.Operations) WriteFigure(w, f);
        w.WriteEndArray();
        w.WritePropertyName("round_trip");
        WriteFigure(w, p.RoundTrip);
        w.WriteEndObject();
    }

    /// <summary>How the figures were taken: method, n, rounds, taken, load_average (matrix.json's columns repeat them).</summary>
    public static void WriteConditions(Utf8JsonWriter w, PerformanceResults p)
    {
        w.WriteString("method", PerformanceResults.Method);
        w.WriteNumber("n", p.N);
        w.WriteNumber("rounds", p.Rounds);
        w.WriteString("taken", ResultsJson.Timestamp(p.Taken));
        if (p.LoadAverage is { } load)
        {
            w.WriteStartArray("load_average");
            foreach (var x in load) w.WriteNumberValue(Math.Round(x, 2));
            w.WriteEndArray();
        }
        else w.WriteNull("load_average");
    }

    private static void WriteFigure(Utf8JsonWriter w, PerformanceFigure f)
    {
        if ((f.NsPerOp is null) == (f.Error is null))
            throw new ArgumentException($"performance {f.Operation}: give either a figure or an error, not {(f.Error is null ? "neither" : "both")}");
        if (f.NsPerOp is double ns && !(double.IsFinite(ns) && ns > 0))
            throw new ArgumentException($"performance {f.Operation}: ns_per_op must be a finite number > 0, not {ns}");
        w.WriteStartObject();
        w.WriteString("op", Text.ValidUtf16(f.Operation));
        if (f.NsPerOp is double v) w.WriteNumber("ns_per_op", Math.Round(v, 1));
        else w.WriteNull("ns_per_op");
        w.WriteString("how", Text.ValidUtf16(f.How));
        w.WriteString("error", Text.ValidUtf16(f.Error));
        w.WriteEndObject();
    }

    public static PerformanceResults Read(JsonObject o, string source) =>
        new(
            o["n"]!.GetValue<int>(),
            o["rounds"]!.GetValue<int>(),
            ResultsJson.Time(o, "taken", source, "/performance/taken"),
            o["load_average"] is JsonArray load ? load.Select(x => x!.GetValue<double>()).ToList() : null,
            o["operations"]!.AsArray().Select(f => ReadFigure(f!.AsObject())).ToList(),
            ReadFigure(o["round_trip"]!.AsObject()));

    private static PerformanceFigure ReadFigure(JsonObject f) => new(
        f["op"]!.GetValue<string>(),
        f["ns_per_op"] is JsonValue ns ? ns.GetValue<double>() : null,
        f["how"]!.GetValue<string>(),
        f["error"] is JsonValue e ? e.GetValue<string>() : null);
}

/// <summary>How every report writes figures, so a table reads the same in summary.md, report.html and the matrix.</summary>
public static class PerformanceText
{
    /// <summary>Three significant digits in ns, µs or ms: "812 ns", "2.00 µs", "155 µs", "14.1 ms".</summary>
    public static string Ns(double? ns) => ns switch
    {
        null => "—",
        >= 1e6 => Significant(ns.Value / 1e6) + " ms",
        >= 1e3 => Significant(ns.Value / 1e3) + " µs",
        _ => Significant(ns.Value) + " ns",
    };

    private static string Significant(double x) =>
        x.ToString(x >= 100 ? "0" : x >= 10 ? "0.0" : "0.00", CultureInfo.InvariantCulture);

    /// <summary>"1.48×": a figure divided by the one it is compared with.</summary>
    public static string Ratio(double ratio) => ratio.ToString(ratio >= 10 ? "0.0" : "0.00", CultureInfo.InvariantCulture) + "×";

    /// <summary>"n = 2000 calls, minimum over 3 rounds, taken 2026-11-27 05:00 UTC, load average 0.51 0.40 0.33".</summary>
    /// <summary>Said next to a figure of an emulated run, so nobody compares it with a native one.</summary>
    public const string EmulatedNote = "emulated (QEMU TCG): not comparable with native figures";

    /// <summary><see cref="Conditions"/>, and <see cref="EmulatedNote"/> when the platform was emulated.</summary>
    public static string Conditions(PerformanceResults p, PlatformDesc platform) =>
        Conditions(p) + (platform.Emulated ? "; " + EmulatedNote : "");

    public static string Conditions(PerformanceResults p) =>
        $"n = {p.N} calls, minimum over {p.Rounds} rounds, taken {p.Taken.ToUniversalTime():yyyy-MM-dd HH:mm} UTC, load average "
        + (p.LoadAverage is { } load ? string.Join(" ", load.Select(x => x.ToString("0.00", CultureInfo.InvariantCulture))) : "unknown");
}
