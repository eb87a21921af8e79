using NUnit.Framework;
using OsConformance.Protocol;
using OsConformance.Suite.Infrastructure;
using OsConformance.Suite.Oracles;
using static OsConformance.Suite.Processes.ProcessKit;

namespace OsConformance.Suite.Credentials;

/// <summary>
/// Ids and credentials against the kernel's /proc view: the getters in the harness and in a child
/// that dropped its privileges; the setters (as root) in fork children that then block on a pipe
/// read, so the kernel can be asked while they live; setsid.
/// </summary>
public sealed class CredentialCases : ConformanceFixture
{
    private const string GetEgid = "Returns the effective group ID of the calling process.";
    private const string GetEuid = "Returns the effective user ID of the calling process.";
    private const string GetGid = "Returns the real group ID of the calling process.";
    private const string GetUid = "Returns the real user ID of the calling process.";
    private const string GetGroups = "Returns the supplementary group IDs of the calling process.";
    private const string SetGid = "Sets the effective group ID of the calling process.";
    private const string SetUid = "Sets the effective user ID of the calling process.";
    private const string SetGroups = "Sets the supplementary group IDs for the calling process.";
    private const string SetSid = "Create a new session if the calling process is not a process group leader.";

    private string Report => InCaseDir("child.jsonl");

    private static ForkStep[] Drop => [new("setgroups", JsValue.Array()), new("setgid", Nobody), new("setuid", Nobody)];

    private static string Groups(IEnumerable<int> g) => "[" + string.Join(", ", g.Order()) + "]";

    private static string GroupsOf(JsValue v) =>
        v is JsArray a && a.Items.All(i => i is JsNumber) ? Groups(a.Items.Select(i => (int)((JsNumber)i).Value)) : $"not an Array of Numbers: {v}";

    // ---- getters in the harness ----

    public static IEnumerable<TestCaseData> GetterTable() =>
    [
        CaseData.Of("getgid/matches-proc-status", "getgid", spec: GetGid, tags: "credentials,linux-only", args: "getgid"),
        CaseData.Of("getegid/matches-proc-status", "getegid", spec: GetEgid, tags: "credentials,linux-only", args: "getegid"),
        CaseData.Of("geteuid/matches-proc-status", "geteuid", spec: GetEuid, tags: "credentials,linux-only", args: "geteuid"),
        CaseData.Of("getgroups/matches-proc-status", "getgroups", spec: GetGroups, tags: "credentials,linux-only", args: "getgroups"),
    ];

    private static string Expected(KernelProcess k, string fn) => fn switch
    {
        "getuid" => k.Uid.ToString(),
        "geteuid" => k.Euid.ToString(),
        "getgid" => k.Gid.ToString(),
        "getegid" => k.Egid.ToString(),
        "getgroups" => Groups(k.Groups),
        _ => throw new ArgumentException(fn),
    };

    private static string Actual(JsValue v, string fn) => fn == "getgroups" ? GroupsOf(v) : v.ToString();

    [TestCaseSource(nameof(GetterTable))]
    public void GetterMatchesTheKernel(string fn)
    {
        using var h = StartHarness();
        var value = Verdict.Returns(h.Call(fn), fn + "()");
        Verdict.Equal(Expected(ProcOracle.Get(h.Pid), fn), Actual(value, fn), fn + "() vs /proc status");
    }

    // ---- getters in an unprivileged child: its own answers vs the kernel's ----

    public static IEnumerable<TestCaseData> DroppedGetterTable() =>
        new (string Fn, string Spec)[] { ("getuid", GetUid), ("geteuid", GetEuid), ("getgid", GetGid), ("getegid", GetEgid), ("getgroups", GetGroups) }
        .Select(p => CaseData.Of($"{p.Fn}/dropped-child/matches-proc-status", p.Fn, spec: p.Spec, tags: "credentials,needs-root,linux-only", args: p.Fn));

