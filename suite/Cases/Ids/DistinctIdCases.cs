using NUnit.Framework;
using OsConformance.Protocol;
using OsConformance.Suite.Infrastructure;
using OsConformance.Suite.Oracles;

namespace OsConformance.Suite.Ids;

/// <summary>
/// The id getters in a harness whose real uid, effective uid, real gid, effective gid and groups all
/// differ (setpriv, as root). Run as root or as nobody the real and effective ids are equal, so a getter
/// that returns the wrong one would pass; here each is judged against /proc/PID/status.
/// </summary>
public sealed class DistinctIdCases : ConformanceFixture
{
    private const int Ruid = 1234, Rgid = 2345, Egid = 3456;
    private static readonly int[] Groups = [4567, 5678];

    // The effective uid stays 0, so the harness still reads its case directory.
    private static readonly string[] Wrapper =
        ["setpriv", $"--ruid={Ruid}", "--euid=0", $"--rgid={Rgid}", $"--egid={Egid}", "--groups=" + string.Join(',', Groups), "--"];

    public static IEnumerable<TestCaseData> Getters() =>
    [
        CaseData.Of("getuid/distinct-ids/real-uid", "getuid", spec: "Returns the real user ID of the calling process.", tags: "ids,needs-root,linux-only", args: "getuid"),
        CaseData.Of("geteuid/distinct-ids/effective-uid", "geteuid", spec: "Returns the effective user ID of the calling process.", tags: "ids,needs-root,linux-only", args: "geteuid"),
        CaseData.Of("getgid/distinct-ids/real-gid", "getgid", spec: "Returns the real group ID of the calling process.", tags: "ids,needs-root,linux-only", args: "getgid"),
        CaseData.Of("getegid/distinct-ids/effective-gid", "getegid", spec: "Returns the effective group ID of the calling process.", tags: "ids,needs-root,linux-only", args: "getegid"),
        CaseData.Of("getgroups/distinct-ids/supplementary", "getgroups", spec: "Returns the supplementary group IDs of the calling process.", tags: "ids,needs-root,linux-only", args: "getgroups"),
    ];

    private static string Sorted(IEnumerable<int> groups) => "[" + string.Join(", ", groups.Order()) + "]";

    // 40 groups: past a 16- or 32-entry buffer (NGROUPS of old BSDs, a fixed array in a binding).
    private static readonly int[] Many = Enumerable.Range(6000, 40).ToArray();

    [Test, Case("getgroups/many-groups/all-40", "getgroups", Spec = "Returns the supplementary group IDs of the calling process.", Tags = "ids,needs-root,linux-only")]
    public void ManyGroups()
    {
        if (!File.Exists("/usr/bin/setpriv") && !File.Exists("/bin/setpriv"))
            Verdict.Unsupported("setpriv (util-linux) is not installed");
        using var h = StartHarnessUnder(["setpriv", "--groups=" + string.Join(',', Many), "--"]);
        var k = ProcOracle.Get(h.Pid);
        if (k.Groups.Count != Many.Length)
            throw new InvalidOperationException($"setup: the harness has {k.Groups.Count} groups, not {Many.Length} ({k})");
        var value = Verdict.Returns(h.Call("getgroups"), "getgroups()");
        string actual = value is JsArray a && a.Items.All(i => i is JsNumber) ? Sorted(a.Items.Select(i => (int)((JsNumber)i).Value)) : $"not an Array of Numbers: {value}";
        Verdict.Equal(Sorted(k.Groups), actual, $"getgroups() of a harness with {k.Groups.Count} supplementary groups (/proc/PID/status)");
    }

    [TestCaseSource(nameof(Getters))]
    public void GetterAmongDistinctIds(string fn)
    {
        if (!File.Exists("/usr/bin/setpriv") && !File.Exists("/bin/setpriv"))
            Verdict.Unsupported("setpriv (util-linux) is not installed");
        using var h = StartHarnessUnder(Wrapper);
        var k = ProcOracle.Get(h.Pid);
        if (k.Uid == k.Euid || k.Gid == k.Egid || k.Groups.Contains(k.Egid))
            throw new InvalidOperationException($"setup: the ids do not all differ ({k})");
        var value = Verdict.Returns(h.Call(fn), $"{fn}()");
        string expected = fn switch
        {
            "getuid" => k.Uid.ToString(),
            "geteuid" => k.Euid.ToString(),
            "getgid" => k.Gid.ToString(),
            "getegid" => k.Egid.ToString(),
            _ => Sorted(k.Groups),
        };
        // The order of the groups is not specified: compared as sorted lists.
        string actual = fn != "getgroups" ? value.ToString()
            : value is JsArray a && a.Items.All(i => i is JsNumber) ? Sorted(a.Items.Select(i => (int)((JsNumber)i).Value)) : $"not an Array of Numbers: {value}";
        Verdict.Equal(expected, actual, $"{fn}() with real uid {k.Uid}, effective uid {k.Euid}, real gid {k.Gid}, effective gid {k.Egid}, groups [{string.Join(", ", k.Groups)}]");
    }
}
