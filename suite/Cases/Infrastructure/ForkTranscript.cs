using System.Text.Json.Nodes;

namespace OsConformance.Suite.Infrastructure;

/// <summary>
/// A fork child answers in its report file, not on the harness's stdout, so the harness's
/// transcript alone shows a fork and then nothing of the child. This puts the report's lines
/// right after the fork's reply, marked "(child PID) < ", so a failure's log reads in order.
/// </summary>
public static class ForkTranscript
{
    /// <summary>Most lines of one report kept; a child that loops must not flood the log.</summary>
    public const int MaxLines = 40;

    public static IReadOnlyList<string> WithChildReports(IReadOnlyList<string> transcript)
    {
        var lines = new List<string>(transcript.Count);
        string? pendingReport = null;
        foreach (var line in transcript)
        {
            lines.Add(line);
            if (line.StartsWith("> ", StringComparison.Ordinal))
            {
                pendingReport = ForkReportPath(line[2..]);
                continue;
            }
            if (pendingReport is null || !line.StartsWith("< ", StringComparison.Ordinal))
                continue;
            string pid = ChildPid(line[2..]) ?? "?";
            lines.AddRange(ReportLines(pendingReport).Select(l => $"(child {pid}) < {l}"));
            pendingReport = null;
        }
        return lines;
    }

    private static IEnumerable<string> ReportLines(string path)
    {
        string[] report;
        try { report = File.ReadAllLines(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException) { return ["(no report: " + e.Message + ")"]; }
        if (report.Length == 0) return ["(empty report: the child wrote nothing)"];
        return report.Length <= MaxLines ? report : [.. report.Take(MaxLines), $"... {report.Length - MaxLines} more report lines in {path}"];
    }

    private static string? ForkReportPath(string request)
    {
        try
        {
            return JsonNode.Parse(request) is JsonObject o && o["op"]?.GetValue<string>() == "fork" ? o["report"]?.GetValue<string>() : null;
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException or FormatException) { return null; }
    }

    private static string? ChildPid(string reply)
    {
        try
        {
            return JsonNode.Parse(reply) is JsonObject o && o["pid"] is JsonValue v ? v.ToJsonString() : null;
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException or FormatException) { return null; }
    }
}
