using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using OsConformance.Protocol.Containment;
using OsConformance.Protocol.Interop;

namespace OsConformance.Protocol;

/// <summary>
/// One running harness, spoken to one request at a time; every request and reply is validated
/// against docs/schemas. The parts: spawning and containment (HarnessProcess.Spawn.cs), reading
/// with the protocol's limits (.Reading.cs), the deadline and the no-lock kill (.Deadline.cs),
/// ending and reaping (.Ending.cs), the bounded transcript and stderr log (.Transcript.cs).
/// Disposing kills the harness and every descendant (its cgroup, or its tree as the subreaper) and
/// reaps them, so nothing outlives a case.
/// </summary>
public sealed partial class HarnessProcess : IDisposable
{
    public const int ProtocolVersion = 1;

    // Harnesses alive in this process, killed on exit so a cancelled run leaves none behind.
    static readonly HashSet<HarnessProcess> Live = [];
    static HarnessProcess() => AppDomain.CurrentDomain.ProcessExit += (_, _) => KillEverything();

    readonly HarnessOptions options;
    readonly int pid;
    int? harnessPid; // the process the oracles judge, known once start has been answered
    readonly int stdinFd;
    readonly int stdoutFd;
    readonly Cgroup? cgroup;
    readonly Thread stderrThread;
    readonly object gate = new();
    int nextId = 1;
    string? lastLine; // the last reply line, for violations found while decoding it
    ProcessEnd? end;
    bool fdsClosed;
    bool disposed;

    HarnessProcess(HarnessOptions options)
    {
        this.options = options;
        deadline = Stopwatch.GetTimestamp() + Ticks(options.Timeout);
        Orphans.Enable();
        int stderrFd;
        lock (Orphans.SpawnLock)
        {
            cgroup = Cgroup.Create();
            try { (pid, stdinFd, stdoutFd, stderrFd) = SpawnChild(options, cgroup); }
            catch
            {
                cgroup?.KillAndRemove();
                throw;
            }
            lock (Live) Live.Add(this);
        }
        stderrThread = new Thread(() => DrainStderr(stderrFd, options.StderrLogPath))
        {
            IsBackground = true,
            Name = $"harness {pid} stderr",
        };
        stderrThread.Start();
    }

    /// <summary>Starts the harness. Throws FileNotFoundException when the program cannot be found.</summary>
    public static HarnessProcess Spawn(HarnessOptions options) => new(options);

    /// <summary>
    /// The harness's process: the one whose calls the cases judge, and the only pid any oracle may
    /// look at (getpid, /proc/PID, the fd table, strace). It is the spawned process, or the child of
    /// an oracle's wrapper (HarnessIsChild), or the pid the start reply reported once the kernel shows
    /// it descends from that process. Known after <see cref="Start"/>.
    /// </summary>
    public int Pid => harnessPid ?? throw new InvalidOperationException($"harness {pid} has not answered start: the pid of its process is not known yet");

    /// <summary>The process the suite spawned: the leader of the harness's process group, what containment kills and reaps.</summary>
    public int SpawnedPid => pid;

    /// <summary>Whether new harnesses get a cgroup v2 where one is writable (false: the subreaper alone; tests of the fallback).</summary>
    public static bool UseCgroups { get; set; } = true;

    /// <summary>Whether this harness's descendants are held in a cgroup v2 (else the subreaper finds them).</summary>
    public bool InCgroup => cgroup is not null;

    /// <summary>How the process ended, once it has been reaped.</summary>
    public ProcessEnd? End => end;

