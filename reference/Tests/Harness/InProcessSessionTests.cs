using System.Text.Json.Nodes;
using Mono.Unix.Native;
using NUnit.Framework;
using static OsConformance.Reference.Tests.TestSupport;

namespace OsConformance.Reference.Tests.Harness;

/// <summary>
/// What only an in-process session can check: the parent's side of the fork op with a stand-in for
/// os.fork (the JIT test host must not fork), and calls on the test host's own children and ids.
/// </summary>
public sealed class InProcessSessionTests
{
    private static JsonObject ForkRequest(string report) => new()
    {
        ["op"] = "fork", ["report"] = report, ["exit"] = 3,
        ["steps"] = new JsonArray(HarnessSession.Step("getpid")),
    };

    [Test]
    public void Fork_ParentRepliesThePid_AndRunsNoStep()
    {
        int forks = 0;
        using var h = HarnessSession.Open(HarnessKind.InProcess, fork: () => { forks++; return 4242; });
        string report = Path.Combine(h.Dir, "r.jsonl");
        var reply = h.Request(ForkRequest(report));
        Assert.That(reply.ToJsonString(), Is.EqualTo($"{{\"id\":{reply["id"]},\"pid\":4242}}"));
        Assert.That(forks, Is.EqualTo(1));
        Assert.That(File.Exists(report), Is.False, "only the child (fork returned 0) opens the report");
        h.Stop();
    }

    [Test]
    public void Fork_Failing_IsThrownAsASystemError()
    {
        int eagain = Interop.Errno.Number("EAGAIN")!.Value;
        using var h = HarnessSession.Open(HarnessKind.InProcess, fork: () => throw new OsException(eagain, "fork"));
        var reply = h.Request(ForkRequest(Path.Combine(h.Dir, "r.jsonl")));
        var thrown = reply["thrown"]!;
        Assert.That(thrown["kind"]!.GetValue<string>(), Is.EqualTo("system"));
        Assert.That(thrown["errno"]!.GetValue<string>(), Is.EqualTo("EAGAIN"));
        Assert.That(thrown["code"]!.GetValue<int>(), Is.EqualTo(eagain));
        Assert.That(thrown["syscall"]!.GetValue<string>(), Is.EqualTo("fork"));
        Assert.That(reply.ContainsKey("pid"), Is.False);
        Assert.That(h.CallInt("getpid"), Is.EqualTo(h.Pid), "still usable");
        h.Stop();
    }

    [Test]
    [Platform("Linux")]
    public void Waitpid_OnAChildOfTheHarness_IsAnObjectOfPidAndStatus()
    {
        using var h = HarnessSession.Open(HarnessKind.InProcess);
        int pid = Spawn("/bin/sh", "-c", "exit 5");
        var (got, status) = h.WaitPid(pid);
        Assert.That(got, Is.EqualTo(pid));
        Assert.That(Syscall.WIFEXITED(status) && Syscall.WEXITSTATUS(status) == 5, Is.True, $"raw status {status}");

        // options omitted is 0: blocks until the child ends.
        int pid2 = Spawn("/bin/sh", "-c", "exit 6");
        var o = h.Call("waitpid", pid2)!["$object"]!;
        Assert.That(o["pid"]!.GetValue<int>(), Is.EqualTo(pid2));
        Assert.That(Syscall.WEXITSTATUS(o["status"]!.GetValue<int>()), Is.EqualTo(6));
        h.Stop();
    }

    [Test]
    [Platform("Linux")]
    public void AsRoot_SettingTheCurrentIdsAndGroups_ReturnsUndefined_AndChangesNothing()
    {
        if (Syscall.geteuid() != 0) Assert.Ignore("needs root: only a privileged process may call setgroups");
        string uids = StatusLine("Uid"), gids = StatusLine("Gid"), groups = StatusLine("Groups");
        Assume.That(uids.Split('\t').Distinct().Count(), Is.EqualTo(1), "real, effective and saved uid must already be equal");
        Assume.That(gids.Split('\t').Distinct().Count(), Is.EqualTo(1), "real, effective and saved gid must already be equal");
        using var h = HarnessSession.Open(HarnessKind.InProcess);
        var current = h.Call("getgroups")!.DeepClone();
        Assert.That(h.Call("setgroups", current)!["$undefined"]!.GetValue<bool>(), Is.True);
        Assert.That(h.Call("setgid", h.CallInt("getgid"))!["$undefined"]!.GetValue<bool>(), Is.True);
        Assert.That(h.Call("setuid", h.CallInt("getuid"))!["$undefined"]!.GetValue<bool>(), Is.True);
        int max = int.Parse(File.ReadAllText("/proc/sys/kernel/ngroups_max").Trim());
        var e = h.Throws("setgroups", new JsonArray(Enumerable.Range(0, max + 1).Select(_ => (JsonNode?)0).ToArray()));
        Assert.That(e["errno"]!.GetValue<string>(), Is.EqualTo("EINVAL"), "more groups than the kernel's ngroups_max");
        h.Stop();
        Assert.That((StatusLine("Uid"), StatusLine("Gid"), StatusLine("Groups")), Is.EqualTo((uids, gids, groups)));
    }
}
