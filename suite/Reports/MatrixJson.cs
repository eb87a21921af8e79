using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace OsConformance.Reports;

/// <summary>matrix.json: docs/schemas/matrix.schema.json, described in docs/reports.md.</summary>
public static class MatrixJson
{
    public const string Format = "os-conformance/matrix";
    public const int SchemaVersion = 1;
    public const string FileName = "matrix.json";
    public const string SchemaResource = "schemas/matrix.schema.json";

    private static readonly Lazy<JsonSchema> Schema = new(() => ResultsSchema.LoadEmbedded(SchemaResource));

    public static byte[] Serialize(Matrix m, Func<MatrixColumn, string> badgePath)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("format", Format);
            w.WriteNumber("schema_version", SchemaVersion);
            w.WriteStartArray("warnings");
            foreach (var s in m.Warnings) w.WriteStringValue(S(s));
            w.WriteEndArray();

            w.WriteStartArray("columns");
            foreach (var c in m.Columns)
            {
                var r = c.Run;
                w.WriteStartObject();
                w.WriteString("key", S(c.Key));
                w.WriteString("source", S(c.Source));
                ResultsJson.WriteImplementation(w, r.Implementation);
                ResultsJson.WritePlatform(w, r.Platform);
                w.WriteString("suite_version", S(r.SuiteVersion));
                w.WriteString("started", ResultsJson.Timestamp(r.Started));
                WriteCounts(w, "counts", c.Counts);
                w.WriteNumber("suite_cases", c.SuiteCases);
                w.WriteBoolean("filtered", c.Filtered);
                w.WriteString("badge", badgePath(c));
                WriteConditions(w, r.Performance);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            WritePerformance(w, m);

            WriteGroups(w, "functions", m.Functions);
            WriteGroups(w, "families", m.Families);

            w.WriteStartArray("cases");
            foreach (var row in m.Rows)
            {
                w.WriteStartObject();
                w.WriteString("id", S(row.Id));
                w.WriteString("function", S(row.Function));
                w.WriteString("family", S(row.Family));
                w.WriteStartArray("tags");
                foreach (var t in row.Tags) w.WriteStringValue(S(t));
                w.WriteEndArray();
                w.WriteString("spec", Text.ValidUtf16(row.Spec));
                w.WriteString("decision", Text.ValidUtf16(row.Decision));
                w.WriteString("verdict", row.Verdict.Wire());
                w.WriteString("divergence", row.Divergence?.Wire());
                w.WriteStartObject("results");
                for (int i = 0; i < m.Columns.Count; i++)
                {
                    var cell = row.Cells[i];
                    w.WritePropertyName(S(m.Columns[i].Key));
                    if (cell is null) { w.WriteNullValue(); continue; }
                    w.WriteStartObject();
                    w.WriteString("status", cell.Status.ToWire());
                    w.WriteString("expected", Text.ValidUtf16(cell.Expected));
                    w.WriteString("actual", Text.ValidUtf16(cell.Actual));
                    w.WriteString("message", Text.ValidUtf16(cell.Message));
                    w.WriteEndObject();
                }
                w.WriteEndObject();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        ms.WriteByte((byte)'\n');
        return ms.ToArray();
    }

    /// <summary>Checks a matrix.json against its schema (tests, and consumers that want to).</summary>
    public static void Validate(ReadOnlySpan<byte> utf8, string source)
    {
        var root = ResultsJson.ParseJson(utf8, source) ?? throw new ResultsFormatException(source, "the top level is null");
        ResultsSchema.Validate(Schema.Value, SchemaResource, root, source);
    }

    /// <summary>How a column's figures were taken; null for a run without performance.</summary>
    private static void WriteConditions(Utf8JsonWriter w, PerformanceResults? p)
    {
        if (p is null) { w.WriteNull("performance"); return; }
        w.WriteStartObject("performance");
        PerformanceJson.WriteConditions(w, p);
        w.WriteEndObject();
    }

    private static void WritePerformance(Utf8JsonWriter w, Matrix m)
    {
        w.WriteStartArray("performance");
        foreach (var row in m.Performance)
        {
            w.WriteStartObject();
            w.WriteString("op", S(row.Operation));
            w.WriteString("baseline", row.Baseline is int b ? S(m.Columns[b].Key) : null);
            w.WriteStartObject("results");
            for (int i = 0; i < m.Columns.Count; i++)
            {
                w.WritePropertyName(S(m.Columns[i].Key));
                if (row.Cells[i] is not { } f) { w.WriteNullValue(); continue; }
                w.WriteStartObject();
                if (f.NsPerOp is double ns) w.WriteNumber("ns_per_op", Math.Round(ns, 1));
                else w.WriteNull("ns_per_op");
                if (row.Ratio(i) is double ratio) w.WriteNumber("ratio", Math.Round(ratio, 4));
                else w.WriteNull("ratio");
                w.WriteString("how", S(f.How));
                w.WriteString("error", Text.ValidUtf16(f.Error));
                w.WriteEndObject();
            }
            w.WriteEndObject();
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static void WriteGroups(Utf8JsonWriter w, string name, IReadOnlyList<MatrixGroup> groups)
    {
        w.WriteStartArray(name);
        foreach (var g in groups)
        {
            w.WriteStartObject();
            w.WriteString("name", S(g.Name));
            w.WriteStartArray("columns");
            foreach (var c in g.PerColumn) WriteCountsValue(w, c);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static void WriteCounts(Utf8JsonWriter w, string name, StatusCounts c)
    {
        w.WritePropertyName(name);
        WriteCountsValue(w, c);
    }

    private static void WriteCountsValue(Utf8JsonWriter w, StatusCounts c)
    {
        w.WriteStartObject();
        w.WriteNumber("total", c.Total);
        foreach (var s in CaseStatusNames.All) w.WriteNumber(s.ToWire(), c[s]);
        if (c.PassRate is { } r) w.WriteNumber("pass_rate", Math.Round(r, 6));
        else w.WriteNull("pass_rate");
        w.WriteEndObject();
    }

    private static string S(string? s) => Text.ValidUtf16(s) ?? "";
}
