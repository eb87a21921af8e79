using NUnit.Framework;
using OsConformance.Protocol;
using OsConformance.Suite.Infrastructure;
using OsConformance.Suite.Oracles;

namespace OsConformance.Suite.Stat;

/// <summary>os.stat: every field on every kind of file against statx/stat, and the Date fields to the millisecond.</summary>
public sealed class StatCases : ConformanceFixture
{
    private const string Obtain = "Obtain information about the file pointed to by path.";
    private const string Properties = "Returns an object with the following properties:";
    private const string Dates = "The atime, mtime, ctime and birthtime fields are of type Date.";
    private const string Times = "docs/decisions.md#stat-times";

    private static readonly string[] NumberFields = ["dev", "mode", "nlink", "uid", "gid", "rdev", "ino", "size", "blksize", "blocks"];
    private static readonly string[] DateFields = ["atime", "mtime", "ctime", "birthtime"];

    /// <summary>Runs os.stat on a fresh file of the kind; returns the Object's properties and the oracle's view.</summary>
    private (IReadOnlyDictionary<string, JsValue> Props, KernelStat Kernel) StatOf(string kind)
    {
        string path = FileKinds.Make(kind, CaseDir, out var keepAlive);
        using (keepAlive)
        {
            using var h = StartHarness();
            var value = Verdict.Returns(h.Call("stat", path), $"stat({kind})");
            Verdict.That(value is JsObject, $"stat({kind})", "an Object", value.ToString());
            return (((JsObject)value).Props, StatOracle.Stat(path));
        }
    }

    private static double Number(IReadOnlyDictionary<string, JsValue> props, string field)
    {
        Verdict.That(props.TryGetValue(field, out var v) && v is JsNumber, $"stat().{field}", "a Number",
            props.TryGetValue(field, out var got) ? got.ToString() : "missing");
        return ((JsNumber)props[field]).Value;
    }

    private static double DateMs(IReadOnlyDictionary<string, JsValue> props, string field)
    {
        Verdict.That(props.TryGetValue(field, out var v) && v is JsDate { Ms: not null }, $"stat().{field}", "a valid Date",
            props.TryGetValue(field, out var got) ? got.ToString() : "missing");
        return ((JsDate)props[field]).Ms!.Value;
    }

    private static ulong OracleField(KernelStat k, string field) => field switch
    {
        "dev" => k.Dev,
        "mode" => k.Mode,
        "nlink" => k.Nlink,
        "uid" => k.Uid,
        "gid" => k.Gid,
        "rdev" => k.Rdev,
        "ino" => k.Ino,
        "size" => (ulong)k.Size,
        "blksize" => (ulong)k.Blksize,
        "blocks" => (ulong)k.Blocks,
        _ => throw new ArgumentException(field, nameof(field)),
    };

    public static IEnumerable<TestCaseData> FieldsByKind() =>
        from kind in FileKinds.All
        from field in NumberFields
        select CaseData.Of($"stat/fields/{kind}/{field}", "stat", spec: field, tags: "stat", args: [kind, field]);

    [TestCaseSource(nameof(FieldsByKind))]
    public void FieldMatchesTheKernel(string kind, string field)
    {
        var (props, kernel) = StatOf(kind);
        double actual = Number(props, field);
        Verdict.Equal((double)OracleField(kernel, field), actual, $"stat({kind}).{field}");
    }

    public static IEnumerable<TestCaseData> DatesByKind() =>
        from kind in new[] { "regular", "directory", "fifo", "symlink-to-regular" }
        from field in DateFields
        select CaseData.Of($"stat/dates/{kind}/{field}/is-date", "stat", spec: Dates, tags: "stat", args: [kind, field]);

    [TestCaseSource(nameof(DatesByKind))]
    public void TimeFieldIsADate(string kind, string field)
    {
        var (props, _) = StatOf(kind);
        DateMs(props, field);
    }

    public static IEnumerable<TestCaseData> TimesToTheMillisecond() =>
        from kind in new[] { "regular", "directory", "fifo" }
        from field in new[] { "atime", "mtime", "ctime" }
        select CaseData.Of($"stat/dates/{kind}/{field}/equals-kernel-ms", "stat", decision: Times, tags: "stat", args: [kind, field]);

    [TestCaseSource(nameof(TimesToTheMillisecond))]
    public void TimeEqualsTheKernelsToTheMillisecond(string kind, string field)
    {
        var (props, kernel) = StatOf(kind);
        var k = field switch { "atime" => kernel.Atime, "mtime" => kernel.Mtime, _ => kernel.Ctime };
        Verdict.Equal((double)k.Milliseconds, DateMs(props, field), $"stat({kind}).{field} (kernel {k})");
    }

    public static IEnumerable<TestCaseData> SetFractions() =>
        from field in new[] { "atime", "mtime" }
        from ticks in new[] { 1234567L, 9990000L, 10000L }
        select CaseData.Of($"stat/dates/set-{field}/{ticks / 10}us/keeps-ms", "stat", decision: Times, tags: "stat", args: [field, ticks]);

