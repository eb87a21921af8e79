using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Win32.SafeHandles;
using NUnit.Framework;
using OsConformance.Harness;

namespace OsConformance.Reference.Tests.Harness;

/// <summary>Which harness a session drives.</summary>
public enum HarnessKind
{
    /// <summary>The NativeAOT binary in .build/harness, a process of its own: the real thing, and the
    /// only one that may fork, exec or exit.</summary>
    NativeAot,

    /// <summary>The harness's Session run on a thread of the test host, so coverlet sees its code. It
    /// shares the test host's pid, cwd, umask and fds, and its fork op fails instead of forking.</summary>
    InProcess,
}

/// <summary>
/// A minimal JSON-lines client for the reference harness, by default the NativeAOT binary
/// (.build/harness/osc-harness), so tests can reach fork, exec and exit, which the JIT test host
/// cannot run itself. Each session has its own temporary directory, the binary's working directory.
/// </summary>
internal sealed class HarnessSession : IDisposable
{
    private static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(15);
    private readonly Transport _transport;
    private readonly List<string> _transcript = new();
    private long _nextId = 1;

    public int Pid => _transport.Pid;
    public JsonObject? StartReply { get; private set; }
    public string Dir { get; }
    public bool InProcess => _transport is InProcessTransport;

    private HarnessSession(Transport transport, string dir)
    {
        _transport = transport;
        Dir = dir;
    }

