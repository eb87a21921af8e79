using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json.Nodes;
using NUnit.Framework;

namespace OsConformance.Reference.Tests.Harness;

/// <summary>The reference harness speaks docs/protocol.md: every op, the value encodings, errors and faults.</summary>
[TestFixture]
public sealed class ProtocolTests
{
    [Test]
    public void Start_DescribesImplementationPlatformAndCapabilities()
    {
        using var h = HarnessSession.Open(start: false);
        var r = h.Request(new JsonObject { ["op"] = "start", ["protocol"] = 1 });

        Assert.That(r["protocol"]!.GetValue<int>(), Is.EqualTo(1));
        Assert.That(r["implementation"]!["name"]!.GetValue<string>(), Is.EqualTo("os-conformance-reference"));
        Assert.That(r["implementation"]!["version"]!.GetValue<string>(), Does.StartWith("0.1.0"));
        Assert.That(r["platform"]!["os"]!.GetValue<string>(), Is.EqualTo(OperatingSystem.IsLinux() ? "linux" : "macos"));
        Assert.That(r["platform"]!["arch"]!.GetValue<string>(),
            Is.EqualTo(RuntimeInformation.OSArchitecture == Architecture.Arm64 ? "arm64" : "x64"));
        if (OperatingSystem.IsLinux())
        {
            Assert.That(r["platform"]!["kernel"]!.GetValue<string>(),
                Is.EqualTo(File.ReadAllText("/proc/sys/kernel/osrelease").Trim()));
            Assert.That(r["platform"]!["libc"]!.GetValue<string>(), Does.Match(@"^(glibc \d+\.\d+.*|musl)$"));
        }

        var caps = r["capabilities"]!;
        var functions = caps["functions"]!.AsArray().Select(f => f!.GetValue<string>()).ToList();
        Assert.That(functions, Has.Count.EqualTo(51));
        Assert.That(functions, Is.Unique);
        Assert.That(functions, Does.Contain("_exit").And.Contain("S_ISDIR").And.Contain("WIFCONTINUED").And.Contain("execvpe"));
        Assert.That(caps["constants"]!["O_RDONLY"]!.GetValue<int>(), Is.EqualTo(0));
        Assert.That(caps["constants"]!["STDERR_FILENO"]!.GetValue<int>(), Is.EqualTo(2));
        Assert.That(caps["extensions"]!.AsArray(), Is.Empty);
        Assert.That(caps["ops"]!.AsArray().Select(o => o!.GetValue<string>()), Is.EquivalentTo(new[] { "call", "fork", "repeat" }));
        h.Stop();
    }

    [Test]
    public void Start_OtherProtocolVersion_IsAFaultNamingTheSupportedOnes()
    {
        using var h = HarnessSession.Open(start: false);
        var r = h.Request(new JsonObject { ["op"] = "start", ["protocol"] = 2 });
        Assert.That(r["fault"]!.GetValue<string>(), Does.Contain("[1]"));
        Assert.That(r.ContainsKey("protocol"), Is.False);
        // Still usable afterwards.
        Assert.That(h.Request(new JsonObject { ["op"] = "start", ["protocol"] = 1 })["protocol"]!.GetValue<int>(), Is.EqualTo(1));
        h.Stop();
    }

    [Test]
    public void Call_Getpid_IsTheHarnessPid()
    {
        using var h = HarnessSession.Open();
        Assert.That(h.CallInt("getpid"), Is.EqualTo(h.Pid));
        h.Stop();
    }