    /// <summary>Times the runner set with a millisecond fraction come back with it, not rounded to seconds.</summary>
    [TestCaseSource(nameof(SetFractions))]
    public void ASetTimeKeepsItsMilliseconds(string field, long extraTicks)
    {
        string path = InCaseDir("timed");
        File.WriteAllText(path, "x");
        var when = new DateTime(2022, 5, 6, 7, 8, 9, DateTimeKind.Utc).AddTicks(extraTicks);
        if (field == "atime")
            File.SetLastAccessTimeUtc(path, when);
        else
            File.SetLastWriteTimeUtc(path, when);
        using var h = StartHarness();
        var value = Verdict.Returns(h.Call("stat", path), "stat(path)");
        var props = ((JsObject)value).Props;
        var kernel = StatOracle.Stat(path);
        var k = field == "atime" ? kernel.Atime : kernel.Mtime;
        Verdict.Equal((double)k.Milliseconds, DateMs(props, field), $"stat().{field} after setting {when:O}");
    }

    [Test, Case("stat/dates/birthtime/recorded-birth", "stat", Spec = "birthtime", Tags = "stat")]
    public void BirthtimeIsTheRecordedBirth()
    {
        string path = InCaseDir("born");
        File.WriteAllText(path, "x");
        var before = StatOracle.Stat(path);
        if (before.Birthtime is null)
            Verdict.Unsupported("this filesystem records no birth time");
        // Birth, mtime and ctime all differ: a later write moves mtime on, a later chmod ctime (a birthtime
        // that reports either would otherwise match, as a file written at its creation has mtime = birth).
        ProcOracle.WaitUntil(() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() > before.Birthtime!.Value.Milliseconds + 20, TimeSpan.FromSeconds(1));
        File.AppendAllText(path, "y");
        ProcOracle.WaitUntil(() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() > StatOracle.Stat(path).Mtime.Milliseconds + 20, TimeSpan.FromSeconds(1));
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var kernel = StatOracle.Stat(path);
        Verdict.That(kernel.Birthtime!.Value.Milliseconds < kernel.Mtime.Milliseconds && kernel.Mtime.Milliseconds < kernel.Ctime.Milliseconds,
            "the oracle's times", "birth < mtime < ctime", $"birth {kernel.Birthtime}, mtime {kernel.Mtime}, ctime {kernel.Ctime}");
        using var h = StartHarness();
        var props = ((JsObject)Verdict.Returns(h.Call("stat", path), "stat(path)")).Props;
        Verdict.Equal((double)kernel.Birthtime!.Value.Milliseconds, DateMs(props, "birthtime"), $"stat().birthtime (kernel birth {kernel.Birthtime}, mtime {kernel.Mtime}, ctime {kernel.Ctime})");
    }

    [Test, Case("stat/dates/birthtime/fallback-is-ctime", "stat", Decision = "docs/decisions.md#birthtime-fallback", Tags = "stat")]
    public void WithoutABirthTimeItIsTheCtime()
    {
        // /proc files record no birth time on Linux; elsewhere look for any file without one.
        string path = "/proc/self/stat";
        if (!File.Exists(path) || StatOracle.Stat(path).Birthtime is not null)
            Verdict.Unsupported("no file without a recorded birth time found");
        using var h = StartHarness();
        var props = ((JsObject)Verdict.Returns(h.Call("stat", "/proc/self/stat"), "stat(/proc/self/stat)")).Props;
        var kernel = StatOracle.Stat($"/proc/{h.Pid}/stat");
        Verdict.Equal((double)kernel.Ctime.Milliseconds, DateMs(props, "birthtime"), "birthtime vs the kernel's ctime");
    }

    [Test, Case("stat/result/has-every-property", "stat", Spec = Properties, Tags = "stat")]
    public void TheObjectHasEveryProperty()
    {
        var (props, _) = StatOf("regular");
        var expected = NumberFields.Concat(["flags", "gen"]).Concat(DateFields).ToList();
        var missing = expected.Where(f => !props.ContainsKey(f)).ToList();
        Verdict.That(missing.Count == 0, "stat() properties", string.Join(",", expected), "missing " + string.Join(",", missing));
    }

    public static IEnumerable<TestCaseData> FlagsAndGen() =>
        new[] { "flags", "gen" }.Select(f =>
            CaseData.Of($"stat/fields/regular/{f}", "stat", decision: "docs/decisions.md#stat-flags-gen", tags: "stat", args: f));

    [TestCaseSource(nameof(FlagsAndGen))]
    public void FlagsAndGenFollowTheDecision(string field)
    {
        var (props, kernel) = StatOf("regular");
        double expected = OperatingSystem.IsMacOS() ? (field == "flags" ? kernel.Flags : kernel.Gen) : 0;
        Verdict.Equal(expected, Number(props, field), $"stat().{field}");
    }