    public static string HarnessPath
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (!File.Exists(Path.Combine(dir.FullName, "os-conformance.sln"))) continue;
                string exe = Path.Combine(dir.FullName, ".build", "harness", "osc-harness");
                if (!File.Exists(exe)) Assert.Fail("run ./os-conformance build first (no " + exe + ")");
                return exe;
            }
            Assert.Fail("run ./os-conformance build first (os-conformance.sln not found above " + AppContext.BaseDirectory + ")");
            return null!;
        }
    }

    /// <summary>Spawns the NativeAOT harness; with start, also performs the start handshake.</summary>
    public static HarnessSession Open(bool start = true, Action<ProcessStartInfo>? configure = null)
    {
        string dir = NewDir();
        var psi = new ProcessStartInfo(HarnessPath)
        {
            WorkingDirectory = dir,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardInputEncoding = new UTF8Encoding(false),
            StandardOutputEncoding = new UTF8Encoding(false),
            UseShellExecute = false,
        };
        configure?.Invoke(psi);
        return Started(new HarnessSession(new ProcessTransport(psi), dir), start);
    }

    /// <summary>A session of the given kind. fork stands in for os.fork in an in-process session
    /// (by default it throws: a JIT process must not fork).</summary>
    public static HarnessSession Open(HarnessKind kind, bool start = true, Func<int>? fork = null) =>
        kind == HarnessKind.NativeAot ? Open(start) : Started(new HarnessSession(new InProcessTransport(fork), NewDir()), start);

    // Its own folder directly under the temp dir: a shared parent made by a root run would refuse
    // other users. 0755 as Directory.CreateDirectory made it, not mkdtemp's 0700.
    private static string NewDir()
    {
        var dir = Directory.CreateTempSubdirectory("osc-harness-test-");
        dir.UnixFileMode = (UnixFileMode)0b111_101_101;
        return dir.FullName;
    }

    private static HarnessSession Started(HarnessSession session, bool start)
    {
        if (start)
        {
            var reply = session.Request(new JsonObject { ["op"] = "start", ["protocol"] = 1 });
            Assert.That(reply["protocol"]?.GetValue<int>(), Is.EqualTo(1), session.Describe("start failed"));
            session.StartReply = reply;
        }
        return session;
    }

    public string Stderr => _transport.Stderr;

    public string Describe(string what) =>
        what + "\ntranscript:\n" + string.Join("\n", _transcript) + "\nstderr:\n" + Stderr;

    // ---- raw lines ----

    public void SendLine(string line)
    {
        _transcript.Add("> " + line);
        _transport.Write(line);
    }

    /// <summary>The next stdout line as text (after an exec, the new program's output).</summary>
    public string ReadRawLine()
    {
        if (!_transport.TryReadLine(ReplyTimeout, out string? line)) Assert.Fail(Describe("no line within " + ReplyTimeout));
        if (line is null) Assert.Fail(Describe("the harness closed stdout"));
        _transcript.Add("< " + line);
        return line!;
    }

    public JsonObject ReadReply()
    {
        string line = ReadRawLine();
        return JsonNode.Parse(line) as JsonObject ?? throw new AssertionException(Describe("reply is not a JSON object: " + line));
    }

    /// <summary>Sends a request with the next id and returns its reply (checking the id is echoed).</summary>
    public JsonObject Request(JsonObject request)
    {
        long id = _nextId++;
        request["id"] = id;
        SendLine(request.ToJsonString());
        var reply = ReadReply();
        Assert.That(reply["id"]?.GetValue<long>(), Is.EqualTo(id), Describe("reply id"));
        return reply;
    }

    // ---- calls ----

    public JsonObject CallReply(string fn, params JsonNode?[] args) =>
        Request(new JsonObject { ["op"] = "call", ["fn"] = fn, ["args"] = new JsonArray(args) });

    /// <summary>Calls fn and returns its encoded value; fails the test on thrown or fault.</summary>
    public JsonNode? Call(string fn, params JsonNode?[] args)
    {
        var reply = CallReply(fn, args);
        Assert.That(reply.ContainsKey("value"), Is.True, Describe($"{fn} did not return a value"));
        return reply["value"];
    }

    /// <summary>Calls fn expecting it to throw; returns the encoded error.</summary>
    public JsonObject Throws(string fn, params JsonNode?[] args)
    {
        var reply = CallReply(fn, args);
        Assert.That(reply["thrown"], Is.InstanceOf<JsonObject>(), Describe($"{fn} did not throw"));
        return (JsonObject)reply["thrown"]!;
    }

    public int CallInt(string fn, params JsonNode?[] args) => Call(fn, args)!.GetValue<int>();

    /// <summary>Sends a call that ends or replaces the harness; no reply is expected.</summary>
    public void CallNoReply(string fn, params JsonNode?[] args) =>
        SendLine(new JsonObject { ["id"] = _nextId++, ["op"] = "call", ["fn"] = fn, ["args"] = new JsonArray(args) }.ToJsonString());

    // ---- fork ----

    public static JsonObject Step(string fn, params JsonNode?[] args) => new() { ["fn"] = fn, ["args"] = new JsonArray(args) };

    public int Fork(string report, int? exit, params JsonObject[] steps)
    {
        var req = new JsonObject { ["op"] = "fork", ["report"] = report, ["steps"] = new JsonArray(steps) };
        if (exit is int e) req["exit"] = e;
        var reply = Request(req);
        Assert.That(reply["pid"], Is.Not.Null, Describe("fork did not reply a pid"));
        return reply["pid"]!.GetValue<int>();
    }

    /// <summary>waitpid through the harness: (pid, status).</summary>
    public (int Pid, int Status) WaitPid(int pid, int options = 0)
    {
        var v = Call("waitpid", pid, options) as JsonObject;
        var o = v?["$object"] as JsonObject ?? throw new AssertionException(Describe("waitpid did not return an Object"));
        return (o["pid"]!.GetValue<int>(), o["status"]!.GetValue<int>());
    }

    /// <summary>A constant's value on this platform, from the start reply.</summary>
    public int Constant(string name) =>
        StartReply?["capabilities"]?["constants"]?[name]?.GetValue<int>()
        ?? throw new AssertionException(Describe("no constant " + name));

    public static List<JsonObject> ReadReport(string path) =>
        File.ReadAllLines(path).Where(l => l.Length > 0).Select(l => (JsonObject)JsonNode.Parse(l)!).ToList();

    // ---- end ----

    /// <summary>Closes the harness's input: the end of input without stop.</summary>
    public void CloseInput()
    {
        _transcript.Add("> (end of input)");
        _transport.CloseInput();
    }

    public void Stop()
    {
        var reply = Request(new JsonObject { ["op"] = "stop" });
        Assert.That(reply["stopped"]?.GetValue<bool>(), Is.True, Describe("stop"));
        Assert.That(WaitExit(), Is.EqualTo(0), Describe("exit status after stop"));
    }

    /// <summary>Waits for the harness to end and returns its exit code (128+signal when killed, as .NET
    /// reports it). An in-process session has ended when its loop returned: Main would then return 0.</summary>
    public int WaitExit()
    {
        int? code = _transport.WaitExit(ReplyTimeout);
        if (code is null) Assert.Fail(Describe("the harness did not exit"));
        return code!.Value;
    }

    public void Dispose()
    {
        _transport.Dispose();
        try { Directory.Delete(Dir, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    // ---- transports ----

    private abstract class Transport : IDisposable
    {
        public abstract int Pid { get; }
        public abstract string Stderr { get; }
        public abstract void Write(string line);
        public abstract void CloseInput();
        /// <summary>False on timeout; line null at end of output.</summary>
        public abstract bool TryReadLine(TimeSpan timeout, out string? line);
        /// <summary>The exit code, or null if still running after timeout.</summary>
        public abstract int? WaitExit(TimeSpan timeout);
        public abstract void Dispose();

        protected static bool ReadLine(StreamReader reader, TimeSpan timeout, out string? line)
        {
            var read = reader.ReadLineAsync();
            line = read.Wait(timeout) ? read.Result : null;
            return read.IsCompleted;
        }
    }

    private sealed class ProcessTransport : Transport
    {
        private readonly Process _proc;
        private readonly StringBuilder _stderr = new();

        public ProcessTransport(ProcessStartInfo psi)
        {
            _proc = Process.Start(psi) ?? throw new InvalidOperationException("cannot start " + psi.FileName);
            _proc.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_stderr) _stderr.AppendLine(e.Data); };
            _proc.BeginErrorReadLine();
        }

        public override int Pid => _proc.Id;
        public override string Stderr { get { lock (_stderr) return _stderr.ToString(); } }

        public override void Write(string line)
        {
            _proc.StandardInput.Write(line + "\n");
            _proc.StandardInput.Flush();
        }

        public override void CloseInput() => _proc.StandardInput.Close();

        public override bool TryReadLine(TimeSpan timeout, out string? line) => ReadLine(_proc.StandardOutput, timeout, out line);

        public override int? WaitExit(TimeSpan timeout) => _proc.WaitForExit(timeout) ? _proc.ExitCode : null;

        public override void Dispose()
        {
            try
            {
                if (!_proc.HasExited)
                {
                    try { _proc.StandardInput.Close(); } catch (IOException) { }
                    if (!_proc.WaitForExit(TimeSpan.FromSeconds(5))) _proc.Kill();
                }
            }
            catch (InvalidOperationException) { }
            _proc.Dispose();
        }
    }

    /// <summary>What Main does, on a thread of the test host: a Session reading requests through a
    /// LineReader and writing replies, over two pipes instead of stdin and stdout.</summary>
    private sealed class InProcessTransport : Transport
    {
        private readonly StreamWriter _toHarness;
        private readonly StreamReader _fromHarness;
        private readonly Thread _thread;

        public InProcessTransport(Func<int>? fork)
        {
            int[] input = Os.Pipe(), output = Os.Pipe();
            var requests = new LineReader(input[0]);
            var session = new Session(line => Stdio.WriteAll(output[1], line),
                fork ?? (() => throw new InvalidOperationException("an in-process harness never forks")));
            _thread = new Thread(() =>
            {
                try { session.Run(requests.ReadLine); }
                finally { Os.Close(output[1]); Os.Close(input[0]); } // like the process's fds at exit
            }) { IsBackground = true, Name = "in-process harness" };
            _toHarness = new StreamWriter(new FileStream(new SafeFileHandle(input[1], true), FileAccess.Write), new UTF8Encoding(false));
            _fromHarness = new StreamReader(new FileStream(new SafeFileHandle(output[0], true), FileAccess.Read), new UTF8Encoding(false));
            _thread.Start();
        }

        public override int Pid => Environment.ProcessId;
        public override string Stderr => "(in-process: diagnostics went to the test host's stderr)";

        public override void Write(string line)
        {
            _toHarness.Write(line + "\n");
            _toHarness.Flush();
        }

        public override void CloseInput() => _toHarness.Close();
        public override bool TryReadLine(TimeSpan timeout, out string? line) => ReadLine(_fromHarness, timeout, out line);
        public override int? WaitExit(TimeSpan timeout) => _thread.Join(timeout) ? 0 : null;

        public override void Dispose()
        {
            try { CloseInput(); } catch (IOException) { } // the session may have stopped reading
            _thread.Join(TimeSpan.FromSeconds(5));
            _fromHarness.Dispose();
        }
    }
}

/// <summary>Builders for encoded protocol values.</summary>
internal static class V
{
    public static JsonNode Undefined => new JsonObject { ["$undefined"] = true };
    public static JsonNode Buffer(byte[] bytes) => new JsonObject { ["$buffer"] = Convert.ToHexStringLower(bytes) };
    public static JsonNode Number(string special) => new JsonObject { ["$number"] = special };
    public static JsonNode Step(int i) => new JsonObject { ["$step"] = new JsonArray(i) };
    public static JsonNode Step(int i, int k) => new JsonObject { ["$step"] = new JsonArray(i, k) };
    public static JsonNode Array(params JsonNode?[] items) => new JsonArray(items);
    public static JsonNode Object(params (string Key, JsonNode? Value)[] props)
    {
        var o = new JsonObject();
        foreach (var (k, v) in props) o[k] = v;
        return new JsonObject { ["$object"] = o };
    }
    public static JsonNode Strings(params string[] items) => new JsonArray(items.Select(s => (JsonNode?)s).ToArray());
}