    [TestCase("{\"id\":7,\"op\":\"frobnicate\"}", 7, "frobnicate")]
    [TestCase("{\"id\":8,\"op\":\"call\",\"fn\":\"nosuchfn\",\"args\":[]}", 8, "nosuchfn")]
    [TestCase("{\"id\":9,\"op\":\"call\",\"fn\":\"getpid\"}", 9, "args")]
    [TestCase("{\"id\":10,\"op\":\"call\",\"fn\":\"close\",\"args\":[{\"$step\":[0]}]}", 10, "$step")]
    [TestCase("{\"id\":11,\"op\":\"call\",\"fn\":\"close\",\"args\":[{\"$buffer\":\"ABC\"}]}", 11, "$buffer")]
    [TestCase("{\"id\":12,\"op\":\"call\",\"fn\":\"close\",\"args\":[{\"a\":1,\"b\":2}]}", 12, "one key")]
    [TestCase("{\"id\":13,\"op\":\"call\",\"fn\":\"close\",\"args\":[{\"$number\":\"five\"}]}", 13, "$number")]
    [TestCase("{\"id\":14,\"op\":\"call\",\"fn\":\"fork\",\"args\":[]}", 14, "fork op")]
    [TestCase("{\"id\":15,\"op\":\"repeat\",\"fn\":\"getpid\",\"args\":[],\"n\":-1}", 15, "non-negative")]
    [TestCase("{\"id\":16,\"op\":\"fork\",\"report\":\"r.jsonl\",\"steps\":[{\"fn\":\"nosuchfn\",\"args\":[]}]}", 16, "nosuchfn")]
    [TestCase("{\"id\":17,\"op\":\"fork\",\"report\":\"r.jsonl\",\"steps\":[{\"fn\":\"close\",\"args\":[{\"$step\":[0]}]}]}", 17, "earlier step")]
    [TestCase("{\"id\":18,\"op\":\"fork\",\"report\":\"r.jsonl\",\"steps\":[{\"fn\":\"fork\",\"args\":[]}]}", 18, "fork op")]
    [TestCase("{\"id\":19,\"op\":\"repeat\",\"fn\":\"fork\",\"args\":[],\"n\":1}", 19, "fork op")]
    [TestCase("{\"id\":20,\"op\":\"fork\",\"report\":\"r.jsonl\",\"exit\":\"0\",\"steps\":[]}", 20, "exit")]
    [TestCase("{\"id\":21,\"op\":\"start\"}", 21, "[1]")]
    public void Malformed_Request_IsAFault_AndTheHarnessStaysUsable(string request, int id, string mentions)
    {
        using var h = HarnessSession.Open();
        h.SendLine(request);
        var r = h.ReadReply();
        Assert.That(r["id"]!.GetValue<int>(), Is.EqualTo(id));
        Assert.That(r["fault"]!.GetValue<string>(), Does.Contain(mentions));
        Assert.That(r.Count, Is.EqualTo(2), "a fault reply is exactly {id, fault}");
        Assert.That(h.CallInt("getpid"), Is.EqualTo(h.Pid));
        // A faulted fork must not have forked: no report written.
        Assert.That(File.Exists(Path.Combine(h.Dir, "r.jsonl")), Is.False);
        h.Stop();
    }

    [TestCase("this is not json", "JSON")]
    [TestCase("{\"op\":\"stop\"}", "id")]
    [TestCase("{\"id\":-1,\"op\":\"stop\"}", "id")]
    [TestCase("{\"id\":1.5,\"op\":\"stop\"}", "id")]
    [TestCase("[1,2]", "object")]
    public void UnreadableId_IsAFaultWithNullId(string request, string mentions)
    {
        using var h = HarnessSession.Open();
        h.SendLine(request);
        var r = h.ReadReply();
        Assert.That(r.ContainsKey("id") && r["id"] is null, Is.True);
        Assert.That(r["fault"]!.GetValue<string>(), Does.Contain(mentions));
        Assert.That(h.CallInt("getpid"), Is.EqualTo(h.Pid));
        h.Stop();
    }

