using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using OsConformance.Harness;
using OsConformance.Reference;

namespace OsConformance.SelfTest.Proxy;

/// <summary>
/// Where a fault plugs in, between the protocol and the library: it can replace a function of the
/// dispatch table (seen by calls, fork steps and repeat alike), rewrite a request before the
/// session reads it, rewrite a reply before it is written, or replace fork. With no fault it is
/// transparent: lines pass through untouched.
/// </summary>
internal sealed class FaultLayer
{
    private string? _op;

    /// <summary>Rewrites a request (a JSON object) before the session handles it.</summary>
    public Action<JsonObject>? OnRequest { get; set; }

    /// <summary>Rewrites a reply; the string is the op of the request it answers.</summary>
    public Action<string?, JsonObject>? OnReply { get; set; }

    /// <summary>Replaces os.fork for the fork op.</summary>
    public Func<int> Fork { get; set; } = Os.Fork;

    /// <summary>Replaces fn in the dispatch table with a wrapper around the original.</summary>
    public void Wrap(string fn, Func<Dispatch.Fn, Dispatch.Fn> wrapper)
    {
        var original = Dispatch.Functions[fn];
        Dispatch.Functions[fn] = wrapper(original);
    }

    public byte[]? Request(byte[]? line)
    {
        if (line is null) return null;
        if (OnRequest is null && OnReply is null) return line;
        JsonObject? req;
        try { req = JsonNode.Parse(line) as JsonObject; }
        catch (JsonException) { return line; } // malformed: the session reports it
        if (req is null) return line;
        _op = req["op"]?.GetValueKind() == JsonValueKind.String ? (string?)req["op"] : null;
        if (OnRequest is null) return line;
        OnRequest(req);
        return Serialize(req);
    }

    public void Reply(ReadOnlySpan<byte> line)
    {
        if (OnReply is not null && JsonNode.Parse(line.TrimEnd((byte)'\n')) is JsonObject reply)
        {
            OnReply(_op, reply);
            var bytes = Serialize(reply);
            Stdio.WriteAll(1, bytes);
            Stdio.WriteAll(1, "\n"u8);
            return;
        }
        Stdio.WriteAll(1, line);
    }

    private static byte[] Serialize(JsonNode node)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer, Session.WriterOptions)) node.WriteTo(w);
        return buffer.WrittenSpan.ToArray();
    }
}