    [TestCaseSource(nameof(DroppedGetterTable))]
    public void GetterInADroppedChild(string fn)
    {
        using var h = StartHarness("pipe", "close", "read", "setgroups", "setgid", "setuid");
        int pid = ForkBlocked(h, Report, Pipe(h), [.. Drop, new ForkStep(fn)]);
        var k = ProcOracle.Get(pid);
        Verdict.That(k.Uid == Nobody && k.Gid == Nobody, "the child after dropping privileges (kernel)", $"uid and gid {Nobody}", $"uid {k.Uid}, gid {k.Gid}; {Describe(pid, Report)}");
        var value = Verdict.Returns(Steps(Report)[3], fn + "() in the child");
        Verdict.Equal(Expected(k, fn), Actual(value, fn), fn + "() in the child vs /proc status");
    }

    // ---- setters as root, in a fork child ----

    public static IEnumerable<TestCaseData> SetterTable() =>
    [
        CaseData.Of("setuid/root-child/sets-euid", "setuid", spec: SetUid, tags: "credentials,needs-root,linux-only", args: "setuid-euid"),
        CaseData.Of("setuid/root-child/getuid-agrees", "setuid", spec: SetUid, tags: "credentials,needs-root,linux-only", args: "setuid-getuid"),
        CaseData.Of("setgid/root-child/sets-egid", "setgid", spec: SetGid, tags: "credentials,needs-root,linux-only", args: "setgid-egid"),
        CaseData.Of("setgid/root-child/getegid-agrees", "setgid", spec: SetGid, tags: "credentials,needs-root,linux-only", args: "setgid-getegid"),
        CaseData.Of("setgid/root-child/groups-untouched", "setgid", spec: SetGid, tags: "credentials,needs-root,linux-only", args: "setgid-groups"),
        CaseData.Of("setgroups/root-child/sets-list", "setgroups", spec: SetGroups, tags: "credentials,needs-root,linux-only", args: "setgroups-list"),
        CaseData.Of("setgroups/root-child/getgroups-agrees", "setgroups", spec: SetGroups, tags: "credentials,needs-root,linux-only", args: "setgroups-getgroups"),
        CaseData.Of("setgroups/root-child/empty-array-clears", "setgroups", spec: SetGroups, tags: "credentials,needs-root,linux-only", args: "setgroups-empty"),
        CaseData.Of("setgroups/root-child/null-clears", "setgroups", decision: "docs/decisions.md#setgroups-null", tags: "credentials,needs-root,linux-only", args: "setgroups-null"),
        CaseData.Of("setgroups/root-child/undefined-clears", "setgroups", decision: "docs/decisions.md#setgroups-null", tags: "credentials,needs-root,linux-only", args: "setgroups-undefined"),
        CaseData.Of("setgroups/root-child/ids-untouched", "setgroups", spec: SetGroups, tags: "credentials,needs-root,linux-only", args: "setgroups-ids"),
    ];