    [Test]
    public void Values_UndefinedPipeWriteReadBuffersAndStrings()
    {
        using var h = HarnessSession.Open();
        var fds = h.Call("pipe")!.AsArray();
        Assert.That(fds, Has.Count.EqualTo(2));
        int r = fds[0]!.GetValue<int>(), w = fds[1]!.GetValue<int>();

        Assert.That(h.CallInt("write", w, V.Buffer("hi\n"u8.ToArray())), Is.EqualTo(3));
        var read = h.CallReply("read", r, V.Buffer(new byte[6]));
        Assert.That(read["value"]!.GetValue<int>(), Is.EqualTo(3));
        Assert.That(read["buffers"]!["1"]!["$buffer"]!.GetValue<string>(), Is.EqualTo("68690a000000"));

        Assert.That(h.CallInt("write", w, "héllo"), Is.EqualTo(6), "a string is written as UTF-8");
        Assert.That(h.Call("read", r, V.Undefined)!.GetValue<string>(), Is.EqualTo("héllo"));

        var closed = h.Call("close", w);
        Assert.That(closed!["$undefined"]!.GetValue<bool>(), Is.True);
        Assert.That(h.Call("read", r)!.GetValue<string>(), Is.EqualTo(""), "end of file reads as an empty string");
        h.Stop();
    }

    [Test]
    public void Values_UrandomNumberAndBuffer()
    {
        using var h = HarnessSession.Open();
        string hex = h.Call("urandom", 16)!["$buffer"]!.GetValue<string>();
        Assert.That(hex, Does.Match("^[0-9a-f]{32}$"));

        var filled = h.CallReply("urandom", V.Buffer(new byte[32]));
        string value = filled["value"]!["$buffer"]!.GetValue<string>();
        Assert.That(value, Does.Match("^[0-9a-f]{64}$"));
        Assert.That(value, Is.Not.EqualTo(new string('0', 64)));
        Assert.That(filled["buffers"]!["0"]!["$buffer"]!.GetValue<string>(), Is.EqualTo(value));
        h.Stop();
    }

    [Test]
    public void Values_StatIsAnObjectOfSixteenFieldsWithDates()
    {
        using var h = HarnessSession.Open();
        File.WriteAllText(Path.Combine(h.Dir, "f.txt"), "12345");
        var st = h.Call("stat", "f.txt")!["$object"]!.AsObject();
        Assert.That(st.Select(p => p.Key), Is.EqualTo(new[]
        {
            "dev", "mode", "nlink", "uid", "gid", "rdev", "ino", "size", "blksize", "blocks", "flags", "gen",
            "atime", "mtime", "ctime", "birthtime",
        }));
        Assert.That(st["size"]!.GetValue<long>(), Is.EqualTo(5));
        long mtime = st["mtime"]!["$date"]!.GetValue<long>();
        long expected = new DateTimeOffset(File.GetLastWriteTimeUtc(Path.Combine(h.Dir, "f.txt"))).ToUnixTimeMilliseconds();
        Assert.That(mtime, Is.EqualTo(expected));
        Assert.That(h.Call("S_ISREG", st["mode"]!.DeepClone())!.GetValue<bool>(), Is.True);
        Assert.That(h.Call("S_ISDIR", st["mode"]!.DeepClone())!.GetValue<bool>(), Is.False);
        Assert.That(h.Call("isatty", 0)!.GetValue<bool>(), Is.False, "stdin is a pipe");
        h.Stop();
    }

    [Test]
    public void Values_ScandirAndGetgroupsAreArrays()
    {
        using var h = HarnessSession.Open();
        File.WriteAllText(Path.Combine(h.Dir, "b"), "");
        File.WriteAllText(Path.Combine(h.Dir, "a"), "");
        Assert.That(h.Call("scandir", ".")!.AsArray().Select(n => n!.GetValue<string>()), Is.EqualTo(new[] { "a", "b" }));
        Assert.That(h.Call("getgroups"), Is.InstanceOf<JsonArray>());
        h.Stop();
    }

