namespace OsConformance.Protocol;

// The value model of docs/protocol.md: one record per spec type, so a case can tell a Buffer
// from a string and a Date from a number. Contract file: the codec lives in JsonCodec.cs.
public abstract record JsValue
{
    public static readonly JsValue Undefined = new JsUndefined();
    public static readonly JsValue Null = new JsNull();

    public static implicit operator JsValue(int value) => new JsNumber(value);
    public static implicit operator JsValue(long value) => new JsNumber(value);
    public static implicit operator JsValue(double value) => new JsNumber(value);
    public static implicit operator JsValue(string value) => new JsString(value);
    public static implicit operator JsValue(bool value) => new JsBool(value);
    public static implicit operator JsValue(byte[] value) => new JsBuffer(value);

    public static JsValue StepRef(int step, int? index = null) => new JsStepRef(step, index);
    public static JsArray Array(params JsValue[] items) => new(items);
}

public sealed record JsUndefined : JsValue { public override string ToString() => "undefined"; }
public sealed record JsNull : JsValue { public override string ToString() => "null"; }
public sealed record JsBool(bool Value) : JsValue { public override string ToString() => Value ? "true" : "false"; }
public sealed record JsNumber(double Value) : JsValue
{
    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
public sealed record JsString(string Value) : JsValue { public override string ToString() => System.Text.Json.JsonSerializer.Serialize(Value); }

public sealed record JsBuffer(byte[] Bytes) : JsValue
{
    public bool Equals(JsBuffer? other) => other is not null && Bytes.AsSpan().SequenceEqual(other.Bytes);
    public override int GetHashCode() => Bytes.Length;
    public override string ToString() => $"<Buffer {Convert.ToHexStringLower(Bytes)}>";
}

/// <summary>A Date: milliseconds since the epoch, null for an invalid Date.</summary>
public sealed record JsDate(double? Ms) : JsValue
{
    public override string ToString() => Ms is double ms ? $"Date({DateTimeOffset.FromUnixTimeMilliseconds((long)ms):O})" : "Invalid Date";
}

public sealed record JsArray(IReadOnlyList<JsValue> Items) : JsValue
{
    public bool Equals(JsArray? other) => other is not null && Items.SequenceEqual(other.Items);
    public override int GetHashCode() => Items.Count;
    public override string ToString() => "[" + string.Join(", ", Items) + "]";
}

public sealed record JsObject(IReadOnlyDictionary<string, JsValue> Props) : JsValue
{
    public bool Equals(JsObject? other) =>
        other is not null && Props.Count == other.Props.Count
        && Props.All(p => other.Props.TryGetValue(p.Key, out var v) && p.Value.Equals(v));
    public override int GetHashCode() => Props.Count;
    public override string ToString() => "{" + string.Join(", ", Props.Select(p => $"{p.Key}: {p.Value}")) + "}";
}

/// <summary>A reference to an earlier fork step's value, valid only inside fork steps.</summary>
public sealed record JsStepRef(int Step, int? Index) : JsValue;

/// <summary>An error thrown by a call, as the protocol carries it.</summary>
public sealed record JsError(string Kind, string Name, string Message, string? Errno, int? Code, string? Syscall, string? Path)
{
    public override string ToString() => Errno is null ? $"{Kind} {Name}: {Message}" : $"{Errno} ({Name}: {Message})";
}
