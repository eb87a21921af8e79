using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Win32.SafeHandles;
using OsConformance.Protocol.Interop;

namespace OsConformance.Protocol;

/// <summary>
/// One running harness: spawned in its own process group with stdin/stdout pipes, spoken to one
/// request at a time. Every request and reply is validated against docs/schemas. Disposing kills the
/// whole process group and reaps it, so nothing outlives a case.
/// Spawning: HarnessProcess.Spawn.cs. The deadline is options.Timeout counted from the spawn.
/// </summary>
public sealed partial class HarnessProcess : IDisposable
{
    public const int ProtocolVersion = 1;

    // Harnesses alive in this process, killed on exit so a cancelled run leaves none behind.
    static readonly HashSet<HarnessProcess> Live = [];
    static HarnessProcess() => AppDomain.CurrentDomain.ProcessExit += (_, _) =>
    {
        HarnessProcess[] all;
        lock (Live) all = [.. Live];
        // Kill only: taking the gate could wait for a request's deadline.
        foreach (var h in all)
            if (h.end is null)
                Libc.kill(-h.pid, Libc.SIGKILL);
    };

    readonly HarnessOptions options;
    readonly int pid;
    readonly int stdinFd;
    readonly int stdoutFd;
    readonly long deadline; // Stopwatch timestamp
    readonly Thread stderrThread;
    readonly List<string> transcript = [];
    readonly object gate = new();
    readonly MemoryStream pending = new();
    readonly UTF8Encoding strictUtf8 = new(false, true);
    int nextId = 1;
    ProcessEnd? end;
    bool fdsClosed;
    bool disposed;

    HarnessProcess(HarnessOptions options)
    {
        this.options = options;
        deadline = Stopwatch.GetTimestamp() + (long)(options.Timeout.TotalSeconds * Stopwatch.Frequency);
        (pid, stdinFd, stdoutFd, int stderrFd) = SpawnChild(options);
        lock (Live) Live.Add(this);
        stderrThread = new Thread(() => DrainStderr(stderrFd, options.StderrLogPath))
        {
            IsBackground = true,
            Name = $"harness {pid} stderr",
        };
        stderrThread.Start();
    }

    /// <summary>Starts the harness. Throws FileNotFoundException when the program cannot be found.</summary>
    public static HarnessProcess Spawn(HarnessOptions options) => new(options);

    /// <summary>The harness's pid, as spawned (the oracle for getpid and for /proc lookups). Also its process group id.</summary>
    public int Pid => pid;

    /// <summary>Every line sent and received, prefixed "> " and "< ", for failure reports.</summary>
    public IReadOnlyList<string> Transcript { get { lock (transcript) return [.. transcript]; } }

    /// <summary>How the process ended, once it has been reaped.</summary>
    public ProcessEnd? End => end;