    [TestCaseSource(nameof(SetterTable))]
    public void SetterAsRoot(string kind)
    {
        using var h = StartHarness("pipe", "close", "read", "getuid", "getegid", "getgroups");
        var pipe = Pipe(h);
        // A first, non-empty list, so that clearing it is visible.
        ForkStep seed = new("setgroups", JsValue.Array(4242, 4243));
        switch (kind)
        {
            case "setuid-euid":
            {
                int pid = ForkBlocked(h, Report, pipe, new ForkStep("setuid", Nobody));
                Verdict.Returns(Steps(Report)[0], "setuid(65534)");
                Verdict.Equal(Nobody, ProcOracle.Get(pid).Euid, "the child's effective uid (kernel)");
                break;
            }
            case "setuid-getuid":
            {
                int pid = ForkBlocked(h, Report, pipe, new ForkStep("setuid", Nobody), new ForkStep("getuid"));
                var k = ProcOracle.Get(pid);
                Verdict.Equal<JsValue?>(k.Uid, Verdict.Returns(Steps(Report)[1], "getuid() after setuid"), "getuid() after setuid(65534) vs kernel");
                break;
            }
            case "setgid-egid":
            {
                int pid = ForkBlocked(h, Report, pipe, new ForkStep("setgid", Nobody));
                Verdict.Returns(Steps(Report)[0], "setgid(65534)");
                Verdict.Equal(Nobody, ProcOracle.Get(pid).Egid, "the child's effective gid (kernel)");
                break;
            }
            case "setgid-getegid":
            {
                int pid = ForkBlocked(h, Report, pipe, new ForkStep("setgid", Nobody), new ForkStep("getegid"));
                var k = ProcOracle.Get(pid);
                Verdict.Equal<JsValue?>(k.Egid, Verdict.Returns(Steps(Report)[1], "getegid() after setgid"), "getegid() after setgid(65534) vs kernel");
                break;
            }
            case "setgid-groups":
            {
                int pid = ForkBlocked(h, Report, pipe, seed, new ForkStep("setgid", Nobody));
                Verdict.Returns(Steps(Report)[1], "setgid(65534)");
                Verdict.Equal("[4242, 4243]", Groups(ProcOracle.Get(pid).Groups), "supplementary groups after setgid (kernel)");
                break;
            }
            case "setgroups-list":
            {
                int pid = ForkBlocked(h, Report, pipe, new ForkStep("setgroups", JsValue.Array(Nobody, 100, 7)));
                Verdict.Returns(Steps(Report)[0], "setgroups([65534, 100, 7])");
                Verdict.Equal(Groups([7, 100, Nobody]), Groups(ProcOracle.Get(pid).Groups), "the child's supplementary groups (kernel)");
                break;
            }
            case "setgroups-getgroups":
            {
                int pid = ForkBlocked(h, Report, pipe, new ForkStep("setgroups", JsValue.Array(Nobody, 100, 7)), new ForkStep("getgroups"));
                var k = ProcOracle.Get(pid);
                Verdict.Equal(Groups(k.Groups), GroupsOf(Verdict.Returns(Steps(Report)[1], "getgroups()")), "getgroups() after setgroups vs kernel");
                break;
            }
            case "setgroups-empty" or "setgroups-null" or "setgroups-undefined":
            {
                JsValue arg = kind switch { "setgroups-empty" => JsValue.Array(), "setgroups-null" => JsValue.Null, _ => JsValue.Undefined };
                int pid = ForkBlocked(h, Report, pipe, seed, new ForkStep("setgroups", arg));
                Verdict.Returns(Steps(Report)[0], "setgroups([4242, 4243])");
                Verdict.Returns(Steps(Report)[1], $"setgroups({arg})");
                Verdict.Equal("[]", Groups(ProcOracle.Get(pid).Groups), $"supplementary groups after setgroups({arg}) (kernel)");
                break;
            }
            case "setgroups-ids":
            {
                var before = ProcOracle.Get(h.Pid);
                int pid = ForkBlocked(h, Report, pipe, new ForkStep("setgroups", JsValue.Array(4242)));
                var k = ProcOracle.Get(pid);
                Verdict.That(k.Uid == before.Uid && k.Euid == before.Euid && k.Gid == before.Gid && k.Egid == before.Egid,
                    "uids and gids after setgroups (kernel)", $"unchanged: {before.Uid}/{before.Euid}/{before.Gid}/{before.Egid}",
                    $"{k.Uid}/{k.Euid}/{k.Gid}/{k.Egid}");
                break;
            }
            default:
                throw new ArgumentException(kind);
        }
    }

    // ---- EPERM once unprivileged ----