    [Test]
    public void Errors_FailedSyscallIsASystemErrorWithErrnoName()
    {
        using var h = HarnessSession.Open();
        var e = h.Throws("open", "missing.txt", "r");
        Assert.That(e["kind"]!.GetValue<string>(), Is.EqualTo("system"));
        Assert.That(e["name"]!.GetValue<string>(), Is.EqualTo("OsException"));
        Assert.That(e["errno"]!.GetValue<string>(), Is.EqualTo("ENOENT"));
        Assert.That(e["code"]!.GetValue<int>(), Is.EqualTo(2));
        Assert.That(e["syscall"]!.GetValue<string>(), Is.EqualTo("open"));
        Assert.That(e["path"]!.GetValue<string>(), Is.EqualTo("missing.txt"));
        Assert.That(e["message"]!.GetValue<string>(), Does.StartWith("[errno 2] "));
        h.Stop();
    }

    private static IEnumerable<TestCaseData> TypeErrors()
    {
        yield return new TestCaseData("close", new JsonNode?[] { "3" }).SetName("close(string) is a TypeError");
        yield return new TestCaseData("close", new JsonNode?[] { }).SetName("close() is a TypeError");
        yield return new TestCaseData("open", new JsonNode?[] { 1, "r" }).SetName("open(number path) is a TypeError");
        yield return new TestCaseData("open", new JsonNode?[] { "x", true }).SetName("open(path, boolean flags) is a TypeError");
        yield return new TestCaseData("open", new JsonNode?[] { "x", "r", null }).SetName("open(path, flags, null mode) is a TypeError");
        yield return new TestCaseData("write", new JsonNode?[] { 1, 5 }).SetName("write(fd, number) is a TypeError");
        yield return new TestCaseData("read", new JsonNode?[] { 0, "x" }).SetName("read(fd, string) is a TypeError");
        yield return new TestCaseData("dup2", new JsonNode?[] { 1, 9, "yes" }).SetName("dup2(.., string cloexec) is a TypeError");
        yield return new TestCaseData("setgroups", new JsonNode?[] { "x" }).SetName("setgroups(string) is a TypeError");
        yield return new TestCaseData("setgroups", new JsonNode?[] { V.Strings("0") }).SetName("setgroups([string]) is a TypeError");
        yield return new TestCaseData("execv", new JsonNode?[] { "/bin/true", "x" }).SetName("execv(path, string) is a TypeError");
        yield return new TestCaseData("execv", new JsonNode?[] { "/bin/true", V.Array(1) }).SetName("execv(path, [number]) is a TypeError");
        yield return new TestCaseData("execve", new JsonNode?[] { "/bin/true", null, V.Array() }).SetName("execve(.., Array envp) is a TypeError");
        yield return new TestCaseData("execve", new JsonNode?[] { "/bin/true", null, V.Object(("A", 1)) }).SetName("execve(.., {A: number}) is a TypeError");
        yield return new TestCaseData("waitpid", new JsonNode?[] { "x" }).SetName("waitpid(string) is a TypeError");
        yield return new TestCaseData("urandom", new JsonNode?[] { "8" }).SetName("urandom(string) is a TypeError");
        yield return new TestCaseData("S_ISDIR", new JsonNode?[] { V.Undefined }).SetName("S_ISDIR(undefined) is a TypeError");
    }

    [TestCaseSource(nameof(TypeErrors))]
    public void WrongArgumentType_IsThrownTypeError_NotAFault(string fn, JsonNode?[] args)
    {
        using var h = HarnessSession.Open();
        var e = h.Throws(fn, args);
        Assert.That(e["kind"]!.GetValue<string>(), Is.EqualTo("type"), h.Describe(fn));
        Assert.That(e["errno"], Is.Null);
        Assert.That(e["code"], Is.Null);
        h.Stop();
    }

