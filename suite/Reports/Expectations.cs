using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;

namespace OsConformance.Reports;

/// <summary>One entry of an expectations file: cases matching <see cref="Id"/> are expected to end with <see cref="Status"/>.</summary>
public sealed record ExpectationEntry(string Id, CaseStatus Status, string Reason, string? Link = null)
{
    public bool IsGlob => Id.Contains('*') || Id.Contains('?');
}

/// <summary>An expectations file (docs/schemas/expectations.schema.json, described in docs/reports.md).</summary>
public sealed record ExpectationsFile(IReadOnlyList<ExpectationEntry> Entries, string? Implementation = null, string? Platform = null, string Source = "(expectations)");

/// <summary>How a run's results changed under an expectations file.</summary>
public sealed record ExpectationsOutcome(
    RunResults Results,
    // Cases that passed although an entry expected them to fail, with that entry.
    IReadOnlyList<(CaseResult Case, ExpectationEntry Entry)> XPassed,
    // Cases that ended with another non-pass status than their entry said.
    IReadOnlyList<(CaseResult Case, ExpectationEntry Entry)> Mismatched,
    // Entries that matched no case of the run (or only cases an earlier entry took).
    IReadOnlyList<ExpectationEntry> Unused);

public static class Expectations
{
    public const string Format = "os-conformance/expectations";
    public const int SchemaVersion = 1;
    public const string SchemaResource = "schemas/expectations.schema.json";

    /// <summary>Statuses an entry may expect.</summary>
    public static readonly IReadOnlySet<CaseStatus> ExpectableStatuses = new HashSet<CaseStatus>
    {
        CaseStatus.Fail, CaseStatus.Broken, CaseStatus.Crashed, CaseStatus.Timeout, CaseStatus.Unsupported,
    };

    /// <summary>Written by <see cref="FromResults"/> at the start of each reason, for a human to replace.</summary>
    public const string ReviewMarker = "TODO(review):";

    private static readonly Lazy<JsonSchema> Schema = new(() => ResultsSchema.LoadEmbedded(SchemaResource));

    /// <exception cref="ResultsFormatException">Missing, unreadable, corrupt, truncated, foreign or invalid; the message names the file.</exception>
    public static ExpectationsFile Read(string path)
    {
        byte[] bytes;
        try { bytes = File.ReadAllBytes(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new ResultsFormatException(path, $"cannot read: {e.Message}", e);
        }
        return Parse(bytes, path);
    }

    public static ExpectationsFile Parse(ReadOnlySpan<byte> utf8, string source)
    {
        var root = ResultsJson.ParseJson(utf8, source);
        if (root is not JsonObject obj)
            throw new ResultsFormatException(source, $"not an os-conformance expectations file: the top level is {ResultsJson.Kind(root)}, not an object");
        var format = obj["format"];
        if (format is null || format.GetValueKind() != JsonValueKind.String || format.GetValue<string>() != Format)
        {
            string hint = format?.GetValueKind() == JsonValueKind.String && format.GetValue<string>() == ResultsJson.Format
                ? " (this is a results file; `expectations write` makes an expectations file from it)" : "";
            throw new ResultsFormatException(source, $"not an os-conformance expectations file: \"format\" is {ResultsJson.Show(format)}, expected \"{Format}\"{hint}");
        }
        if (obj["schema_version"] is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.ToJsonString() != SchemaVersion.ToString())
            throw new ResultsFormatException(source, $"refused: schema_version {v.ToJsonString()} is unknown (this suite reads {SchemaVersion})");
        ResultsSchema.Validate(Schema.Value, SchemaResource, obj, source);

        var entries = new List<ExpectationEntry>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var n in obj["entries"]!.AsArray())
        {
            var e = n!.AsObject();
            string id = e["id"]!.GetValue<string>();
            if (!seen.Add(id))
                throw new ResultsFormatException(source, $"entry {id} appears twice; keep one");
            CaseStatusNames.TryParse(e["status"]!.GetValue<string>(), out var status);
            entries.Add(new ExpectationEntry(id, status, e["reason"]!.GetValue<string>(), e["link"]?.GetValue<string>()));
        }
        return new ExpectationsFile(entries, obj["implementation"]?.GetValue<string>(), obj["platform"]?.GetValue<string>(), source);
    }