    public static IEnumerable<TestCaseData> EpermTable() =>
    [
        CaseData.Of("setuid/unprivileged/to-root-eperm", "setuid", spec: SetUid, tags: "credentials,needs-root,linux-only", args: [new ForkStep("setuid", 0), "uid"]),
        CaseData.Of("setgid/unprivileged/to-root-eperm", "setgid", spec: SetGid, tags: "credentials,needs-root,linux-only", args: [new ForkStep("setgid", 0), "gid"]),
        CaseData.Of("setgroups/unprivileged/eperm", "setgroups", spec: SetGroups, tags: "credentials,needs-root,linux-only", args: [new ForkStep("setgroups", JsValue.Array(0)), "groups"]),
        CaseData.Of("setgroups/unprivileged/empty-eperm", "setgroups", spec: SetGroups, tags: "credentials,needs-root,linux-only", args: [new ForkStep("setgroups", JsValue.Array()), "groups"]),
    ];

    [TestCaseSource(nameof(EpermTable))]
    public void UnprivilegedIsEperm(ForkStep attempt, string what)
    {
        using var h = StartHarness("pipe", "close", "read", "setgroups", "setgid", "setuid");
        int pid = ForkBlocked(h, Report, Pipe(h), [.. Drop, attempt]);
        var steps = Steps(Report);
        var k = ProcOracle.Get(pid);
        Verdict.That(k.Uid == Nobody && k.Euid == Nobody, "the child after dropping privileges (kernel)", $"uid {Nobody}", $"uid {k.Uid}, euid {k.Euid}");
        Verdict.Throws(steps[3], "EPERM", $"{attempt.Fn}({string.Join(", ", attempt.Args.Select(a => a.ToString()))}) unprivileged");
        // And nothing changed.
        string now = what switch { "uid" => $"{k.Uid}/{k.Euid}", "gid" => $"{k.Gid}/{k.Egid}", _ => Groups(k.Groups) };
        string expected = what switch { "uid" or "gid" => $"{Nobody}/{Nobody}", _ => "[]" };
        Verdict.Equal(expected, now, $"the child's {what} after the refused call (kernel)");
    }

    // ---- setsid ----

    [Test, Case("setsid/child/new-session-is-pid", "setsid", Spec = SetSid, Tags = "credentials,linux-only")]
    public void SetsidInAChildMakesASession()
    {
        using var h = StartHarness("pipe", "close", "read");
        var pipe = Pipe(h);
        int pid = ForkBlocked(h, Report, pipe, new ForkStep("setsid"));
        var k = ProcOracle.Get(pid);
        Release(h, pipe);
        Verdict.That(k.Sid == pid && k.Pgid == pid, "the child's session and process group after setsid (kernel)",
            $"sid {pid}, pgid {pid}", $"sid {k.Sid}, pgid {k.Pgid}");
    }

    [Test, Case("setsid/child/returns-session-id", "setsid", Decision = "docs/decisions.md#setsid-return", Tags = "credentials,linux-only")]
    public void SetsidReturnsTheSessionId()
    {
        using var h = StartHarness("pipe", "close", "read");
        var pipe = Pipe(h);
        int pid = ForkBlocked(h, Report, pipe, new ForkStep("setsid"));
        var k = ProcOracle.Get(pid);
        Release(h, pipe);
        Verdict.Equal<JsValue?>(k.Sid, Verdict.Returns(Steps(Report)[0], "setsid() in the child"), "setsid()'s value vs the kernel's session id");
    }

    [Test, Case("setsid/group-leader/eperm", "setsid", Spec = SetSid, Tags = "credentials")]
    public void SetsidInAGroupLeaderIsEperm()
    {
        using var h = StartHarness();
        // The runner spawns every harness as the leader of its own process group.
        RequireGroupLeader(h);
        if (ProcOracle.Available)
            Verdict.Equal(h.Pid, ProcOracle.Get(h.Pid).Pgid, "the harness's process group (kernel)");
        Verdict.Throws(h.Call("setsid"), "EPERM", "setsid() in a process group leader");
        if (ProcOracle.Available)
            Verdict.Equal(ProcOracle.Get(Environment.ProcessId).Sid, ProcOracle.Get(h.Pid).Sid, "the harness's session after the refused setsid (kernel)");
    }
}
