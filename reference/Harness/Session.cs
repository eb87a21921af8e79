using System.Buffers;
using System.Diagnostics;
using System.Reflection;
using System.Text.Encodings.Web;
using System.Text.Json;
using OsConformance.Reference;

namespace OsConformance.Harness;

/// <summary>
/// One harness session: docs/protocol.md (version 1) over the reference library, one request line
/// in, one reply line out. Single-threaded on purpose (see the csproj). Main runs it on stdin and
/// stdout; the unit tests run it in-process on lines of their own, with a fork that never forks.
/// </summary>
internal sealed class Session
{
    private const int Protocol = 1;

    /// <summary>Exit status of a fork child that could not open its report or hit a harness bug.</summary>
    internal const int ChildHarnessFailure = 125;

    /// <summary>Takes one reply line, "\n" included.</summary>
    internal delegate void LineSink(ReadOnlySpan<byte> line);

    private readonly LineSink _send;
    private readonly Func<int> _fork;
    private readonly bool _reportPid;
    private readonly ArrayBufferWriter<byte> _out = new(4096);

    // Plain UTF-8 and no HTML escaping: replies are read by programs, not embedded in pages.
    internal static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <param name="send">where replies go</param>
    /// <param name="fork">os.fork by default; a JIT process must not fork, so in-process tests pass another</param>
    /// <param name="reportPid">whether the start reply carries this process's pid (the runtime's own, not the library's getpid)</param>
    public Session(LineSink send, Func<int>? fork = null, bool reportPid = false)
    {
        _send = send;
        _fork = fork ?? Os.Fork;
        _reportPid = reportPid;
    }

    /// <summary>Handles requests until stop or the end of input (readLine returns null).</summary>
    public void Run(Func<byte[]?> readLine)
    {
        while (readLine() is byte[] line)
        {
            if (line.AsSpan().Trim((byte)' ').IsEmpty) continue;
            if (Handle(line)) return;
        }
    }

    /// <summary>Handles one request line; true when the harness should exit (stop).</summary>
    public bool Handle(byte[] line)
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

    private void Start(long id, JsonElement req)
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

        string version1 = typeof(Session).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        Reply(id, w =>
        {
            w.WriteNumber("protocol", Protocol);
            if (_reportPid) w.WriteNumber("pid", Environment.ProcessId);
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

    private void Call(long id, JsonElement req)
    {
        string fn = RequiredString(req, "fn");
        var f = Lookup(fn, "call");
        var args = new Args(DecodeArgs(req, null));
        object? value;
        try { value = f(args); }
        catch (Exception e) { Reply(id, w => WriteThrown(w, e)); return; }
        Reply(id, w => WriteValue(w, fn, args, value));
    }

    private void Repeat(long id, JsonElement req)
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

    internal sealed record Step(string Name, Dispatch.Fn Fn, List<object?> Args);

    /// <summary>A fork request, validated: what the child appends to, runs and exits with.</summary>
    internal sealed record ForkPlan(string Report, int Exit, List<Step> Steps);

    private void Fork(long id, JsonElement req)
    {
        var plan = ReadFork(req);
        int pid;
        try { pid = _fork(); }
        catch (Exception e) { Reply(id, w => WriteThrown(w, e)); return; }
        if (pid == 0) ExitChild(RunChild(plan, pid));
        Reply(id, w => w.WriteNumber("pid", pid));
    }

    /// <summary>Everything is validated before forking: a malformed request is a fault and no child runs.</summary>
    internal static ForkPlan ReadFork(JsonElement req)
    {
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
        return new ForkPlan(report, exit, steps);
    }

    /// <summary>The fork child's work: the report, then the steps. Never touches stdin/stdout. Returns the
    /// status to _exit with (the plan's exit, or ChildHarnessFailure); a step may end the process first.</summary>
    internal static int RunChild(ForkPlan plan, int forked)
    {
        var steps = plan.Steps;
        try
        {
            int fd = Os.Open(plan.Report, "a", 420); // 0644, close-on-exec like every fd of the module
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
            return plan.Exit;
        }
        catch (Exception e)
        {
            Stdio.Log($"fork child {plan.Report}: {e.GetType().Name}: {e.Message}");
            return ChildHarnessFailure;
        }
    }

    /// <summary>The end of a fork child: it must never fall back into the parent's protocol loop.</summary>
    private static void ExitChild(int status)
    {
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

    private void SendFault(long? id, string message) => Reply(id, w => w.WriteString("fault", message));

    private void Reply(long? id, Action<Utf8JsonWriter> body)
    {
        _out.ResetWrittenCount();
        using (var w = new Utf8JsonWriter(_out, WriterOptions))
        {
            w.WriteStartObject();
            if (id is long i) w.WriteNumber("id", i); else w.WriteNull("id");
            body(w);
            w.WriteEndObject();
        }
        _out.Write("\n"u8);
        _send(_out.WrittenSpan);
    }
}
