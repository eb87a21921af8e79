using NUnit.Framework;
using OsConformance.Protocol;
using OsConformance.Suite.Infrastructure;
using OsConformance.Suite.Oracles;

namespace OsConformance.Suite.Stat;

/// <summary>
/// S_IS* and S_IMODE on the modes of real files of every type and on synthetic modes built from the
/// platform's own S_IF* values (the header oracle).
/// </summary>
public sealed class ModeCases : ConformanceFixture
{
    private static readonly (string Fn, string Type, string Spec)[] Predicates =
    [
        ("S_ISDIR", "S_IFDIR", "Returns true if the mode of the file indicates it’s a directory."),
        ("S_ISCHR", "S_IFCHR", "Returns true if the mode of the file indicates it’s a character device."),
        ("S_ISBLK", "S_IFBLK", "Returns true if the mode of the file indicates it’s a block device."),
        ("S_ISREG", "S_IFREG", "Returns true if the mode of the file indicates it’s a regular file."),
        ("S_ISFIFO", "S_IFIFO", "Returns true if the mode of the file indicates it’s a FIFO."),
        ("S_ISLNK", "S_IFLNK", "Returns true if the mode of the file indicates it’s a symbolic link."),
        ("S_ISSOCK", "S_IFSOCK", "Returns true if the mode of the file indicates it’s a socket."),
    ];

    private const string Imode = "Returns the permissions bits out of the mode field obtained with os.stat().";

    // C# has no octal literals.
    private static IEnumerable<int> Octal(params string[] values) => values.Select(v => Convert.ToInt32(v, 8));

    private static int HeaderValue(string name)
    {
        if (!ConstantOracle.Available)
            Verdict.Unsupported($"no header oracle: {NativeOracle.UnavailableReason}");
        return ConstantOracle.Values[name];
    }

    private static bool CallBool(HarnessProcess h, string fn, int mode)
    {
        var value = Verdict.Returns(h.Call(fn, mode), $"{fn}(0{Convert.ToString(mode, 8)})");
        Verdict.That(value is JsBool, $"{fn}(0{Convert.ToString(mode, 8)})", "a Boolean", value.ToString());
        return ((JsBool)value).Value;
    }

    public static IEnumerable<TestCaseData> RealFiles() =>
        from p in Predicates
        from kind in FileKinds.All
        select CaseData.Of($"mode/{p.Fn}/real/{kind}", p.Fn, spec: p.Spec, tags: "mode", args: [p.Fn, p.Type, kind]);

    /// <summary>The mode os.stat gives for a real file, judged by the predicate, against the kernel's file type.</summary>
    [TestCaseSource(nameof(RealFiles))]
    public void PredicateOnARealFile(string fn, string type, string kind)
    {
        int typeBits = HeaderValue(type);
        string path = FileKinds.Make(kind, CaseDir, out var keepAlive);
        using (keepAlive)
        {
            using var h = StartHarness("stat");
            var stat = Verdict.Returns(h.Call("stat", path), $"stat({kind})");
            Verdict.That(stat is JsObject o && o.Props.GetValueOrDefault("mode") is JsNumber, $"stat({kind}).mode", "a Number", stat.ToString());
            int mode = (int)((JsNumber)((JsObject)stat).Props["mode"]).Value;
            bool expected = ((int)StatOracle.Stat(path).Mode & 0xF000) == typeBits;
            Verdict.Equal(expected, CallBool(h, fn, mode), $"{fn}(stat({kind}).mode)");
        }
    }

    public static IEnumerable<TestCaseData> Synthetic() =>
        from p in Predicates
        from t in Predicates
        from perm in Octal("0", "644", "7777")
        select CaseData.Of($"mode/{p.Fn}/synthetic/{t.Type}/perm-{Convert.ToString(perm, 8)}", p.Fn, spec: p.Spec, tags: "mode,pure",
            args: [p.Fn, p.Type, t.Type, perm]);

    [TestCaseSource(nameof(Synthetic))]
    public void PredicateOnASyntheticMode(string fn, string ownType, string modeType, int perm)
    {
        int mode = HeaderValue(modeType) | perm;
        bool expected = HeaderValue(ownType) == HeaderValue(modeType);
        var h = StartHarness(); // pooled: the fixture returns it
        Verdict.Equal(expected, CallBool(h, fn, mode), $"{fn}({modeType}|0{Convert.ToString(perm, 8)})");
    }

    public static IEnumerable<TestCaseData> ImodeSynthetic() =>
        from type in new[] { "S_IFREG", "S_IFDIR", "S_IFLNK", "S_IFSOCK" }
        from perm in Octal("0", "644", "755", "4755", "2755", "1777", "7777")
        select CaseData.Of($"mode/S_IMODE/synthetic/{type}/perm-{Convert.ToString(perm, 8)}", "S_IMODE", spec: Imode, tags: "mode,pure", args: [type, perm]);

    [TestCaseSource(nameof(ImodeSynthetic))]
    public void ImodeKeepsThePermissionBits(string type, int perm)
    {
        int mode = HeaderValue(type) | perm;
        var h = StartHarness(); // pooled: the fixture returns it
        var value = Verdict.Returns(h.Call("S_IMODE", mode), $"S_IMODE(0{Convert.ToString(mode, 8)})");
        Verdict.Equal<JsValue>(perm, value, $"S_IMODE({type}|0{Convert.ToString(perm, 8)})");
    }

    public static IEnumerable<TestCaseData> ImodeReal() =>
        from kind in new[] { "regular", "directory", "fifo", "socket", "char-device" }
        select CaseData.Of($"mode/S_IMODE/real/{kind}", "S_IMODE", spec: Imode, tags: "mode", args: kind);

    [TestCaseSource(nameof(ImodeReal))]
    public void ImodeOfAStatMode(string kind)
    {
        string path = FileKinds.Make(kind, CaseDir, out var keepAlive);
        using (keepAlive)
        {
            if (kind is "regular" or "directory")
                File.SetUnixFileMode(path, (UnixFileMode)Convert.ToInt32("2751", 8));
            using var h = StartHarness("stat");
            var stat = Verdict.Returns(h.Call("stat", path), $"stat({kind})");
            int mode = (int)((JsNumber)((JsObject)stat).Props["mode"]).Value;
            var value = Verdict.Returns(h.Call("S_IMODE", mode), "S_IMODE(stat().mode)");
            Verdict.Equal<JsValue>((int)(StatOracle.Stat(path).Mode & 0xFFF), value, $"S_IMODE(stat({kind}).mode)");
        }
    }
}
