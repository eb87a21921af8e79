using NUnit.Framework;
using OsConformance.Protocol;
using OsConformance.Suite.Infrastructure;
using OsConformance.Suite.Oracles;

namespace OsConformance.Suite.Ids;

/// <summary>Process ids, each against an oracle the implementation does not control.</summary>
public sealed class IdCases : ConformanceFixture
{
    [Test, Case("getpid/equals-spawned-pid", "getpid",
        Spec = "Returns the process id of the calling process.", Tags = "ids")]
    public void GetpidEqualsSpawnedPid()
    {
        using var harness = StartHarness();
        // Oracle: the pid the runner got from spawning the harness, or the pid the start reply
        // reported once the kernel showed it descends from the spawned process.
        var value = Verdict.Returns(harness.Call("getpid"), "getpid()");
        Verdict.Equal<JsValue>(harness.Pid, value, "getpid()");
    }

    [Test, Case("getppid/is-the-runner", "getppid",
        Spec = "Returns the process id of the parent of the calling process.", Tags = "ids")]
    public void GetppidIsTheRunner()
    {
        using var harness = StartHarness();
        // Oracle: the runner spawned the harness, so it is the harness's parent; behind a wrapper
        // that reported the harness's pid, the kernel's parent of that process.
        int parent = harness.Pid == harness.SpawnedPid ? Environment.ProcessId
            : ProcessTree.Get(harness.Pid)?.Ppid ?? throw new InvalidOperationException($"the kernel shows no process {harness.Pid}");
        var value = Verdict.Returns(harness.Call("getppid"), "getppid()");
        Verdict.Equal<JsValue>(parent, value, "getppid()");
    }

    [Test, Case("getuid/matches-proc-status", "getuid",
        Spec = "Returns the real user ID of the calling process.", Tags = "ids,linux-only")]
    public void GetuidMatchesProcStatus()
    {
        using var harness = StartHarness();
        var value = Verdict.Returns(harness.Call("getuid"), "getuid()");
        // Oracle: the kernel's view, the real uid of /proc/PID/status.
        Verdict.Equal<JsValue>(ProcOracle.Get(harness.Pid).Uid, value, "getuid()");
    }
}