    public static byte[] Serialize(ExpectationsFile file)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("format", Format);
            w.WriteNumber("schema_version", SchemaVersion);
            if (file.Implementation is not null) w.WriteString("implementation", file.Implementation);
            if (file.Platform is not null) w.WriteString("platform", file.Platform);
            w.WriteStartArray("entries");
            foreach (var e in file.Entries)
            {
                if (!ExpectableStatuses.Contains(e.Status))
                    throw new ArgumentException($"entry {e.Id}: status {e.Status.ToWire()} cannot be expected", nameof(file));
                w.WriteStartObject();
                w.WriteString("id", e.Id);
                w.WriteString("status", e.Status.ToWire());
                w.WriteString("reason", e.Reason);
                if (e.Link is not null) w.WriteString("link", e.Link);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        ms.WriteByte((byte)'\n');
        return ms.ToArray();
    }

    /// <summary>
    /// An expectations file that accepts a run as it is: one exact-id entry per case that neither
    /// passed nor was unsupported, its reason the case's message behind <see cref="ReviewMarker"/>.
    /// </summary>
    public static ExpectationsFile FromResults(RunResults results)
    {
        var entries = new List<ExpectationEntry>();
        foreach (var c in results.SortedCases())
        {
            if (c.Status is CaseStatus.Pass or CaseStatus.Unsupported or CaseStatus.XPass) continue;
            var status = c.Status == CaseStatus.XFail ? ExpectedStatusOfXFail(c.Message) ?? CaseStatus.Fail : c.Status;
            var why = OneLine(OriginalMessage(c.Message)) is { Length: > 0 } m ? m : $"ended {status.ToWire()} with no message";
            entries.Add(new ExpectationEntry(c.Id, status, $"{ReviewMarker} {why}"));
        }
        return new ExpectationsFile(entries, results.Implementation.Name, results.Platform.Label);
    }

    /// <summary>
    /// Applies expectations to a run. A case is governed by the entry naming its exact id, else by
    /// the first glob entry matching it. Ending with the expected failure makes it xfail; passing
    /// makes it xpass; anything else keeps its status, with the expectation added to its message.
    /// </summary>
    public static ExpectationsOutcome Apply(RunResults results, ExpectationsFile file)
    {
        var exact = file.Entries.Where(e => !e.IsGlob).ToDictionary(e => e.Id, StringComparer.Ordinal);
        var globs = file.Entries.Where(e => e.IsGlob).Select(e => (Entry: e, Regex: GlobToRegex(e.Id))).ToList();
        var used = new HashSet<ExpectationEntry>(ReferenceEqualityComparer.Instance);
        var xpassed = new List<(CaseResult, ExpectationEntry)>();
        var mismatched = new List<(CaseResult, ExpectationEntry)>();
        var cases = new List<CaseResult>(results.Cases.Count);
        string name = Path.GetFileName(file.Source);

        foreach (var c in results.Cases)
        {
            var entry = exact.GetValueOrDefault(c.Id) ?? globs.FirstOrDefault(g => g.Regex.IsMatch(c.Id)).Entry;
            // Already judged against expectations (a re-read results file): leave as is.
            if (entry is null || c.Status is CaseStatus.XFail or CaseStatus.XPass)
            {
                cases.Add(c);
                continue;
            }
            used.Add(entry);
            string expectation = $"{entry.Status.ToWire()} per {name} entry {entry.Id}: {entry.Reason}{(entry.Link is null ? "" : $" ({entry.Link})")}";
            if (c.Status == CaseStatus.Pass)
            {
                var x = c with
                {
                    Status = CaseStatus.XPass,
                    Expected = $"{entry.Status.ToWire()} (expectations)",
                    Actual = "pass",
                    Message = $"passed, but expected {expectation}. The entry is stale: remove or narrow it",
                };
                xpassed.Add((x, entry));
                cases.Add(x);
            }
            else if (c.Status == entry.Status)
            {
                // The expected status stays visible in the message ("expected crashed ...").
                cases.Add(entry.Status == CaseStatus.Unsupported ? c : c with
                {
                    Status = CaseStatus.XFail,
                    Message = $"{XFailPrefix}{expectation}{(c.Message is null ? "" : " | " + c.Message)}",
                });
            }
            else
            {
                var m = c with { Message = $"ended {c.Status.ToWire()}, but expected {expectation}{(c.Message is null ? "" : " | " + c.Message)}" };
                mismatched.Add((m, entry));
                cases.Add(m);
            }
        }
        var unused = file.Entries.Where(e => !used.Contains(e)).ToList();
        return new ExpectationsOutcome(results with { Cases = cases }, xpassed, mismatched, unused);
    }

