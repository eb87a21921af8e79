using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OsConformance.Protocol;

/// <summary>
/// Encodes and decodes the protocol's values and errors (docs/protocol.md, Values and Errors).
/// Decoding assumes schema-valid input; it still throws FormatException on shapes it cannot map,
/// so a caller that skipped validation gets an error, not a wrong value.
/// </summary>
public static class JsonCodec
{
    // Relaxed escaping keeps transcripts readable; the output is still plain JSON.
    static readonly JsonSerializerOptions Compact = new() { WriteIndented = false, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static JsonNode? Encode(JsValue value) => value switch
    {
        JsUndefined => Tag("$undefined", JsonValue.Create(true)),
        JsNull => null,
        JsBool b => JsonValue.Create(b.Value),
        JsNumber n when double.IsNaN(n.Value) => Tag("$number", JsonValue.Create("NaN")),
        JsNumber n when double.IsPositiveInfinity(n.Value) => Tag("$number", JsonValue.Create("Infinity")),
        JsNumber n when double.IsNegativeInfinity(n.Value) => Tag("$number", JsonValue.Create("-Infinity")),
        JsNumber n => EncodeNumber(n.Value),
        JsString s => JsonValue.Create(s.Value),
        JsBuffer buf => Tag("$buffer", JsonValue.Create(Convert.ToHexStringLower(buf.Bytes))),
        JsDate d => Tag("$date", d.Ms is double ms ? EncodeNumber(ms) : null),
        JsArray a => new JsonArray(a.Items.Select(Encode).ToArray()),
        JsObject o => Tag("$object", new JsonObject(o.Props.Select(p => KeyValuePair.Create(p.Key, Encode(p.Value))))),
        JsStepRef r => Tag("$step", r.Index is int k ? new JsonArray(r.Step, k) : new JsonArray(r.Step)),
        _ => throw new ArgumentException($"cannot encode {value.GetType().Name}", nameof(value)),
    };

    // Integral values are written without a fraction so a harness sees 3, not 3.0.
    static JsonNode EncodeNumber(double v) =>
        v == Math.Floor(v) && Math.Abs(v) < 9007199254740992.0 && !(v == 0 && double.IsNegative(v))
            ? JsonValue.Create((long)v)
            : JsonValue.Create(v);

    static JsonObject Tag(string tag, JsonNode? inner) => new() { [tag] = inner };

    public static JsValue Decode(JsonNode? node)
    {
        switch (node)
        {
            case null:
                return JsValue.Null;
            case JsonArray arr:
                return new JsArray(arr.Select(Decode).ToArray());
            case JsonValue v:
                return v.GetValueKind() switch
                {
                    JsonValueKind.String => new JsString(v.GetValue<string>()),
                    JsonValueKind.Number => new JsNumber(Number(v)),
                    JsonValueKind.True => new JsBool(true),
                    JsonValueKind.False => new JsBool(false),
                    var k => throw new FormatException($"unexpected JSON {k}"),
                };
            case JsonObject obj:
                if (obj.Count != 1)
                    throw new FormatException($"a tagged value has exactly one key, got {obj.Count}");
                var (tag, inner) = obj.First();
                return tag switch
                {
                    "$undefined" when inner is JsonValue u && u.GetValueKind() == JsonValueKind.True => JsValue.Undefined,
                    "$number" => (inner as JsonValue)?.GetValueKind() == JsonValueKind.String ? inner!.GetValue<string>() switch
                    {
                        "NaN" => new JsNumber(double.NaN),
                        "Infinity" => new JsNumber(double.PositiveInfinity),
                        "-Infinity" => new JsNumber(double.NegativeInfinity),
                        var s => throw new FormatException($"unknown $number {s}"),
                    } : throw new FormatException("$number must be a string"),
                    "$buffer" => new JsBuffer(DecodeHex(inner)),
                    "$date" => inner is null ? new JsDate(null)
                        : (inner as JsonValue)?.GetValueKind() == JsonValueKind.Number ? new JsDate(Number(inner))
                        : throw new FormatException("$date must be a number or null"),
                    "$object" => inner is JsonObject props
                        ? new JsObject(props.ToDictionary(p => p.Key, p => Decode(p.Value)))
                        : throw new FormatException("$object must be an object"),
                    "$step" => inner is JsonArray { Count: 1 or 2 } ix
                        ? new JsStepRef((int)Number(ix[0]), ix.Count == 2 ? (int)Number(ix[1]) : null)
                        : throw new FormatException("$step must be [i] or [i, k]"),
                    _ => throw new FormatException($"unknown tag {tag}"),
                };
            default:
                throw new FormatException($"unexpected node {node.GetType().Name}");
        }
    }

    // Through the JSON text, so parsed nodes and nodes built in memory (JsonValue<long>) read alike.
    static double Number(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.Number
            ? double.Parse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture)
            : throw new FormatException("expected a number");

    public static byte[] DecodeHex(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>() is var hex
            && hex.Length % 2 == 0 && hex.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f')
            ? Convert.FromHexString(hex)
            : throw new FormatException("$buffer must be lower-case hex");

    public static JsonObject EncodeError(JsError e) => new()
    {
        ["kind"] = e.Kind,
        ["name"] = e.Name,
        ["message"] = e.Message,
        ["errno"] = e.Errno,
        ["code"] = e.Code,
        ["syscall"] = e.Syscall,
        ["path"] = e.Path,
    };

    public static JsError DecodeError(JsonNode? node)
    {
        if (node is not JsonObject o)
            throw new FormatException("an error must be an object");
        string? Str(string key, bool required)
        {
            var n = o[key];
            if (n is null)
                return required ? throw new FormatException($"error.{key} is missing") : null;
            return n.GetValueKind() == JsonValueKind.String ? n.GetValue<string>() : throw new FormatException($"error.{key} must be a string");
        }
        int? code = o["code"] is JsonNode c ? (int)Number(c) : null;
        return new JsError(Str("kind", true)!, Str("name", true)!, Str("message", true)!, Str("errno", false), code,
            Str("syscall", false), Str("path", false));
    }

    /// <summary>Decodes a reply's or report line's "buffers" map (argument index → contents).</summary>
    public static IReadOnlyDictionary<int, byte[]> DecodeBuffers(JsonNode? node) =>
        node is JsonObject o
            ? o.ToDictionary(p => int.Parse(p.Key, NumberStyles.None, CultureInfo.InvariantCulture), p => DecodeHex(p.Value?["$buffer"]))
            : new Dictionary<int, byte[]>();

    /// <summary>One JSON line, no trailing newline.</summary>
    public static string ToLine(JsonNode? node) => node?.ToJsonString(Compact) ?? "null";

    public static string ToLine(JsValue value) => ToLine(Encode(value));

    public static JsValue FromLine(string json) => Decode(JsonNode.Parse(json));
}
