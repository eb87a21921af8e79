using System.Buffers;
using System.Diagnostics;
using System.Reflection;
using System.Text.Encodings.Web;
using System.Text.Json;
using OsConformance.Reference;

namespace OsConformance.Harness;

/// <summary>
/// The reference harness: docs/protocol.md (version 1) over the reference library, one request
/// per stdin line, one reply per stdout line. Single-threaded on purpose (see the csproj).
/// </summary>
internal static class Program
{
    private const int Protocol = 1;

    /// <summary>Exit status of a fork child that could not open its report or hit a harness bug.</summary>
    private const int ChildHarnessFailure = 125;

    private static readonly ArrayBufferWriter<byte> Out = new(4096);

    // Plain UTF-8 and no HTML escaping: replies are read by programs, not embedded in pages.
    internal static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static int Main()
    {
        while (Stdio.ReadLine() is byte[] line)
        {
            if (line.AsSpan().Trim((byte)' ').IsEmpty) continue;
            if (Handle(line)) return 0;
        }
        return 0; // end of input without stop: nothing left to do
    }

    /// <summary>Handles one request line; true when the harness should exit (stop).</summary>
    private static bool Handle(byte[] line)
    {
        long? id = null;
        try
        {
            using var doc = JsonDocument.Parse(line);
            var req = doc.RootElement;
            if (req.ValueKind != JsonValueKind.Object) throw new FaultException("a request is a JSON object");
            if (req.TryGetProperty("id", out var idEl) && idEl.ValueKind == JsonValueKind.Number && idEl.TryGetInt64(out long i) && i >= 0)
                id = i;
            else
                throw new FaultException("a request needs an integer id >= 0");
            switch (RequiredString(req, "op"))
            {
                case "start": Start(id.Value, req); return false;
                case "call": Call(id.Value, req); return false;
                case "fork": Fork(id.Value, req); return false;
                case "repeat": Repeat(id.Value, req); return false;
                case "stop":
                    Reply(id, w => w.WriteBoolean("stopped", true));
                    return true;
                case var op: throw new FaultException($"unknown op \"{op}\"");
            }
        }
        catch (JsonException e) { SendFault(id, "malformed JSON: " + e.Message); }
        catch (FaultException e) { SendFault(id, e.Message); }
        catch (Exception e) { SendFault(id, $"harness error: {e.GetType().Name}: {e.Message}"); } // stay usable
        return false;
    }

    // ---- ops ----