    /// <summary>
    /// Sends start and returns what the harness said about itself. The reply is schema-checked;
    /// whether its protocol is the one spoken is left to the caller (smoke reports it apart).
    /// </summary>
    public StartInfo Start()
    {
        var reply = Exchange(new JsonObject { ["op"] = "start", ["protocol"] = ProtocolVersion }, "start");
        var caps = reply["capabilities"]!;
        var impl = reply["implementation"]!;
        var plat = reply["platform"]!;
        static HashSet<string> Names(JsonNode? n) => n!.AsArray().Select(x => x!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
        return new StartInfo(
            reply["protocol"]!.GetValue<int>(),
            new ImplementationInfo(impl["name"]!.GetValue<string>(), impl["version"]!.GetValue<string>()),
            new PlatformInfo(plat["os"]!.GetValue<string>(), plat["arch"]!.GetValue<string>(), plat["kernel"]!.GetValue<string>(), plat["libc"]!.GetValue<string>()),
            new Capabilities(
                Names(caps["functions"]),
                caps["constants"]!.AsObject().ToDictionary(p => p.Key, p => p.Value!.GetValue<double>()),
                Names(caps["extensions"]),
                Names(caps["ops"])));
    }

    public CallOutcome Call(string fn, params JsValue[] args)
    {
        var reply = Exchange(new JsonObject { ["op"] = "call", ["fn"] = fn, ["args"] = EncodeArgs(args) }, "call");
        return Outcome(reply);
    }

    /// <summary>Sends a call that is expected to end or replace the process; does not wait for a reply.</summary>
    public void CallNoReply(string fn, params JsValue[] args)
    {
        lock (gate)
        {
            ThrowIfDisposed();
            Send(new JsonObject { ["id"] = nextId++, ["op"] = "call", ["fn"] = fn, ["args"] = EncodeArgs(args) }, "call");
        }
    }

    /// <summary>Forks a child that runs the steps and reports to reportPath; returns the child's pid.
    /// A fork that threw is a <see cref="HarnessThrewException"/>.</summary>
    public int Fork(string reportPath, IReadOnlyList<ForkStep> steps, int exit = 0)
    {
        var request = new JsonObject
        {
            ["op"] = "fork",
            ["report"] = reportPath,
            ["exit"] = exit,
            ["steps"] = new JsonArray(steps.Select(s => (JsonNode)new JsonObject { ["fn"] = s.Fn, ["args"] = EncodeArgs(s.Args) }).ToArray()),
        };
        var reply = Exchange(request, "fork");
        if (reply["thrown"] is JsonNode thrown)
            throw new HarnessThrewException("fork", JsonCodec.DecodeError(thrown));
        return reply["pid"]!.GetValue<int>();
    }

    public RepeatResult Repeat(string fn, JsValue[] args, long n)
    {
        var reply = Exchange(new JsonObject { ["op"] = "repeat", ["fn"] = fn, ["args"] = EncodeArgs(args), ["n"] = n }, "repeat");
        if (reply["thrown"] is JsonNode thrown)
            throw new HarnessThrewException(fn, JsonCodec.DecodeError(thrown));
        return new RepeatResult(reply["n"]!.GetValue<long>(), reply["elapsed_ns"]!.GetValue<long>());
    }

    /// <summary>Sends stop and checks the reply; the process then exits (see WaitForExit).</summary>
    public void Stop() => Exchange(new JsonObject { ["op"] = "stop" }, "stop");

    /// <summary>Waits for the process to end; kills it at the deadline (HarnessTimeoutException).</summary>
    public ProcessEnd WaitForExit(TimeSpan timeout)
    {
        lock (gate)
        {
            if (end is not null)
                return end;
            var until = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
            if (PollExit(until) is ProcessEnd e)
                return e;
            KillGroupAndReap();
            throw new HarnessTimeoutException($"harness {pid} did not exit within {timeout.TotalSeconds:0.###} s; killed its process group");
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            if (disposed)
                return;
            disposed = true;
            if (end is null)
                KillGroupAndReap();
            else
                KillLeftovers();
            CloseFds();
        }
        lock (Live) Live.Remove(this);
        // The drain ends when the last writer of stderr is gone; wait briefly so the log is complete.
        if (Thread.CurrentThread != stderrThread)
            stderrThread.Join(TimeSpan.FromSeconds(2));
    }

    // ---- exchange ----

    JsonArray EncodeArgs(IEnumerable<JsValue> args) => new(args.Select(JsonCodec.Encode).ToArray());

    static CallOutcome Outcome(JsonObject reply) => new(
        reply.ContainsKey("value") ? JsonCodec.Decode(reply["value"]) : null,
        reply["thrown"] is JsonNode t ? JsonCodec.DecodeError(t) : null,
        JsonCodec.DecodeBuffers(reply["buffers"]));

    /// <summary>Sends one request (with the next id) and returns its schema-valid reply; a fault throws.</summary>
    JsonObject Exchange(JsonObject request, string op)
    {
        lock (gate)
        {
            ThrowIfDisposed();
            if (end is not null)
                throw new HarnessCrashedException($"harness {pid} has already ended ({end})", end);
            int id = nextId++;
            var full = new JsonObject { ["id"] = id };
            foreach (var (k, v) in request)
                full[k] = v?.DeepClone();
            Send(full, op);
            var line = ReadLine(op);
            JsonNode? node;
            try
            {
                node = JsonNode.Parse(line);
            }
            catch (JsonException e)
            {
                throw Violation($"{op} reply is not JSON: {e.Message}", line, []);
            }
            if (options.ValidateReplies)
            {
                var violations = ValidReplies.ContainsKey((op, line)) ? [] : SchemaValidator.ValidateReply(node, op);
                if (violations.Count == 0 && ValidReplies.Count < MaxCachedReplies)
                    ValidReplies.TryAdd((op, line), true);
                if (violations.Count > 0)
                    throw Violation($"{op} reply breaks the schema: {string.Join("; ", violations)}", line, violations);
            }
            if (node is not JsonObject reply || reply["id"] is not (null or JsonValue))
                throw Violation($"{op} reply is not a JSON object with an integer id", line, []);
            long? replyId = reply["id"] is JsonValue idValue && idValue.TryGetValue<long>(out var parsedId) ? parsedId : null;
            if (reply["fault"] is JsonNode fault)
            {
                if (replyId is not null && replyId != id)
                    throw Violation($"{op} reply has id {replyId}, expected {id}", line, [new SchemaViolation(op + " reply", "/id", $"the request's id {id}")]);
                throw new HarnessFaultException($"{op}: fault: {fault.GetValue<string>()}");
            }
            if (replyId != id)
                throw Violation($"{op} reply has id {replyId}, expected {id}", line, [new SchemaViolation(op + " reply", "/id", $"the request's id {id}")]);
            return reply;
        }
    }

    ProtocolViolationException Violation(string message, string line, IReadOnlyList<SchemaViolation> violations)
    {
        KillGroupAndReap();
        return new ProtocolViolationException(message, line, violations);
    }

    // Every start reply of one implementation is the same line, and validating it costs milliseconds
    // per case: a line once found valid is valid again. Bounded, since most lines are unique.
    static readonly System.Collections.Concurrent.ConcurrentDictionary<(string Op, string Line), bool> ValidReplies = new();
    const int MaxCachedReplies = 4096;

    void Send(JsonObject request, string op)
    {
        // Our own requests must be valid too: a failure here is a bug of the suite, not the harness.
        if (options.ValidateRequests)
        {
            var violations = SchemaValidator.ValidateRequest(request, op + " request");
            if (violations.Count > 0)
                throw new InvalidOperationException("the suite built an invalid request: " + string.Join("; ", violations));
        }
        var line = JsonCodec.ToLine(request);
        Record("> " + line);
        WriteAll(Encoding.UTF8.GetBytes(line + "\n"), op);
    }

    void Record(string line)
    {
        lock (transcript) transcript.Add(line);
    }

    unsafe void WriteAll(byte[] bytes, string op)
    {
        int offset = 0;
        fixed (byte* p = bytes)
        {
            while (offset < bytes.Length)
            {
                nint n = Libc.write(stdinFd, p + offset, (nuint)(bytes.Length - offset));
                if (n >= 0) { offset += (int)n; continue; }
                int errno = Marshal.GetLastPInvokeError();
                if (errno == Libc.EINTR) continue;
                if (errno == Libc.EAGAIN) { WaitFd(stdinFd, Libc.POLLOUT, op); continue; }
                if (errno == Libc.EPIPE)
                    throw Crashed($"harness {pid} closed its stdin before the {op} request was sent");
                throw new IOException($"write to harness stdin: {Libc.Describe(errno)}");
            }
        }
    }

    /// <summary>Waits until fd is ready or the deadline passes (then kills: HarnessTimeoutException).</summary>
    unsafe void WaitFd(int fd, short events, string op)
    {
        while (true)
        {
            long left = deadline - Stopwatch.GetTimestamp();
            if (left <= 0)
            {
                KillGroupAndReap();
                throw new HarnessTimeoutException($"no reply to {op} within the {options.Timeout.TotalSeconds:0.###} s deadline; killed harness {pid} and its process group");
            }
            var pfd = new Libc.PollFd { Fd = fd, Events = events };
            int ms = (int)Math.Min(int.MaxValue, Math.Max(1, left * 1000 / Stopwatch.Frequency));
            int rc = Libc.poll(&pfd, 1, ms);
            if (rc > 0)
                return; // ready, or HUP/ERR: the following read/write tells which
            if (rc < 0 && Marshal.GetLastPInvokeError() is var errno && errno != Libc.EINTR)
                throw new IOException("poll: " + Libc.Describe(errno));
        }
    }

    const int MaxLine = 64 << 20;

    unsafe string ReadLine(string op)
    {
        var buffer = new byte[65536];
        while (true)
        {
            var data = pending.GetBuffer().AsSpan(0, (int)pending.Length);
            int nl = data.IndexOf((byte)'\n');
            if (nl >= 0)
            {
                string line;
                try
                {
                    line = strictUtf8.GetString(data[..nl]);
                }
                catch (DecoderFallbackException)
                {
                    var raw = Encoding.UTF8.GetString(data[..nl]);
                    Record("< " + raw);
                    throw Violation($"{op} reply is not valid UTF-8", raw, []);
                }
                var rest = data[(nl + 1)..].ToArray();
                pending.SetLength(0);
                pending.Write(rest);
                Record("< " + line);
                return line;
            }
            if (pending.Length > MaxLine)
                throw Violation($"{op} reply: no newline after {MaxLine} bytes", "", []);
            WaitFd(stdoutFd, Libc.POLLIN, op);
            nint n;
            fixed (byte* p = buffer)
                n = Libc.read(stdoutFd, p, (nuint)buffer.Length);
            if (n > 0) { pending.Write(buffer, 0, (int)n); continue; }
            if (n == 0)
            {
                var partial = pending.Length > 0 ? $"; unterminated output: {Encoding.UTF8.GetString(pending.ToArray())}" : "";
                if (pending.Length > 0)
                    Record("< " + Encoding.UTF8.GetString(pending.ToArray()) + " (no newline)");
                throw Crashed($"harness {pid} closed its stdout while the {op} reply was due{partial}");
            }
            int errno = Marshal.GetLastPInvokeError();
            if (errno != Libc.EINTR && errno != Libc.EAGAIN)
                throw new IOException("read from harness stdout: " + Libc.Describe(errno));
        }
    }

    /// <summary>The harness hung up: give it a moment to exit, reap it and report how it ended.</summary>
    HarnessCrashedException Crashed(string message)
    {
        var until = Math.Min(deadline, Stopwatch.GetTimestamp() + 5 * Stopwatch.Frequency);
        var e = PollExit(until);
        if (e is null)
        {
            KillGroupAndReap();
            return new HarnessCrashedException($"{message}; it did not exit, killed ({end})", end);
        }
        KillLeftovers();
        return new HarnessCrashedException($"{message}; {e}", e);
    }

    // ---- process ends ----

    /// <summary>Reaps the harness if it has ended by `until` (polling; SIGCHLD belongs to .NET).</summary>
    ProcessEnd? PollExit(long until)
    {
        int sleepMs = 1;
        while (true)
        {
            if (TryReap(Libc.WNOHANG) is ProcessEnd e)
                return e;
            if (Stopwatch.GetTimestamp() >= until)
                return null;
            Thread.Sleep(sleepMs);
            sleepMs = Math.Min(sleepMs * 2, 20);
        }
    }

    ProcessEnd? TryReap(int flags)
    {
        if (end is not null)
            return end;
        while (true)
        {
            int rc = Libc.waitpid(pid, out int status, flags);
            if (rc == pid)
                return end = Decode(status);
            if (rc == 0)
                return null;
            int errno = Marshal.GetLastPInvokeError();
            if (errno == Libc.EINTR)
                continue;
            if (errno == Libc.ECHILD)
                // Someone else reaped it (only possible if SIGCHLD was ignored when .NET started,
                // which makes System.Diagnostics.Process reap every child): the status is lost.
                return end = new ProcessEnd(-1, null, null, false);
            throw new IOException($"waitpid({pid}): {Libc.Describe(errno)}");
        }
    }

    static ProcessEnd Decode(int status) =>
        Libc.WIFEXITED(status) ? new ProcessEnd(status, Libc.WEXITSTATUS(status), null, false)
        : Libc.WIFSIGNALED(status) ? new ProcessEnd(status, null, Libc.WTERMSIG(status), Libc.WCOREDUMP(status))
        : new ProcessEnd(status, null, null, false);

    /// <summary>SIGKILL to the whole group while the leader is unreaped (so the group id cannot be reused), then reap.</summary>
    void KillGroupAndReap()
    {
        if (end is null)
        {
            Libc.kill(-pid, Libc.SIGKILL);
            Libc.kill(pid, Libc.SIGKILL); // in case it left its group
            TryReap(0);
        }
        KillLeftovers();
        CloseFds();
    }

    /// <summary>After the leader was reaped: kill what is left of its group (a forked child that stayed).</summary>
    void KillLeftovers() => Libc.kill(-pid, Libc.SIGKILL); // ESRCH when the group is empty: fine

    void CloseFds()
    {
        if (fdsClosed)
            return;
        fdsClosed = true;
        Libc.close(stdinFd);
        Libc.close(stdoutFd);
    }

    void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(disposed, this);

    static void DrainStderr(int fd, string? logPath)
    {
        using var source = new FileStream(new SafeFileHandle(fd, ownsHandle: true), FileAccess.Read, 1);
        using var log = logPath is null ? null : new FileStream(logPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite, 1);
        var buffer = new byte[8192];
        try
        {
            int n;
            while ((n = source.Read(buffer)) > 0)
            {
                log?.Write(buffer, 0, n);
                log?.Flush();
            }
        }
        catch (IOException)
        {
            // The pipe broke: nothing more to log.
        }
    }
}

/// <summary>A fork or repeat request was answered with `thrown`: the harness is fine, the call failed.</summary>
public sealed class HarnessThrewException(string fn, JsError error) : Exception($"{fn} threw {error}")
{
    public JsError Error { get; } = error;
}

/// <summary>A fork child's report: what os.fork() returned in the child, then one outcome per completed step.</summary>
public sealed record ForkReportContents(JsValue? Forked, IReadOnlyList<CallOutcome> Steps);

/// <summary>Reads a fork child's report file: a {"forked": v} line, then one JSON line per completed step.</summary>
public static partial class ForkReport
{
    /// <summary>The step outcomes in step order (index = step); see <see cref="ReadFull"/>.</summary>
    public static IReadOnlyList<CallOutcome> Read(string path) => ReadFull(path).Steps;