    private const string XFailPrefix = "expected ";

    /// <summary>The status an xfail message written by <see cref="Apply"/> names, or null.</summary>
    public static CaseStatus? ExpectedStatusOfXFail(string? message)
    {
        if (message is null || !message.StartsWith(XFailPrefix, StringComparison.Ordinal)) return null;
        var word = message[XFailPrefix.Length..].Split(' ', 2)[0];
        return CaseStatusNames.TryParse(word, out var s) && ExpectableStatuses.Contains(s) ? s : null;
    }

    // The case's own message, without what Apply added in front of it.
    private static string? OriginalMessage(string? message)
    {
        if (ExpectedStatusOfXFail(message) is null) return message;
        int i = message!.IndexOf(" | ", StringComparison.Ordinal);
        return i < 0 ? null : message[(i + 3)..];
    }

    private static string OneLine(string? s)
    {
        if (string.IsNullOrWhiteSpace(s)) return "";
        var line = Regex.Replace(s.Trim(), @"\s+", " ");
        return line.Length > 200 ? line[..197] + "..." : line;
    }

    /// <summary>Same globs as <c>run --filter</c>: * within a /-segment, ** across, ? one character.</summary>
    public static Regex GlobToRegex(string glob)
    {
        var sb = new StringBuilder("^");
        for (int i = 0; i < glob.Length; i++)
        {
            if (glob[i] == '*' && i + 1 < glob.Length && glob[i + 1] == '*') { sb.Append(".*"); i++; }
            else if (glob[i] == '*') sb.Append("[^/]*");
            else if (glob[i] == '?') sb.Append("[^/]");
            else sb.Append(Regex.Escape(glob[i].ToString()));
        }
        return new Regex(sb.Append('$').ToString(), RegexOptions.CultureInvariant);
    }

    /// <summary>Lines for stderr about what the expectations did, each naming the entry.</summary>
    public static IEnumerable<string> Describe(ExpectationsOutcome outcome, ExpectationsFile file)
    {
        var r = outcome.Results;
        if (file.Implementation is { } impl && impl != r.Implementation.Name)
            yield return $"{file.Source} is for implementation {impl}, this run tested {r.Implementation.Name}";
        if (file.Platform is { } label && label != r.Platform.Label)
            yield return $"{file.Source} is for platform {label}, this run is {r.Platform.Label}";
        foreach (var (c, e) in outcome.XPassed)
            yield return $"stale expectation in {file.Source}: {e.Id} expects {e.Status.ToWire()}, but {c.Id} passed (xpass); remove or narrow the entry";
        foreach (var (c, e) in outcome.Mismatched)
            yield return $"{c.Id} ended {c.Status.ToWire()}, but {file.Source} entry {e.Id} expects {e.Status.ToWire()}: still a failure";
        foreach (var e in outcome.Unused)
            yield return $"unused expectation in {file.Source}: {e.Id} matched no case of this run";
    }
}
