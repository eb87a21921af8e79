using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OsConformance.Reports;

/// <summary>results.json: docs/schemas/results.schema.json, described in docs/results.md.</summary>
public static class ResultsJson
{
    public const string Format = "os-conformance/results";
    public const int SchemaVersion = 1;
    public const string FileName = "results.json";

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = true,
        // Messages quote code (<, >, &, '): keep them readable. Still valid, escaped JSON.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>UTF-8 JSON of a run, cases sorted by id so that two runs diff line by line.</summary>
    public static byte[] Serialize(RunResults results)
    {
        ArgumentNullException.ThrowIfNull(results);
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, WriterOptions))
        {
            w.WriteStartObject();
            w.WriteString("format", Format);
            w.WriteNumber("schema_version", SchemaVersion);
            w.WriteStartObject("suite");
            w.WriteString("version", S(results.SuiteVersion));
            if (results.SuiteCases is int suiteCases) w.WriteNumber("cases", suiteCases);
            if (results.Selection is { } selection)
            {
                w.WriteStartObject("selection");
                WriteStrings(w, "filter", selection.Filters);
                WriteStrings(w, "function", selection.Functions);
                WriteStrings(w, "tag", selection.Tags);
                w.WriteEndObject();
            }
            w.WriteEndObject();
            WriteImplementation(w, results.Implementation);
            WritePlatform(w, results.Platform);
            w.WriteString("harness", S(results.Harness));
            w.WriteString("started", Timestamp(results.Started));
            w.WriteString("finished", Timestamp(results.Finished));

            var counts = results.Counts();
            w.WriteStartObject("counts");
            w.WriteNumber("total", counts.Total);
            foreach (var s in CaseStatusNames.All) w.WriteNumber(s.ToWire(), counts[s]);
            w.WriteEndObject();

            w.WriteStartArray("cases");
            foreach (var c in results.SortedCases())
            {
                if (!double.IsFinite(c.DurationMs) || c.DurationMs < 0)
                    throw new ArgumentException($"case {c.Id}: duration_ms must be a finite number >= 0, not {c.DurationMs}", nameof(results));
                w.WriteStartObject();
                w.WriteString("id", S(c.Id));
                w.WriteString("function", S(c.Function));
                w.WriteString("spec", Text.ValidUtf16(c.Spec));
                w.WriteString("decision", Text.ValidUtf16(c.Decision));
                WriteStrings(w, "tags", c.Tags ?? []);
                w.WriteString("status", c.Status.ToWire());
                w.WriteString("expected", Text.ValidUtf16(c.Expected));
                w.WriteString("actual", Text.ValidUtf16(c.Actual));
                w.WriteString("message", Text.ValidUtf16(c.Message));
                w.WriteNumber("duration_ms", Math.Round(c.DurationMs, 3));
                w.WriteString("rerun", Text.ValidUtf16(c.Rerun));
                w.WriteString("log", Text.ValidUtf16(c.Log));
                w.WriteEndObject();
            }
            w.WriteEndArray();

            if (results.Performance is { } perf)
            {
                w.WritePropertyName("performance");
                PerformanceJson.Write(w, perf);
            }
            if (results.Rerun is { } rerun)
            {
                w.WriteStartObject("rerun");
                w.WriteString("of", S(rerun.Of));
                w.WriteString("started", Timestamp(rerun.Started));
                w.WriteStartArray("statuses");
                foreach (var status in rerun.Statuses) w.WriteStringValue(status.ToWire());
                w.WriteEndArray();
                WriteStrings(w, "ids", [.. rerun.Ids.Order(StringComparer.Ordinal)]);
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }
        ms.WriteByte((byte)'\n');
        return ms.ToArray();
    }

    public static string SerializeToString(RunResults results) => Encoding.UTF8.GetString(Serialize(results));

    /// <summary>
    /// Checks and reads the bytes of a results file. <paramref name="source"/> names it in errors.
    /// Throws <see cref="ResultsFormatException"/> on anything but a valid results file of a known version.
    /// </summary>
    public static RunResults Parse(ReadOnlySpan<byte> utf8, string source)
    {
        var root = ParseJson(utf8, source);
        if (root is not JsonObject obj)
            throw new ResultsFormatException(source, $"not an os-conformance results file: the top level is {Kind(root)}, not an object");
        CheckFormatAndVersion(obj, source);
        ResultsSchema.Validate(obj, source);
        return FromValidated(obj, source);
    }

    /// <summary>Parses JSON bytes, telling empty, truncated and corrupt input apart. Shared by every input reader.</summary>
    internal static JsonNode? ParseJson(ReadOnlySpan<byte> utf8, string source)
    {
        int bom = utf8.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? 3 : 0;
        utf8 = utf8[bom..];
        if (utf8.Trim((ReadOnlySpan<byte>)" \t\r\n"u8).IsEmpty)
            throw new ResultsFormatException(source, "the file is empty");

        // A first pass with isFinalBlock: false tells a document cut short (the reader wants more
        // data) from a malformed one (the reader throws).
        if (FirstInvalidUtf8(utf8) is int bad)
            throw new ResultsFormatException(source, $"invalid UTF-8 at byte offset {bom + bad}");
        var reader = new Utf8JsonReader(utf8, isFinalBlock: false, state: default);
        bool complete = false;
        try
        {
            while (!complete && reader.Read())
            {
                // A string escape that is not Unicode (a lone surrogate) cannot be read as text.
                if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName)
                {
                    try { reader.GetString(); }
                    catch (InvalidOperationException)
                    {
                        throw new ResultsFormatException(source, $"a JSON string at byte offset {reader.TokenStartIndex} is not valid Unicode (a lone surrogate escape)");
                    }
                }
                complete = reader.CurrentDepth == 0 && reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray);
            }
        }
        catch (JsonException e)
        {
            throw Corrupt(source, e, utf8, bom);
        }

        try
        {
            return JsonNode.Parse(utf8, documentOptions: new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException e)
        {
            if (!complete)
                throw new ResultsFormatException(source, $"truncated: the JSON ends after {utf8.Length} bytes, before the document is complete", e);
            throw Corrupt(source, e, utf8, bom);
        }
    }

    private static ResultsFormatException Corrupt(string source, JsonException e, ReadOnlySpan<byte> utf8, int bom) =>
        new(source, $"corrupt JSON at byte offset {bom + Offset(utf8, e)} (line {e.LineNumber + 1}, column {e.BytePositionInLine + 1}): {FirstSentence(e.Message)}", e);

    /// <summary>The 0-based byte offset in the file of the reader's line and byte position (the column counts bytes too).</summary>
    private static long Offset(ReadOnlySpan<byte> utf8, JsonException e)
    {
        long line = e.LineNumber ?? 0, offset = 0;
        for (; line > 0 && offset < utf8.Length; offset++)
            if (utf8[(int)offset] == (byte)'\n') line--;
        return offset + (e.BytePositionInLine ?? 0);
    }

    /// <summary>The offset of the first byte that is not part of valid UTF-8, or null.</summary>
    private static int? FirstInvalidUtf8(ReadOnlySpan<byte> utf8)
    {
        for (int i = 0; i < utf8.Length;)
        {
            if (utf8[i] < 0x80) { i++; continue; }
            if (System.Text.Rune.DecodeFromUtf8(utf8[i..], out _, out int n) != System.Buffers.OperationStatus.Done)
                return i;
            i += n;
        }
        return null;
    }

    private static void CheckFormatAndVersion(JsonObject obj, string source)
    {
        var format = obj["format"];
        if (format is null)
            throw new ResultsFormatException(source, "not an os-conformance results file: it has no \"format\" member (expected \"" + Format + "\")");
        if (format.GetValueKind() != JsonValueKind.String || format.GetValue<string>() != Format)
            throw new ResultsFormatException(source, $"not an os-conformance results file: \"format\" is {Show(format)}, expected \"{Format}\"");

        var version = obj["schema_version"];
        if (version is null)
            throw new ResultsFormatException(source, "refused: it has no \"schema_version\"");
        if (version.GetValueKind() != JsonValueKind.Number || !int.TryParse(version.ToJsonString(), NumberStyles.None, CultureInfo.InvariantCulture, out int v))
            throw new ResultsFormatException(source, $"refused: \"schema_version\" is {Show(version)}, not a positive integer");
        if (v > SchemaVersion)
            throw new ResultsFormatException(source, $"refused: schema_version {v} is newer than this suite reads (it reads {SchemaVersion}); read it with a newer os-conformance");
        if (v != SchemaVersion)
            throw new ResultsFormatException(source, $"refused: schema_version {v} is unknown (this suite reads {SchemaVersion})");
    }

    private static RunResults FromValidated(JsonObject o, string source)
    {
        var cases = new List<CaseResult>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var dups = new List<string>();
        foreach (var n in o["cases"]!.AsArray())
        {
            var c = n!.AsObject();
            string id = Str(c, "id")!;
            if (!seen.Add(id)) dups.Add(id);
            CaseStatusNames.TryParse(Str(c, "status"), out var status);
            cases.Add(new CaseResult(
                id, Str(c, "function")!, Str(c, "spec"), Str(c, "decision"),
                Strings(c["tags"]!),
                status, Str(c, "expected"), Str(c, "actual"), Str(c, "message"),
                c["duration_ms"]!.GetValue<double>(), Str(c, "rerun"), Str(c, "log")));
        }
        // Merge and compare key cases by id: a duplicate would silently hide one result.
        if (dups.Count > 0)
            throw new ResultsFormatException(source, $"case ids must be unique; repeated: {string.Join(", ", dups.Distinct().Take(5))}");

        var impl = o["implementation"]!.AsObject();
        var plat = o["platform"]!.AsObject();
        return new RunResults(
            Str(o["suite"]!.AsObject(), "version")!,
            new ImplementationDesc(Str(impl, "name")!, Str(impl, "version")!, impl["extensions"] is { } extensions ? Strings(extensions) : null),
            new PlatformDesc(Str(plat, "os")!, Str(plat, "arch")!, Str(plat, "kernel")!, Str(plat, "libc")!,
                plat["uid"]!.GetValue<int>(), Str(plat, "label")!, Str(plat, "virtualization")),
            Str(o, "harness")!,
            Time(o, "started", source),
            Time(o, "finished", source),
            cases,
            o["performance"] is JsonObject perf ? PerformanceJson.Read(perf, source) : null,
            o["suite"]!["cases"]?.GetValue<int>(),
            o["rerun"] is JsonObject rerun ? ReadRerun(rerun, source) : null,
            o["suite"]!["selection"] is JsonObject selection ? ReadSelection(selection) : null);
    }

    private static void WriteStrings(Utf8JsonWriter w, string name, IReadOnlyList<string> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values) w.WriteStringValue(S(v));
        w.WriteEndArray();
    }

    // The schema has checked that the array holds strings only.
    private static List<string> Strings(JsonNode array) => array.AsArray().Select(v => v!.GetValue<string>()).ToList();

    private static SelectionDesc ReadSelection(JsonObject s) => new(Strings(s["filter"]!), Strings(s["function"]!), Strings(s["tag"]!));

    // The schema has checked the members; a status it allows always parses.
    private static RerunDesc ReadRerun(JsonObject r, string source) => new(
        Str(r, "of")!,
        Time(r, "started", source, "/rerun/started"),
        r["statuses"]!.AsArray().Select(s => { CaseStatusNames.TryParse(s!.GetValue<string>(), out var status); return status; }).ToList(),
        Strings(r["ids"]!));

    // RFC 3339 with 7 fraction digits keeps DateTimeOffset exact across a round trip.
    internal static string Timestamp(DateTimeOffset t) =>
        t.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffffzzz", CultureInfo.InvariantCulture);

    /// <summary>The date-time member <paramref name="name"/> of <paramref name="o"/>; <paramref name="pointer"/> names it in errors.</summary>
    internal static DateTimeOffset Time(JsonObject o, string name, string source, string? pointer = null)
    {
        var text = Str(o, name)!;
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var t)) return t;
        throw new ResultsFormatException(source, $"{pointer ?? "/" + name}: \"{text}\" is not an RFC 3339 date-time");
    }

    private static string? Str(JsonObject o, string name) =>
        o[name] is { } n && n.GetValueKind() == JsonValueKind.String ? n.GetValue<string>() : null;

    private static string S(string? s) => Text.ValidUtf16(s) ?? "";

    /// <summary>The "implementation" object, as results.json and matrix.json both carry it.</summary>
    internal static void WriteImplementation(Utf8JsonWriter w, ImplementationDesc impl)
    {
        w.WriteStartObject("implementation");
        w.WriteString("name", S(impl.Name));
        w.WriteString("version", S(impl.Version));
        if (impl.Extensions is { } extensions)
        {
            WriteStrings(w, "extensions", extensions);
        }
        w.WriteEndObject();
    }

    /// <summary>The "platform" object, as results.json and matrix.json both carry it.</summary>
    internal static void WritePlatform(Utf8JsonWriter w, PlatformDesc p)
    {
        w.WriteStartObject("platform");
        w.WriteString("os", S(p.Os));
        w.WriteString("arch", S(p.Arch));
        w.WriteString("kernel", S(p.Kernel));
        w.WriteString("libc", S(p.Libc));
        w.WriteNumber("uid", p.Uid);
        w.WriteString("label", S(p.Label));
        if (p.Virtualization is { } v) w.WriteString("virtualization", S(v));
        w.WriteEndObject();
    }

    internal static string Kind(JsonNode? n) => n is null ? "null" : n.GetValueKind() switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => n.GetValueKind().ToString().ToLowerInvariant(),
    };

    internal static string Show(JsonNode? n)
    {
        var s = n?.ToJsonString() ?? "null";
        return s.Length > 80 ? s[..77] + "..." : s;
    }

    private static string FirstSentence(string message)
    {
        // The position is already in our own words; drop the reader's copy of it.
        foreach (var tail in new[] { " Path:", " LineNumber:" })
        {
            int i = message.IndexOf(tail, StringComparison.Ordinal);
            if (i > 0) message = message[..i];
        }
        return message.Trim();
    }
}