    [Test]
    public void NonIntegerNumbers_AreRangeErrors()
    {
        using var h = HarnessSession.Open();
        Assert.That(h.Throws("close", 1.5)["kind"]!.GetValue<string>(), Is.EqualTo("range"));
        Assert.That(h.Throws("close", V.Number("NaN"))["kind"]!.GetValue<string>(), Is.EqualTo("range"));
        Assert.That(h.Throws("close", V.Number("-Infinity"))["kind"]!.GetValue<string>(), Is.EqualTo("range"));
        Assert.That(h.Throws("dup", 1e12)["kind"]!.GetValue<string>(), Is.EqualTo("range"));
        h.Stop();
    }

    [Test]
    public void Repeat_ReportsNAndElapsedTime()
    {
        using var h = HarnessSession.Open();
        var r = h.Request(new JsonObject { ["op"] = "repeat", ["fn"] = "getpid", ["args"] = new JsonArray(), ["n"] = 1000 });
        Assert.That(r["n"]!.GetValue<long>(), Is.EqualTo(1000));
        Assert.That(r["elapsed_ns"]!.GetValue<long>(), Is.GreaterThan(0).And.LessThan(10_000_000_000L));
        h.Stop();
    }

    [Test]
    public void Repeat_StopsAtTheFirstThrow()
    {
        using var h = HarnessSession.Open();
        var r = h.Request(new JsonObject { ["op"] = "repeat", ["fn"] = "close", ["args"] = new JsonArray(999), ["n"] = 5 });
        Assert.That(r["thrown"]!["errno"]!.GetValue<string>(), Is.EqualTo("EBADF"));
        Assert.That(r.ContainsKey("elapsed_ns"), Is.False);
        h.Stop();
    }

    [Test]
    public void Stop_RepliesAndExitsZero()
    {
        using var h = HarnessSession.Open();
        h.Stop(); // asserts {stopped: true} and exit status 0
    }

    [Test]
    public void Chdir_ChangesWhereRelativePathsResolve()
    {
        using var h = HarnessSession.Open();
        Directory.CreateDirectory(Path.Combine(h.Dir, "sub"));
        File.WriteAllText(Path.Combine(h.Dir, "sub", "inner.txt"), "x");
        Assert.That(h.Call("chdir", "sub")!["$undefined"], Is.Not.Null);
        Assert.That(h.Call("stat", "inner.txt")!["$object"]!["size"]!.GetValue<int>(), Is.EqualTo(1));
        h.Stop();
    }

    [Test]
    [Platform("Linux")] // reads the umask from /proc
    public void Open_ModeAsOctalStringAndDefault()
    {
        using var h = HarnessSession.Open();
        int fd = h.CallInt("open", "m.txt", "w", "600");
        h.Call("close", fd);
        int mode = h.Call("stat", "m.txt")!["$object"]!["mode"]!.GetValue<int>();
        Assert.That(h.CallInt("S_IMODE", mode), Is.EqualTo(Convert.ToInt32("600", 8)));

        // No mode: 0666 minus the umask the harness inherited from this process.
        int umask = Convert.ToInt32(File.ReadLines("/proc/self/status").First(l => l.StartsWith("Umask:"))[6..].Trim(), 8);
        h.Call("close", h.CallInt("open", "d.txt", "w"));
        int dmode = h.Call("stat", "d.txt")!["$object"]!["mode"]!.GetValue<int>();
        Assert.That(h.CallInt("S_IMODE", dmode), Is.EqualTo(Convert.ToInt32("666", 8) & ~umask));
        h.Stop();
    }

    [Test]
    public void Write_StringIsUtf8()
    {
        using var h = HarnessSession.Open();
        int fd = h.CallInt("open", "u.txt", "w", 420);
        Assert.That(h.CallInt("write", fd, "añb"), Is.EqualTo(4));
        h.Call("close", fd);
        Assert.That(File.ReadAllBytes(Path.Combine(h.Dir, "u.txt")), Is.EqualTo(Encoding.UTF8.GetBytes("añb")));
        h.Stop();
    }
}
