using System.Text.Json;

namespace OsConformance.Harness;

// The harness's value model for the protocol's spec types (docs/protocol.md, "Values"):
// Number = double, String = string, Boolean = bool, null = null, undefined = Undefined.Value,
// Buffer = byte[], Date = JsDate, Array = List<object?>, Object = JsObject, $step = StepRef.
internal sealed class Undefined
{
    public static readonly Undefined Value = new();
    private Undefined() { }
}

internal sealed record JsDate(double? Ms);

internal sealed class JsObject
{
    public List<KeyValuePair<string, object?>> Props { get; } = new();
    public JsObject Add(string key, object? value) { Props.Add(new(key, value)); return this; }
}

internal sealed record StepRef(int Step, int? Index);

/// <summary>A request the harness cannot honour: answered with a fault, never thrown to JS code.</summary>
internal sealed class FaultException(string message) : Exception(message);

internal static class Codec
{
    /// <summary>Decodes an encoded value. stepLimit: null outside fork steps ($step is then a fault),
    /// else the index of the step being decoded (refs must point before it).</summary>
    public static object? Decode(JsonElement e, int? stepLimit)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Number: return e.GetDouble();
            case JsonValueKind.String: return e.GetString();
            case JsonValueKind.True: return true;
            case JsonValueKind.False: return false;
            case JsonValueKind.Null: return null;
            case JsonValueKind.Array:
                var list = new List<object?>(e.GetArrayLength());
                foreach (var item in e.EnumerateArray()) list.Add(Decode(item, stepLimit));
                return list;
            case JsonValueKind.Object:
                return DecodeTagged(e, stepLimit);
            default:
                throw new FaultException($"cannot decode a JSON {e.ValueKind}");
        }
    }

    private static object? DecodeTagged(JsonElement e, int? stepLimit)
    {
        JsonProperty tag = default;
        int count = 0;
        foreach (var p in e.EnumerateObject()) { tag = p; count++; }
        if (count != 1) throw new FaultException($"a tagged value has exactly one key, this one has {count}");
        var v = tag.Value;
        switch (tag.Name)
        {
            case "$undefined":
                if (v.ValueKind != JsonValueKind.True) throw new FaultException("$undefined must be true");
                return Undefined.Value;
            case "$number":
                return v.ValueKind == JsonValueKind.String ? v.GetString() switch
                {
                    "NaN" => double.NaN,
                    "Infinity" => double.PositiveInfinity,
                    "-Infinity" => double.NegativeInfinity,
                    var s => throw new FaultException($"$number must be NaN, Infinity or -Infinity, not {s}"),
                } : throw new FaultException("$number must be a string");
            case "$buffer":
                if (v.ValueKind != JsonValueKind.String) throw new FaultException("$buffer must be a string");
                return ParseHex(v.GetString()!);
            case "$date":
                if (v.ValueKind == JsonValueKind.Null) return new JsDate(null);
                if (v.ValueKind != JsonValueKind.Number) throw new FaultException("$date must be a number or null");
                return new JsDate(v.GetDouble());
            case "$object":
                if (v.ValueKind != JsonValueKind.Object) throw new FaultException("$object must be a JSON object");
                var o = new JsObject();
                foreach (var p in v.EnumerateObject()) o.Add(p.Name, Decode(p.Value, stepLimit));
                return o;
            case "$step":
                return DecodeStep(v, stepLimit);
            default:
                throw new FaultException($"unknown tag {tag.Name}");
        }
    }

    private static StepRef DecodeStep(JsonElement v, int? stepLimit)
    {
        if (stepLimit is not int limit) throw new FaultException("$step is only valid inside fork steps");
        if (v.ValueKind != JsonValueKind.Array || v.GetArrayLength() is < 1 or > 2)
            throw new FaultException("$step must be [i] or [i, k]");
        int i = NonNegativeInt(v[0], "$step index");
        if (i >= limit) throw new FaultException($"$step [{i}] does not refer to an earlier step");
        int? k = v.GetArrayLength() == 2 ? NonNegativeInt(v[1], "$step element") : null;
        return new StepRef(i, k);
    }

    public static int NonNegativeInt(JsonElement e, string what)
    {
        if (e.ValueKind != JsonValueKind.Number || !e.TryGetInt32(out int n) || n < 0)
            throw new FaultException($"{what} must be a non-negative integer");
        return n;
    }

    private static byte[] ParseHex(string hex)
    {
        if (hex.Length % 2 != 0) throw new FaultException("$buffer hex has an odd length");
        foreach (char c in hex)
            if (c is not ((>= '0' and <= '9') or (>= 'a' and <= 'f')))
                throw new FaultException("$buffer must be lower-case hex");
        return Convert.FromHexString(hex);
    }

    public static void Write(Utf8JsonWriter w, object? value)
    {
        switch (value)
        {
            case null: w.WriteNullValue(); break;
            case Undefined:
                w.WriteStartObject(); w.WriteBoolean("$undefined", true); w.WriteEndObject(); break;
            case bool b: w.WriteBooleanValue(b); break;
            case string s: w.WriteStringValue(s); break;
            case double d: WriteNumber(w, d); break;
            case byte[] bytes:
                w.WriteStartObject(); w.WriteString("$buffer", Convert.ToHexStringLower(bytes)); w.WriteEndObject(); break;
            case JsDate date:
                w.WriteStartObject(); w.WritePropertyName("$date");
                if (date.Ms is double ms && double.IsFinite(ms)) WriteNumber(w, ms); else w.WriteNullValue();
                w.WriteEndObject(); break;
            case List<object?> list:
                w.WriteStartArray();
                foreach (var item in list) Write(w, item);
                w.WriteEndArray(); break;
            case JsObject o:
                w.WriteStartObject(); w.WriteStartObject("$object");
                foreach (var p in o.Props) { w.WritePropertyName(p.Key); Write(w, p.Value); }
                w.WriteEndObject(); w.WriteEndObject(); break;
            default:
                throw new InvalidOperationException($"no encoding for {value.GetType().Name}");
        }
    }

    private static void WriteNumber(Utf8JsonWriter w, double d)
    {
        if (!double.IsFinite(d))
        {
            w.WriteStartObject();
            w.WriteString("$number", double.IsNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity");
            w.WriteEndObject();
        }
        else if (d == Math.Floor(d) && Math.Abs(d) < 9007199254740992.0)
            w.WriteNumberValue((long)d); // integral values as integers, as JSON.stringify writes them
        else
            w.WriteNumberValue(d);
    }
}