    /// <summary>
    /// Sends start and returns what the harness said about itself. The reply is schema-checked;
    /// whether its protocol is the one spoken is left to the caller (smoke reports it apart). A pid
    /// in the reply that the kernel does not show under the spawned process is a <see cref="HarnessPidException"/>.
    /// </summary>
    public StartInfo Start()
    {
        var reply = Exchange(new JsonObject { ["op"] = "start", ["protocol"] = ProtocolVersion }, "start");
        var info = Decoded("start", reply, () =>
        {
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
                    Names(caps["ops"])),
                reply["pid"]?.GetValue<int>());
        });
        harnessPid = VerifiedPid(info.Pid);
        return info;
    }

    /// <summary>The harness's process (see <see cref="Pid"/>), from the kernel; a reported pid only if it is that process or below it.</summary>
    int VerifiedPid(int? reported)
    {
        int root = pid;
        if (options.HarnessIsChild)
            root = ProcessTree.OnlyChild(pid)
                ?? throw new HarnessPidException($"the kernel shows no single child of the wrapper {pid} ({options.Command[0]}): the harness's process is unknown");
        if (reported is not int r || ProcessTree.IsSelfOrDescendant(r, root))
            return reported ?? root;
        string kernel = ProcessTree.Get(r) is { } e ? $"its parent is {e.Ppid}" : "no such process";
        throw new HarnessPidException($"start reply: pid {r} is neither the harness process the suite spawned ({root}) nor one of its descendants "
            + $"(kernel: {kernel}); report the pid of the process that makes the calls, or leave pid out (docs/protocol.md#the-harness-process)");
    }

    public CallOutcome Call(string fn, params JsValue[] args)
    {
        var reply = Exchange(new JsonObject { ["op"] = "call", ["fn"] = fn, ["args"] = EncodeArgs(args) }, "call");
        return Decoded("call", reply, () => Outcome(reply));
    }

    /// <summary>Sends a call that is expected to end or replace the process; does not wait for a reply.</summary>
    public void CallNoReply(string fn, params JsValue[] args)
    {
        lock (gate)
        {
            ThrowIfDisposed();
            ThrowIfUnsolicited("call");
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
            throw new HarnessThrewException("fork", Decoded("fork", reply, () => JsonCodec.DecodeError(thrown)));
        return Decoded("fork", reply, () => reply["pid"]!.GetValue<int>());
    }

    public RepeatResult Repeat(string fn, JsValue[] args, long n)
    {
        var reply = Exchange(new JsonObject { ["op"] = "repeat", ["fn"] = fn, ["args"] = EncodeArgs(args), ["n"] = n }, "repeat");
        if (reply["thrown"] is JsonNode thrown)
            throw new HarnessThrewException(fn, Decoded("repeat", reply, () => JsonCodec.DecodeError(thrown)));
        return Decoded("repeat", reply, () => new RepeatResult(reply["n"]!.GetValue<long>(), reply["elapsed_ns"]!.GetValue<long>()));
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
            var until = Stopwatch.GetTimestamp() + Ticks(timeout);
            if (PollExit(until) is ProcessEnd e)
                return e;
            KillGroupAndReap();
            throw new HarnessTimeoutException($"harness {pid} did not exit within {timeout.TotalSeconds:0.###} s; killed it and its descendants");
        }
    }

    public void Dispose()
    {
        // A reader blocked on this harness holds the gate: the kill (no lock) wakes it first.
        Kill();
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

    /// <summary>A reply whose values cannot be decoded (lone surrogate, out-of-range number) is the harness's violation, not the suite's.</summary>
    T Decoded<T>(string op, JsonObject reply, Func<T> decode)
    {
        try { return decode(); }
        catch (Exception e) when (e is FormatException or InvalidOperationException or OverflowException or ArgumentException or JsonException)
        {
            throw Violation($"{op} reply holds a value the suite cannot decode: {e.Message}", lastLine ?? "", []);
        }
    }

    /// <summary>Sends one request (with the next id) and returns its schema-valid reply; a fault throws.</summary>
    JsonObject Exchange(JsonObject request, string op)
    {
        lock (gate)
        {
            ThrowIfDisposed();
            if (end is not null)
                throw new HarnessCrashedException($"harness {pid} has already ended ({end})", end);
            ThrowIfUnsolicited(op);
            int id = nextId++;
            var full = new JsonObject { ["id"] = id };
            foreach (var (k, v) in request)
                full[k] = v?.DeepClone();
            Send(full, op);
            var line = lastLine = ReadLine(op);
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
                IReadOnlyList<SchemaViolation> violations;
                try { violations = ValidReplies.ContainsKey((op, line)) ? [] : SchemaValidator.ValidateReply(node, op); }
                catch (InvalidOperationException e)
                {
                    // A string escape that is no Unicode text (a lone surrogate) cannot even be read.
                    throw Violation($"{op} reply holds a string that is not valid Unicode: {e.Message}", line, []);
                }
                if (violations.Count == 0 && ValidReplies.Count < MaxCachedReplies)
                    ValidReplies.TryAdd((op, line), true);
                if (violations.Count > 0)
                    throw Violation($"{op} reply breaks the schema: {string.Join("; ", violations)}", line, violations);
            }
            if (node is not JsonObject reply || reply["id"] is not (null or JsonValue))
                throw Violation($"{op} reply is not a JSON object with an integer id", line, []);
            long? replyId = reply["id"] is JsonValue idValue && idValue.TryGetValue<long>(out var parsedId) ? parsedId : null;
            // A fault may carry a null id (the harness could not read the request's).
            bool fault = reply["fault"] is not null;
            if (replyId != id && !(fault && replyId is null))
                throw Violation($"{op} reply has id {replyId}, expected {id}", line, [new SchemaViolation(op + " reply", "/id", $"the request's id {id}")]);
            // A second line already waiting is a duplicate reply (the harness answers once).
            ThrowIfBuffered(op);
            if (fault)
                throw new HarnessFaultException($"{op}: fault: {Decoded(op, reply, () => reply["fault"]!.GetValue<string>())}");
            return reply;
        }
    }

    ProtocolViolationException Violation(string message, string line, IReadOnlyList<SchemaViolation> violations)
    {
        KillGroupAndReap();
        return new ProtocolViolationException(message, Cap(line, MaxStoredLine), violations);
    }

    // Every start reply of one implementation is the same line, and validating it costs milliseconds
    // per case: a line once found valid is valid again. Bounded, since most lines are unique.
    static readonly System.Collections.Concurrent.ConcurrentDictionary<(string Op, string Line), bool> ValidReplies = new();
    const int MaxCachedReplies = 4096;

    void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(disposed, this);

    static long Ticks(TimeSpan t) => (long)(Math.Min(t.TotalSeconds, 1e9) * Stopwatch.Frequency);

    /// <summary>SIGKILL to every harness and descendant of this process (exit, SIGINT, SIGTERM). Takes no harness's lock.</summary>
    public static void KillEverything()
    {
        HarnessProcess[] all;
        lock (Live) all = [.. Live];
        foreach (var h in all)
            h.Kill();
        Cgroup.KillAllAndRemove();
        foreach (var h in all)
            if (Monitor.TryEnter(h.gate, 500))
                try { h.TryReap(Libc.WNOHANG); }
                finally { Monitor.Exit(h.gate); }
        SweepOrphans();
    }

    /// <summary>Kills and reaps orphans that no live harness owns; returns how many were alive.</summary>
    public static int SweepOrphans()
    {
        return Orphans.KillAndReap(() =>
        {
            lock (Live) return Live.Where(h => h.end is null).Select(h => h.pid).ToHashSet();
        });
    }
}