    private static void Start(long id, JsonElement req)
    {
        if (!req.TryGetProperty("protocol", out var p) || p.ValueKind != JsonValueKind.Number || !p.TryGetInt32(out int version))
            throw new FaultException($"start needs an integer protocol; this harness supports protocol versions [{Protocol}]");
        if (version != Protocol)
            throw new FaultException($"protocol {version} is not supported; this harness supports protocol versions [{Protocol}]");

        IReadOnlyList<string> functions;
        IReadOnlyDictionary<string, int> constants;
        try { functions = Os.Functions; constants = Os.Constants; }
        catch (Exception e) { throw new FaultException("the reference library cannot list its API: " + e.Message); }
        foreach (var fn in functions)
            if (!Dispatch.Functions.ContainsKey(fn)) Stdio.Log($"the library lists {fn}, which the harness cannot dispatch");

        string version1 = typeof(Program).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        Reply(id, w =>
        {
            w.WriteNumber("protocol", Protocol);
            w.WriteStartObject("implementation");
            w.WriteString("name", "os-conformance-reference");
            w.WriteString("version", version1);
            w.WriteEndObject();
            w.WriteStartObject("platform");
            w.WriteString("os", Platform.Os);
            w.WriteString("arch", Platform.Arch);
            w.WriteString("kernel", Platform.Kernel);
            w.WriteString("libc", Platform.Libc);
            w.WriteEndObject();
            w.WriteStartObject("capabilities");
            w.WriteStartArray("functions");
            foreach (var fn in functions)
                if (Dispatch.Functions.ContainsKey(fn)) w.WriteStringValue(fn);
            w.WriteEndArray();
            w.WriteStartObject("constants");
            foreach (var c in constants) w.WriteNumber(c.Key, c.Value);
            w.WriteEndObject();
            w.WriteStartArray("extensions");
            w.WriteEndArray();
            w.WriteStartArray("ops");
            w.WriteStringValue("call"); w.WriteStringValue("fork"); w.WriteStringValue("repeat");
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    private static void Call(long id, JsonElement req)
    {
        string fn = RequiredString(req, "fn");
        var f = Lookup(fn, "call");
        var args = new Args(DecodeArgs(req, null));
        object? value;
        try { value = f(args); }
        catch (Exception e) { Reply(id, w => WriteThrown(w, e)); return; }
        Reply(id, w => WriteValue(w, fn, args, value));
    }

    private static void Repeat(long id, JsonElement req)
    {
        string fn = RequiredString(req, "fn");
        var f = Lookup(fn, "repeat");
        var args = new Args(DecodeArgs(req, null));
        if (!req.TryGetProperty("n", out var nEl) || nEl.ValueKind != JsonValueKind.Number || !nEl.TryGetInt64(out long n) || n < 0)
            throw new FaultException("repeat needs a non-negative integer n");
        long t0 = Stopwatch.GetTimestamp();
        try
        {
            for (long k = 0; k < n; k++) f(args);
        }
        catch (Exception e) { Reply(id, w => WriteThrown(w, e)); return; }
        long ticks = Stopwatch.GetTimestamp() - t0;
        long ns = (long)((Int128)ticks * 1_000_000_000 / Stopwatch.Frequency);
        Reply(id, w => { w.WriteNumber("n", n); w.WriteNumber("elapsed_ns", ns); });
    }

    private sealed record Step(string Name, Dispatch.Fn Fn, List<object?> Args);

    private static void Fork(long id, JsonElement req)
    {
        // Everything is validated before forking: a malformed request is a fault and no child runs.
        string report = RequiredString(req, "report");
        int exit = 0;
        if (req.TryGetProperty("exit", out var exitEl))
        {
            if (exitEl.ValueKind != JsonValueKind.Number || !exitEl.TryGetInt32(out exit))
                throw new FaultException("fork's exit must be an integer");
        }
        if (!req.TryGetProperty("steps", out var stepsEl) || stepsEl.ValueKind != JsonValueKind.Array)
            throw new FaultException("fork needs a steps array");
        var steps = new List<Step>();
        foreach (var s in stepsEl.EnumerateArray())
        {
            if (s.ValueKind != JsonValueKind.Object) throw new FaultException($"step {steps.Count} is not a JSON object");
            string fn = RequiredString(s, "fn");
            steps.Add(new Step(fn, Lookup(fn, "a fork step"), DecodeArgs(s, steps.Count)));
        }

        int pid;
        try { pid = Os.Fork(); }
        catch (Exception e) { Reply(id, w => WriteThrown(w, e)); return; }
        if (pid == 0) RunChild(report, steps, exit, pid);
        Reply(id, w => w.WriteNumber("pid", pid));
    }

    /// <summary>The fork child: never touches stdin/stdout, never returns.</summary>
    private static void RunChild(string report, List<Step> steps, int exit, int forked)
    {
        int status = exit;
        try
        {
            int fd = Os.Open(report, "a", 420); // 0644, close-on-exec like every fd of the module
            var values = new object?[steps.Count];
            var done = new bool[steps.Count];
            var line = new ArrayBufferWriter<byte>(256);
            using (var w = new Utf8JsonWriter(line, WriterOptions))
            {
                w.WriteStartObject();
                w.WriteNumber("forked", forked); // what os.fork() returned here, so "the child sees 0" is checkable
                w.WriteEndObject();
            }
            line.Write("\n"u8);
            Stdio.WriteAll(fd, line.WrittenSpan);
            for (int i = 0; i < steps.Count; i++)
            {
                Args? args = null;
                object? value = null;
                Exception? thrown = null;
                try
                {
                    args = new Args((List<object?>)Resolve(steps[i].Args, values, done)!);
                    value = steps[i].Fn(args);
                    values[i] = value;
                    done[i] = true;
                }
                catch (Exception e) { thrown = e; }

                line.ResetWrittenCount();
                using (var w = new Utf8JsonWriter(line, WriterOptions))
                {
                    w.WriteStartObject();
                    w.WriteNumber("step", i);
                    if (thrown is null) WriteValue(w, steps[i].Name, args!, value); else WriteThrown(w, thrown);
                    w.WriteEndObject();
                }
                line.Write("\n"u8);
                Stdio.WriteAll(fd, line.WrittenSpan); // one write per line: O_APPEND keeps lines whole
            }
        }
        catch (Exception e)
        {
            Stdio.Log($"fork child {report}: {e.GetType().Name}: {e.Message}");
            status = ChildHarnessFailure;
        }
        try { Os._Exit(status); }
        finally { Platform.RawExit(status); }
    }

    /// <summary>Replaces $step refs with earlier steps' values (JS semantics for an index past the end).
    /// A ref that cannot resolve makes the step throw a plain error (kind "error"), as the sjs harness does.</summary>
    private static object? Resolve(object? v, object?[] values, bool[] done)
    {
        switch (v)
        {
            case StepRef r:
                if (!done[r.Step]) throw new InvalidOperationException($"$step [{r.Step}] has no value: that step threw");
                if (r.Index is not int k) return values[r.Step];
                return values[r.Step] is List<object?> arr
                    ? (k < arr.Count ? arr[k] : Undefined.Value)
                    : throw new InvalidOperationException($"$step [{r.Step}, {k}]: step {r.Step} did not return an Array");
            case List<object?> list:
                var copy = new List<object?>(list.Count);
                foreach (var item in list) copy.Add(Resolve(item, values, done));
                return copy;
            case JsObject o:
                var obj = new JsObject();
                foreach (var p in o.Props) obj.Add(p.Key, Resolve(p.Value, values, done));
                return obj;
            default:
                return v;
        }
    }

    // ---- request helpers ----

    private static Dispatch.Fn Lookup(string fn, string op)
    {
        // os.fork() run by call/repeat would leave two processes on one stdin/stdout, and in a step two
        // processes on one report: the fork op is the one way to fork.
        if (fn == "fork") throw new FaultException($"fork cannot be run by {op}; use the fork op");
        return Dispatch.Functions.TryGetValue(fn, out var f) ? f : throw new FaultException($"unknown fn \"{fn}\"");
    }

    private static string RequiredString(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String
            ? v.GetString()!
            : throw new FaultException($"\"{name}\" must be a string");

    private static List<object?> DecodeArgs(JsonElement e, int? stepLimit)
    {
        if (!e.TryGetProperty("args", out var a) || a.ValueKind != JsonValueKind.Array)
            throw new FaultException("\"args\" must be an array");
        return (List<object?>)Codec.Decode(a, stepLimit)!;
    }

    // ---- replies ----

    private static void WriteValue(Utf8JsonWriter w, string fn, Args args, object? value)
    {
        w.WritePropertyName("value");
        Codec.Write(w, value);
        if (Dispatch.FilledBuffer(fn, args) is int index)
        {
            w.WriteStartObject("buffers");
            w.WritePropertyName(index.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Codec.Write(w, args[index]);
            w.WriteEndObject();
        }
    }

    private static void WriteThrown(Utf8JsonWriter w, Exception e)
    {
        var os = e as OsException;
        w.WriteStartObject("thrown");
        w.WriteString("kind", e switch
        {
            OsException => "system",
            ArgumentOutOfRangeException => "range",
            ArgumentException => "type",
            _ => "error",
        });
        w.WriteString("name", e.GetType().Name);
        w.WriteString("message", e.Message);
        if (os is null)
        {
            w.WriteNull("errno"); w.WriteNull("code"); w.WriteNull("syscall"); w.WriteNull("path");
        }
        else
        {
            w.WriteString("errno", os.ErrnoName);
            w.WriteNumber("code", os.Errno);
            w.WriteString("syscall", os.Syscall);
            if (os.Path is null) w.WriteNull("path"); else w.WriteString("path", os.Path);
        }
        w.WriteEndObject();
    }

    private static void SendFault(long? id, string message) => Reply(id, w => w.WriteString("fault", message));

    private static void Reply(long? id, Action<Utf8JsonWriter> body)
    {
        Out.ResetWrittenCount();
        using (var w = new Utf8JsonWriter(Out, WriterOptions))
        {
            w.WriteStartObject();
            if (id is long i) w.WriteNumber("id", i); else w.WriteNull("id");
            body(w);
            w.WriteEndObject();
        }
        Out.Write("\n"u8);
        Stdio.WriteAll(1, Out.WrittenSpan);
    }
}