    /// <summary>
    /// A missing or empty file has no forked value and no steps: the child never got as far as
    /// writing. Every line is checked against report-line.schema.json; the first must be the
    /// forked line and the steps must follow in order. Anything else, or an unterminated last
    /// line, is a ProtocolViolationException.
    /// </summary>
    public static ForkReportContents ReadFull(string path)
    {
        if (!File.Exists(path))
            return new(null, []);
        var text = File.ReadAllText(path, new UTF8Encoding(false, true));
        if (text.Length == 0)
            return new(null, []);
        if (!text.EndsWith('\n'))
            throw new ProtocolViolationException($"report {path}: the last line is unterminated", text[(text.LastIndexOf('\n') + 1)..]);
        JsValue? forked = null;
        var outcomes = new List<CallOutcome>();
        var lines = text[..^1].Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var name = $"report line {i + 1}";
            JsonNode? node;
            try
            {
                node = JsonNode.Parse(line);
            }
            catch (JsonException e)
            {
                throw new ProtocolViolationException($"report {path}: {name} is not JSON: {e.Message}", line);
            }
            var violations = SchemaValidator.ValidateReportLine(node, name);
            if (violations.Count > 0)
                throw new ProtocolViolationException($"report {path}: {string.Join("; ", violations)}", line, violations);
            var o = node!.AsObject();
            if (i == 0)
            {
                if (!o.ContainsKey("forked"))
                    throw new ProtocolViolationException($"report {path}: the first line must be {{\"forked\": ...}}", line,
                        [new SchemaViolation(name, "", "the forked line first (expected a forked key)")]);
                forked = JsonCodec.Decode(o["forked"]);
                continue;
            }
            if (o.ContainsKey("forked"))
                throw new ProtocolViolationException($"report {path}: {name} repeats the forked line", line,
                    [new SchemaViolation(name, "/forked", "a step line (the forked line comes once, first)")]);
            int step = o["step"]!.GetValue<int>();
            if (step != outcomes.Count)
                throw new ProtocolViolationException($"report {path}: {name} is for step {step}, expected {outcomes.Count}", line,
                    [new SchemaViolation(name, "/step", $"step {outcomes.Count}, got {step}")]);
            outcomes.Add(new CallOutcome(
                o.ContainsKey("value") ? JsonCodec.Decode(o["value"]) : null,
                o["thrown"] is JsonNode t ? JsonCodec.DecodeError(t) : null,
                JsonCodec.DecodeBuffers(o["buffers"])));
        }
        return new(forked, outcomes);
    }
}
