using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json.Nodes;
using NUnit.Framework;

namespace OsConformance.Reference.Tests.Harness;

/// <summary>The reference harness speaks docs/protocol.md: every op, the value encodings, errors and faults.
/// Each test runs against the NativeAOT binary and against the harness's Session in-process (which
/// coverlet can see); paths are absolute because an in-process session has the test host's cwd.</summary>
[TestFixture(HarnessKind.NativeAot)]
[TestFixture(HarnessKind.InProcess)]
public sealed class ProtocolTests(HarnessKind kind)
{
    private HarnessSession Open(bool start = true) => HarnessSession.Open(kind, start);

    [Test]
    public void Start_DescribesImplementationPlatformAndCapabilities()
    {
        using var h = Open(start: false);
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
        using var h = Open(start: false);
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
        using var h = Open();
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
    [TestCase("{\"id\":22}", 22, "\"op\" must be a string")]
    [TestCase("{\"id\":23,\"op\":\"call\",\"args\":[]}", 23, "\"fn\" must be a string")]
    [TestCase("{\"id\":24,\"op\":\"call\",\"fn\":\"close\",\"args\":{}}", 24, "\"args\" must be an array")]
    [TestCase("{\"id\":25,\"op\":\"call\",\"fn\":\"close\",\"args\":[{}]}", 25, "exactly one key, this one has 0")]
    [TestCase("{\"id\":26,\"op\":\"call\",\"fn\":\"close\",\"args\":[{\"$undefined\":false}]}", 26, "$undefined must be true")]
    [TestCase("{\"id\":27,\"op\":\"call\",\"fn\":\"close\",\"args\":[{\"$number\":5}]}", 27, "$number must be a string")]
    [TestCase("{\"id\":28,\"op\":\"call\",\"fn\":\"close\",\"args\":[{\"$buffer\":5}]}", 28, "$buffer must be a string")]
    [TestCase("{\"id\":29,\"op\":\"call\",\"fn\":\"close\",\"args\":[{\"$buffer\":\"abc\"}]}", 29, "odd length")]
    [TestCase("{\"id\":30,\"op\":\"call\",\"fn\":\"close\",\"args\":[{\"$date\":\"2020\"}]}", 30, "$date must be a number or null")]
    [TestCase("{\"id\":31,\"op\":\"call\",\"fn\":\"close\",\"args\":[{\"$object\":[1]}]}", 31, "$object must be a JSON object")]
    [TestCase("{\"id\":32,\"op\":\"call\",\"fn\":\"close\",\"args\":[[{\"$map\":{}}]]}", 32, "unknown tag $map")]
    [TestCase("{\"id\":33,\"op\":\"start\",\"protocol\":\"1\"}", 33, "start needs an integer protocol")]
    [TestCase("{\"id\":34,\"op\":\"repeat\",\"fn\":\"getpid\",\"args\":[]}", 34, "non-negative integer n")]
    [TestCase("{\"id\":35,\"op\":\"fork\",\"steps\":[]}", 35, "\"report\" must be a string")]
    [TestCase("{\"id\":36,\"op\":\"fork\",\"report\":\"r.jsonl\",\"steps\":{}}", 36, "fork needs a steps array")]
    [TestCase("{\"id\":37,\"op\":\"fork\",\"report\":\"r.jsonl\",\"steps\":[{\"fn\":\"getpid\",\"args\":[]},7]}", 37, "step 1 is not a JSON object")]
    [TestCase("{\"id\":38,\"op\":\"fork\",\"report\":\"r.jsonl\",\"steps\":[{\"fn\":\"getpid\",\"args\":[]},{\"fn\":\"close\",\"args\":[{\"$step\":0}]}]}", 38, "$step must be [i] or [i, k]")]
    [TestCase("{\"id\":39,\"op\":\"fork\",\"report\":\"r.jsonl\",\"steps\":[{\"fn\":\"getpid\",\"args\":[]},{\"fn\":\"close\",\"args\":[{\"$step\":[0,1,2]}]}]}", 39, "$step must be [i] or [i, k]")]
    [TestCase("{\"id\":40,\"op\":\"fork\",\"report\":\"r.jsonl\",\"steps\":[{\"fn\":\"getpid\",\"args\":[]},{\"fn\":\"close\",\"args\":[{\"$step\":[-1]}]}]}", 40, "$step index must be a non-negative integer")]
    [TestCase("{\"id\":41,\"op\":\"fork\",\"report\":\"r.jsonl\",\"steps\":[{\"fn\":\"getpid\",\"args\":[]},{\"fn\":\"close\",\"args\":[{\"$step\":[0,0.5]}]}]}", 41, "$step element must be a non-negative integer")]
    // A lone surrogate is valid JSON but no .NET string: System.Text.Json refuses it, an internal error.
    [TestCase("{\"id\":42,\"op\":\"call\",\"fn\":\"write\",\"args\":[1,\"\\ud800\"]}", 42, "harness error: InvalidOperationException: ")]
    public void Malformed_Request_IsAFault_AndTheHarnessStaysUsable(string request, int id, string mentions)
    {
        using var h = Open();
        h.SendLine(request);
        var r = h.ReadReply();
        Assert.That(r["id"]!.GetValue<int>(), Is.EqualTo(id));
        Assert.That(r["fault"]!.GetValue<string>(), Does.Contain(mentions));
        Assert.That(r.Count, Is.EqualTo(2), "a fault reply is exactly {id, fault}");
        Assert.That(h.CallInt("getpid"), Is.EqualTo(h.Pid));
        // A faulted fork must not have forked: no report written (in-process, a fork would have replied
        // thrown instead of fault).
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
        using var h = Open();
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
        using var h = Open();
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
        h.Call("close", r);
        h.Stop();
    }

    [Test]
    public void Values_UrandomNumberAndBuffer()
    {
        using var h = Open();
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
        using var h = Open();
        string f = Path.Combine(h.Dir, "f.txt");
        File.WriteAllText(f, "12345");
        var st = h.Call("stat", f)!["$object"]!.AsObject();
        Assert.That(st.Select(p => p.Key), Is.EqualTo(new[]
        {
            "dev", "mode", "nlink", "uid", "gid", "rdev", "ino", "size", "blksize", "blocks", "flags", "gen",
            "atime", "mtime", "ctime", "birthtime",
        }));
        Assert.That(st["size"]!.GetValue<long>(), Is.EqualTo(5));
        long mtime = st["mtime"]!["$date"]!.GetValue<long>();
        long expected = new DateTimeOffset(File.GetLastWriteTimeUtc(f)).ToUnixTimeMilliseconds();
        Assert.That(mtime, Is.EqualTo(expected));
        Assert.That(h.Call("S_ISREG", st["mode"]!.DeepClone())!.GetValue<bool>(), Is.True);
        Assert.That(h.Call("S_ISDIR", st["mode"]!.DeepClone())!.GetValue<bool>(), Is.False);
        if (!h.InProcess) Assert.That(h.Call("isatty", 0)!.GetValue<bool>(), Is.False, "stdin is a pipe");
        h.Stop();
    }

    [Test]
    public void Values_ScandirAndGetgroupsAreArrays()
    {
        using var h = Open();
        File.WriteAllText(Path.Combine(h.Dir, "b"), "");
        File.WriteAllText(Path.Combine(h.Dir, "a"), "");
        Assert.That(h.Call("scandir", h.Dir)!.AsArray().Select(n => n!.GetValue<string>()), Is.EqualTo(new[] { "a", "b" }));
        Assert.That(h.Call("getgroups"), Is.InstanceOf<JsonArray>());
        h.Stop();
    }

    [Test]
    public void Errors_FailedSyscallIsASystemErrorWithErrnoName()
    {
        using var h = Open();
        string missing = Path.Combine(h.Dir, "missing.txt");
        var e = h.Throws("open", missing, "r");
        Assert.That(e["kind"]!.GetValue<string>(), Is.EqualTo("system"));
        Assert.That(e["name"]!.GetValue<string>(), Is.EqualTo("OsException"));
        Assert.That(e["errno"]!.GetValue<string>(), Is.EqualTo("ENOENT"));
        Assert.That(e["code"]!.GetValue<int>(), Is.EqualTo(2));
        Assert.That(e["syscall"]!.GetValue<string>(), Is.EqualTo("open"));
        Assert.That(e["path"]!.GetValue<string>(), Is.EqualTo(missing));
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
        using var h = Open();
        var e = h.Throws(fn, args);
        Assert.That(e["kind"]!.GetValue<string>(), Is.EqualTo("type"), h.Describe(fn));
        Assert.That(e["errno"], Is.Null);
        Assert.That(e["code"], Is.Null);
        h.Stop();
    }

    [Test]
    public void NonIntegerNumbers_AreRangeErrors()
    {
        using var h = Open();
        Assert.That(h.Throws("close", 1.5)["kind"]!.GetValue<string>(), Is.EqualTo("range"));
        Assert.That(h.Throws("close", V.Number("NaN"))["kind"]!.GetValue<string>(), Is.EqualTo("range"));
        Assert.That(h.Throws("close", V.Number("-Infinity"))["kind"]!.GetValue<string>(), Is.EqualTo("range"));
        Assert.That(h.Throws("dup", 1e12)["kind"]!.GetValue<string>(), Is.EqualTo("range"));
        h.Stop();
    }

    [Test]
    public void Repeat_ReportsNAndElapsedTime()
    {
        using var h = Open();
        var r = h.Request(new JsonObject { ["op"] = "repeat", ["fn"] = "getpid", ["args"] = new JsonArray(), ["n"] = 1000 });
        Assert.That(r["n"]!.GetValue<long>(), Is.EqualTo(1000));
        Assert.That(r["elapsed_ns"]!.GetValue<long>(), Is.GreaterThan(0).And.LessThan(10_000_000_000L));
        h.Stop();
    }

    [Test]
    public void Repeat_StopsAtTheFirstThrow()
    {
        using var h = Open();
        var r = h.Request(new JsonObject { ["op"] = "repeat", ["fn"] = "close", ["args"] = new JsonArray(999), ["n"] = 5 });
        Assert.That(r["thrown"]!["errno"]!.GetValue<string>(), Is.EqualTo("EBADF"));
        Assert.That(r.ContainsKey("elapsed_ns"), Is.False);
        h.Stop();
    }

    [Test]
    public void Stop_RepliesAndExitsZero()
    {
        using var h = Open();
        h.Stop(); // asserts {stopped: true} and exit status 0
    }

    [Test]
    public void Chdir_ChangesWhereRelativePathsResolve()
    {
        using var h = Open();
        Directory.CreateDirectory(Path.Combine(h.Dir, "sub"));
        File.WriteAllText(Path.Combine(h.Dir, "sub", "inner.txt"), "x");
        string cwd = Directory.GetCurrentDirectory();
        try
        {
            Assert.That(h.Call("chdir", Path.Combine(h.Dir, "sub"))!["$undefined"], Is.Not.Null);
            Assert.That(h.Call("stat", "inner.txt")!["$object"]!["size"]!.GetValue<int>(), Is.EqualTo(1));
        }
        finally
        {
            if (h.InProcess) Directory.SetCurrentDirectory(cwd); // the test host's cwd moved too
        }
        h.Stop();
    }

    [Test]
    [Platform("Linux")] // reads the umask from /proc
    public void Open_ModeAsOctalStringAndDefault()
    {
        using var h = Open();
        string m = Path.Combine(h.Dir, "m.txt"), d = Path.Combine(h.Dir, "d.txt");
        int fd = h.CallInt("open", m, "w", "600");
        h.Call("close", fd);
        int mode = h.Call("stat", m)!["$object"]!["mode"]!.GetValue<int>();
        Assert.That(h.CallInt("S_IMODE", mode), Is.EqualTo(Convert.ToInt32("600", 8)));

        // No mode: 0666 minus the umask the harness inherited from this process.
        int umask = Convert.ToInt32(File.ReadLines("/proc/self/status").First(l => l.StartsWith("Umask:"))[6..].Trim(), 8);
        h.Call("close", h.CallInt("open", d, "w"));
        int dmode = h.Call("stat", d)!["$object"]!["mode"]!.GetValue<int>();
        Assert.That(h.CallInt("S_IMODE", dmode), Is.EqualTo(Convert.ToInt32("666", 8) & ~umask));
        h.Stop();
    }

    [Test]
    public void Write_StringIsUtf8()
    {
        using var h = Open();
        int fd = h.CallInt("open", Path.Combine(h.Dir, "u.txt"), "w", 420);
        Assert.That(h.CallInt("write", fd, "añb"), Is.EqualTo(4));
        h.Call("close", fd);
        Assert.That(File.ReadAllBytes(Path.Combine(h.Dir, "u.txt")), Is.EqualTo(Encoding.UTF8.GetBytes("añb")));
        h.Stop();
    }

    // Every spec type by name in a TypeError's message (docs/protocol.md, "Values").
    [TestCase("null", "null")]
    [TestCase("{\"$undefined\":true}", "undefined")]
    [TestCase("\"3\"", "a string")]
    [TestCase("true", "a boolean")]
    [TestCase("{\"$buffer\":\"03\"}", "a Buffer")]
    [TestCase("{\"$date\":3}", "a Date")]
    [TestCase("[3]", "an Array")]
    [TestCase("{\"$object\":{}}", "an Object")]
    public void TypeError_NamesTheTypeItGot(string arg, string typeName)
    {
        using var h = Open();
        var e = h.Throws("close", JsonNode.Parse(arg));
        Assert.That(e["kind"]!.GetValue<string>(), Is.EqualTo("type"));
        Assert.That(e["name"]!.GetValue<string>(), Is.EqualTo("ArgumentException"));
        Assert.That(e["message"]!.GetValue<string>(), Does.StartWith($"\"fd\" must be a number, not {typeName}"));
        h.Stop();
    }

    [Test]
    public void ExecArguments_WrongTypes_NameTheElement()
    {
        using var h = Open();
        Assert.That(h.Throws("execv", "/bin/true", V.Array("a", 1))["message"]!.GetValue<string>(),
            Does.StartWith("\"args[1]\" must be a string, not a number"));
        Assert.That(h.Throws("execvpe", "true", null, V.Object(("A", "1"), ("B", true)))["message"]!.GetValue<string>(),
            Does.StartWith("\"envp.B\" must be a string, not a boolean"));
        Assert.That(h.Throws("setgroups", V.Array(0, V.Undefined))["message"]!.GetValue<string>(),
            Does.StartWith("\"groups[1]\" must be a number, not undefined"));
        Assert.That(h.Throws("setgroups", V.Array(0.5))["kind"]!.GetValue<string>(), Is.EqualTo("range"));
        h.Stop();
    }

    // A failed exec returns, so it is safe in-process too: nothing here can be found and run.
    [Test]
    public void Exec_MissingFile_IsENOENT_AndTheHarnessCarriesOn()
    {
        using var h = Open();
        var envp = V.Object(("A", "1"));
        foreach (var (fn, args) in new (string, JsonNode?[])[]
                 {
                     ("execv", ["/nonexistent-osc-dir/prog", V.Strings("prog")]),
                     ("execve", ["/nonexistent-osc-dir/prog", V.Strings("prog"), envp.DeepClone()]),
                     // With a "/", no PATH search: an unsearchable PATH entry would make it EACCES for non-root.
                     ("execvp", ["/nonexistent-osc-dir/prog", V.Strings("prog")]),
                     ("execvpe", ["/nonexistent-osc-dir/prog", null, envp.DeepClone()]),
                 })
        {
            var e = h.Throws(fn, args);
            Assert.That(e["kind"]!.GetValue<string>(), Is.EqualTo("system"), fn);
            Assert.That(e["errno"]!.GetValue<string>(), Is.EqualTo("ENOENT"), fn);
            Assert.That(e["syscall"]!.GetValue<string>(), Is.EqualTo(fn));
        }
        Assert.That(h.CallInt("getpid"), Is.EqualTo(h.Pid));
        h.Stop();
    }

    [Test]
    public void BlankLines_AreSkippedWithoutAReply()
    {
        using var h = Open();
        h.SendLine("");
        h.SendLine("   ");
        h.SendLine("\r");
        Assert.That(h.CallInt("getpid"), Is.EqualTo(h.Pid), "the next reply is the call's (Request checks its id)");
        h.Stop();
    }

    [Test]
    public void EndOfInput_WithoutStop_EndsTheHarnessWithStatusZero()
    {
        using var h = Open();
        Assert.That(h.CallInt("getpid"), Is.EqualTo(h.Pid));
        h.CloseInput();
        Assert.That(h.WaitExit(), Is.EqualTo(0));
    }
}