    [Test, Case("stat/path/follows-symlink", "stat", Spec = Obtain, Tags = "stat")]
    public void StatFollowsASymlink()
    {
        var (props, _) = StatOf("symlink-to-regular");
        var target = StatOracle.Stat(InCaseDir("link-target"));
        Verdict.Equal((double)target.Ino, Number(props, "ino"), "stat(link).ino vs the target's");
        Verdict.Equal((double)target.Size, Number(props, "size"), "stat(link).size vs the target's");
    }

    [Test, Case("stat/path/relative", "stat", Spec = Obtain, Tags = "stat")]
    public void ARelativePathIsFromTheCwd()
    {
        File.WriteAllText(InCaseDir("rel"), "12345");
        using var h = StartHarness();
        var props = ((JsObject)Verdict.Returns(h.Call("stat", "rel"), "stat('rel')")).Props;
        Verdict.Equal(5.0, Number(props, "size"), "stat('rel').size");
    }

    [Test, Case("stat/size/grows-with-content", "stat", Spec = "size", Tags = "stat")]
    public void SizeFollowsContent()
    {
        string path = InCaseDir("grow");
        File.WriteAllBytes(path, new byte[100_000]);
        using var h = StartHarness();
        var props = ((JsObject)Verdict.Returns(h.Call("stat", path), "stat(path)")).Props;
        Verdict.Equal(100_000.0, Number(props, "size"), "stat().size");
    }

    public static IEnumerable<TestCaseData> Errors() =>
    [
        CaseData.Of("stat/errors/missing/enoent", "stat", spec: Obtain, tags: "stat", args: ["missing", "ENOENT"]),
        CaseData.Of("stat/errors/through-file/enotdir", "stat", spec: Obtain, tags: "stat", args: ["through-file", "ENOTDIR"]),
        CaseData.Of("stat/errors/symlink-loop/eloop", "stat", spec: Obtain, tags: "stat", args: ["loop", "ELOOP"]),
        CaseData.Of("stat/errors/dangling-symlink/enoent", "stat", spec: Obtain, tags: "stat", args: ["dangling", "ENOENT"]),
        CaseData.Of("stat/errors/empty-path/enoent", "stat", spec: Obtain, tags: "stat", args: ["empty", "ENOENT"]),
    ];

    [TestCaseSource(nameof(Errors))]
    public void ErrorsCarryTheErrnoName(string situation, string errno)
    {
        string path = situation switch
        {
            "missing" => InCaseDir("nope"),
            "through-file" => MakeFile("file") + "/x",
            "loop" => MakeLoop(),
            "dangling" => MakeDangling(),
            _ => "",
        };
        using var h = StartHarness();
        Verdict.Throws(h.Call("stat", path), errno, $"stat({situation})");
    }

    private string MakeFile(string name)
    {
        File.WriteAllText(InCaseDir(name), "x");
        return InCaseDir(name);
    }

    private string MakeLoop()
    {
        File.CreateSymbolicLink(InCaseDir("a"), InCaseDir("b"));
        File.CreateSymbolicLink(InCaseDir("b"), InCaseDir("a"));
        return InCaseDir("a");
    }

    private string MakeDangling()
    {
        File.CreateSymbolicLink(InCaseDir("dangling"), InCaseDir("nowhere"));
        return InCaseDir("dangling");
    }

    [Test, Case("stat/errors/no-search-permission/eacces", "stat", Spec = Obtain, Tags = "stat")]
    public void NoSearchPermissionIsEacces()
    {
        if (Posix.IsRoot)
            Verdict.Unsupported("root bypasses directory permissions");
        string dir = InCaseDir("locked");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "f"), "x");
        File.SetUnixFileMode(dir, UnixFileMode.UserRead);
        using var h = StartHarness();
        Verdict.Throws(h.Call("stat", Path.Combine(dir, "f")), "EACCES", "stat(locked/f)");
    }
}

/// <summary>Each documented property of the stat Object, by name, with its type.</summary>
public sealed class StatPropertyCases : ConformanceFixture
{
    private static readonly string[] Numbers = ["dev", "mode", "nlink", "uid", "gid", "rdev", "ino", "size", "blksize", "blocks", "flags", "gen"];
    private static readonly string[] Dates = ["atime", "mtime", "ctime", "birthtime"];

    public static IEnumerable<TestCaseData> Properties() =>
        Numbers.Concat(Dates).Select(p =>
            CaseData.Of($"stat/properties/{p}/present", "stat", spec: p, tags: "stat", args: p));

    [TestCaseSource(nameof(Properties))]
    public void ThePropertyIsThere(string property)
    {
        File.WriteAllText(InCaseDir("f"), "x");
        using var h = StartHarness();
        var value = Verdict.Returns(h.Call("stat", InCaseDir("f")), "stat(file)");
        Verdict.That(value is JsObject, "stat(file)", "an Object", value.ToString());
        var props = ((JsObject)value).Props;
        bool date = Dates.Contains(property);
        Verdict.That(props.TryGetValue(property, out var v) && (date ? v is JsDate : v is JsNumber),
            $"stat(file).{property}", date ? "a Date" : "a Number", props.TryGetValue(property, out var got) ? got.ToString() : "missing");
    }
}
