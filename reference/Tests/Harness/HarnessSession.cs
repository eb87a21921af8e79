using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using NUnit.Framework;

namespace OsConformance.Reference.Tests.Harness;

/// <summary>
/// A minimal JSON-lines client for the NativeAOT reference harness (.build/harness/osc-harness),
/// so tests can reach fork, exec and exit, which the JIT test host cannot run itself. Each
/// session runs in its own temporary working directory.
/// </summary>
internal sealed class HarnessSession : IDisposable
{
    private static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(15);
    private readonly Process _proc;
    private readonly StringBuilder _stderr = new();
    private readonly List<string> _transcript = new();
    private long _nextId = 1;

    public int Pid { get; }
    public JsonObject? StartReply { get; private set; }
    public string Dir { get; }

    private HarnessSession(Process proc, string dir)
    {
        _proc = proc;
        Pid = proc.Id;
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

    /// <summary>Spawns the harness; with start, also performs the start handshake.</summary>
    public static HarnessSession Open(bool start = true, Action<ProcessStartInfo>? configure = null)
    {
        string dir = Path.Combine(Path.GetTempPath(), "osc-harness-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
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
        var proc = Process.Start(psi) ?? throw new InvalidOperationException("cannot start " + psi.FileName);
        var session = new HarnessSession(proc, dir);
        proc.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (session._stderr) session._stderr.AppendLine(e.Data); };
        proc.BeginErrorReadLine();
        if (start)
        {
            var reply = session.Request(new JsonObject { ["op"] = "start", ["protocol"] = 1 });
            Assert.That(reply["protocol"]?.GetValue<int>(), Is.EqualTo(1), session.Describe("start failed"));
            session.StartReply = reply;
        }
        return session;
    }

    public string Stderr { get { lock (_stderr) return _stderr.ToString(); } }

    public string Describe(string what) =>
        what + "\ntranscript:\n" + string.Join("\n", _transcript) + "\nstderr:\n" + Stderr;

    // ---- raw lines ----

    public void SendLine(string line)
    {
        _transcript.Add("> " + line);
        _proc.StandardInput.Write(line + "\n");
        _proc.StandardInput.Flush();
    }

    /// <summary>The next stdout line as text (after an exec, the new program's output).</summary>
    public string ReadRawLine()
    {
        var read = _proc.StandardOutput.ReadLineAsync();
        if (!read.Wait(ReplyTimeout)) Assert.Fail(Describe("no line within " + ReplyTimeout));
        string? line = read.Result;
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

    public void Stop()
    {
        var reply = Request(new JsonObject { ["op"] = "stop" });
        Assert.That(reply["stopped"]?.GetValue<bool>(), Is.True, Describe("stop"));
        Assert.That(WaitExit(), Is.EqualTo(0), Describe("exit status after stop"));
    }

    /// <summary>Waits for the harness to end and returns its exit code (128+signal when killed, as .NET reports it).</summary>
    public int WaitExit()
    {
        if (!_proc.WaitForExit(ReplyTimeout)) Assert.Fail(Describe("the harness did not exit"));
        return _proc.ExitCode;
    }

    public void Dispose()
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
        try { Directory.Delete(Dir, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
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
