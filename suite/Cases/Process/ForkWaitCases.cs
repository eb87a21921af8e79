using Mono.Unix.Native;
using NUnit.Framework;
using OsConformance.Protocol;
using OsConformance.Suite.Infrastructure;
using OsConformance.Suite.Oracles;
using static OsConformance.Suite.Processes.ProcessKit;

namespace OsConformance.Suite.Processes;

/// <summary>os.fork and os.waitpid, judged by the kernel's /proc view and the platform's W* macros.</summary>
public sealed class ForkWaitCases : ConformanceFixture
{
    private const string Creates = "Creates a new process duplicating the calling process.";
    private const string SeeWaitpid = "See os.waitpid() for how to wait for the child process.";
    private const string Waits = "Wait for state changes in a child of the calling process.";
    private const string Returns = "The return value is an object with pid and status properties.";
    private const string Options = "docs/decisions.md#waitpid-options";

    private string Report => InCaseDir("child.jsonl");

    // ---- fork ----

    [Test, Case("fork/parent/gets-child-pid", "fork", Spec = Creates, Tags = "process,linux-only")]
    public void ParentGetsTheChildPid()
    {
        using var h = StartHarness("pipe", "close", "read");
        int pid = ForkBlocked(h, Report, Pipe(h));
        // Oracle: the kernel's parent of that pid is the harness.
        var k = ProcOracle.Get(pid);
        Verdict.That(pid != h.Pid && k.Ppid == h.Pid, "the pid fork returned in the parent",
            $"a new process whose parent is {h.Pid}", $"pid {pid}, kernel ppid {k.Ppid}");
    }

    [Test, Case("fork/child/sees-0", "fork", Spec = Creates, Tags = "process")]
    public void ChildSeesZero()
    {
        using var h = StartHarness("waitpid");
        int pid = h.Fork(Report, [], 0);
        WaitPid(h, pid, 0);
        var forked = ForkReport.ReadFull(Report).Forked;
        Verdict.Equal<JsValue?>(0, forked, "fork() in the child");
    }

    [Test, Case("fork/child/getppid-is-parent", "fork", Spec = Creates, Tags = "process")]
    public void ChildsParentIsTheHarness()
    {
        using var h = StartHarness("waitpid", "getppid");
        int pid = h.Fork(Report, [new ForkStep("getppid")], 0);
        WaitPid(h, pid, 0);
        var steps = Steps(Report);
        Verdict.That(steps.Count == 1, "the child's report", "1 step", Describe(pid, Report));
        // Oracle: the runner spawned the harness, so its pid is known independently.
        Verdict.Equal<JsValue?>(h.Pid, Verdict.Returns(steps[0], "getppid() in the child"), "getppid() in the child");
    }

    [Test, Case("fork/child/getpid-is-returned-pid", "fork", Spec = Creates, Tags = "process,linux-only")]
    [JudgesConsistency("the child's getpid against the pid fork returned in the parent is the case's subject; the kernel's ppid of that pid is checked first")]
    public void ChildsPidIsWhatTheParentGot()
    {
        using var h = StartHarness("pipe", "close", "read", "getpid");
        int pid = ForkBlocked(h, Report, Pipe(h), new ForkStep("getpid"));
        Verdict.Equal(h.Pid, ProcOracle.Get(pid).Ppid, "kernel ppid of the returned pid");
        Verdict.Equal<JsValue?>(pid, Verdict.Returns(Steps(Report)[0], "getpid() in the child"), "getpid() in the child vs fork() in the parent");
    }

    [Test, Case("fork/child/has-parents-fds", "fork", Spec = Creates, Tags = "process,linux-only")]
    public void ChildHasTheParentsFds()
    {
        File.WriteAllText(InCaseDir("data.txt"), "x");
        using var h = StartHarness("pipe", "close", "read", "open");
        int fd = Number(Verdict.Returns(h.Call("open", InCaseDir("data.txt"), "r"), "open(data.txt)"), "fd");
        var pipe = Pipe(h);
        int pid = ForkBlocked(h, Report, pipe);
        var child = FdOracle.Get(pid, fd);
        Verdict.That(child is not null && SameFile(child.Target, InCaseDir("data.txt")), $"fd {fd} in the child (kernel)",
            $"open on {InCaseDir("data.txt")}", child?.Target ?? "not open");
    }

    [Test, Case("fork/child/fd-flags-duplicated", "fork", Spec = Creates, Tags = "process,linux-only")]
    public void ChildFdFlagsMatch()
    {
        File.WriteAllText(InCaseDir("data.txt"), "x");
        using var h = StartHarness("pipe", "close", "read", "open");
        int fd = Number(Verdict.Returns(h.Call("open", InCaseDir("data.txt"), "a+"), "open(data.txt, a+)"), "fd");
        var pipe = Pipe(h);
        int pid = ForkBlocked(h, Report, pipe);
        var parent = FdOracle.Get(h.Pid, fd);
        var child = FdOracle.Get(pid, fd);
        Verdict.That(parent is not null && child is not null && parent.AccessMode == child.AccessMode && parent.Append == child.Append
            && parent.CloseOnExec == child.CloseOnExec, $"fd {fd} flags, parent vs child (kernel)",
            parent?.ToString() ?? "not open in the parent", child?.ToString() ?? "not open in the child");
    }

    [Test, Case("fork/child/same-cwd", "fork", Spec = Creates, Tags = "process,linux-only")]
    public void ChildHasTheParentsCwd()
    {
        Directory.CreateDirectory(InCaseDir("sub"));
        using var h = StartHarness("pipe", "close", "read", "chdir");
        Verdict.Returns(h.Call("chdir", InCaseDir("sub")), "chdir(sub)");
        int pid = ForkBlocked(h, Report, Pipe(h));
        Verdict.That(SameFile(ProcOracle.Cwd(pid), InCaseDir("sub")), "the child's cwd (kernel)", InCaseDir("sub"), ProcOracle.Cwd(pid) ?? "unknown");
    }

    [Test, Case("fork/child/same-process-group", "fork", Spec = Creates, Tags = "process,linux-only")]
    public void ChildIsInTheParentsGroupAndSession()
    {
        using var h = StartHarness("pipe", "close", "read");
        int pid = ForkBlocked(h, Report, Pipe(h));
        var parent = ProcOracle.Get(h.Pid);
        var child = ProcOracle.Get(pid);
        Verdict.That(child.Pgid == parent.Pgid && child.Sid == parent.Sid, "the child's process group and session (kernel)",
            $"pgid {parent.Pgid}, sid {parent.Sid}", $"pgid {child.Pgid}, sid {child.Sid}");
    }

    [Test, Case("fork/waitpid/reaps-child", "fork", Spec = SeeWaitpid, Tags = "process,linux-only")]
    public void WaitpidReapsTheChild()
    {
        using var h = StartHarness("waitpid");
        int pid = h.Fork(Report, [], 0);
        Verdict.That(AwaitState(pid, s => s == 'Z'), "the exited child before waitpid", "a zombie (kernel state Z)", Describe(pid, Report));
        var (got, _) = WaitPid(h, pid, 0);
        Verdict.Equal(pid, got, "waitpid().pid");
        Verdict.That(!ProcOracle.Exists(pid), "the child after waitpid", "reaped (gone from /proc)", Describe(pid, Report));
    }

    [Test, Case("fork/waitpid/exit-status-reaches-parent", "fork", Spec = SeeWaitpid, Tags = "process")]
    public void ExitStatusReachesTheParent()
    {
        using var h = StartHarness("waitpid");
        int pid = h.Fork(Report, [], 23);
        var (_, status) = WaitPid(h, pid, 0);
        var m = Macros(status);
        Verdict.That(m.WIFEXITED && m.WEXITSTATUS == 23, "the status of a child that exited 23", "exited 23", $"0x{status:x} ({m})");
    }

    // ---- waitpid ----

    [Test, Case("waitpid/result/pid-and-status-only", "waitpid", Decision = "docs/decisions.md#waitpid-result", Tags = "process")]
    public void ResultIsPidAndStatus()
    {
        using var h = StartHarness();
        int pid = h.Fork(Report, [], 0);
        var v = Verdict.Returns(h.Call("waitpid", pid, 0), "waitpid(pid, 0)");
        string keys = v is JsObject o ? string.Join(",", o.Props.Keys.Order(StringComparer.Ordinal)) : v.GetType().Name;
        Verdict.That(v is JsObject ob && keys == "pid,status" && ob.Props.Values.All(x => x is JsNumber),
            "waitpid()'s result", "an object with exactly the Number properties pid and status", v.ToString());
    }

    [Test, Case("waitpid/result/pid-is-the-child", "waitpid", Spec = Returns, Tags = "process")]
    public void ResultPidIsTheChild()
    {
        using var h = StartHarness();
        int pid = h.Fork(Report, [], 0);
        var (got, _) = WaitPid(h, pid, 0);
        Verdict.Equal(pid, got, "waitpid(pid).pid");
    }

    [Test, Case("waitpid/result/status-is-the-exit", "waitpid", Spec = Returns, Tags = "process")]
    public void ResultStatusIsTheExit()
    {
        using var h = StartHarness();
        int pid = h.Fork(Report, [], 77);
        var (_, status) = WaitPid(h, pid, 0);
        var m = Macros(status);
        Verdict.That(m.WIFEXITED && m.WEXITSTATUS == 77, "waitpid().status per the platform's macros", "exited 77", $"0x{status:x} ({m})");
    }

    [Test, Case("waitpid/any/-1-waits-for-any-child", "waitpid", Spec = Waits, Tags = "process")]
    public void MinusOneWaitsForAnyChild()
    {
        using var h = StartHarness();
        int pid = h.Fork(Report, [], 5);
        var (got, status) = WaitPid(h, -1, 0);
        var m = Macros(status);
        Verdict.That(got == pid && m.WIFEXITED && m.WEXITSTATUS == 5, "waitpid(-1)", $"pid {pid}, exited 5", $"pid {got}, status 0x{status:x}");
    }

    [Test, Case("waitpid/specific/waits-for-that-child", "waitpid", Spec = Waits, Tags = "process,linux-only")]
    public void SpecificPidWaitsForThatChild()
    {
        using var h = StartHarness("pipe", "close", "read");
        var pipe = Pipe(h);
        int blocked = ForkBlocked(h, Report, pipe);
        int quick = h.Fork(InCaseDir("quick.jsonl"), [], 3);
        var (got, status) = WaitPid(h, quick, 0);
        var m = Macros(status);
        Verdict.That(got == quick && m.WIFEXITED && m.WEXITSTATUS == 3, $"waitpid({quick})", $"pid {quick}, exited 3", $"pid {got}, status 0x{status:x}");
        // The other child was neither reaped nor disturbed.
        Verdict.That(ProcOracle.Exists(blocked) && ProcOracle.Get(blocked).State == 'S', "the other child", "still blocked (state S)", Describe(blocked, Report));
    }

    [Test, Case("waitpid/no-children/echild", "waitpid", Spec = Waits, Tags = "process")]
    public void NoChildrenIsEchild()
    {
        using var h = StartHarness();
        Verdict.Throws(h.Call("waitpid", -1, 0), "ECHILD", "waitpid(-1) with no children");
    }

    [Test, Case("waitpid/not-a-child/echild", "waitpid", Spec = Waits, Tags = "process")]
    public void NotAChildIsEchild()
    {
        using var h = StartHarness();
        // The runner is the harness's parent, not its child.
        Verdict.Throws(h.Call("waitpid", Environment.ProcessId, 0), "ECHILD", "waitpid(parent's pid)");
    }

    [Test, Case("waitpid/reaped-twice/echild", "waitpid", Spec = Waits, Tags = "process")]
    public void ReapedChildIsEchild()
    {
        using var h = StartHarness();
        int pid = h.Fork(Report, [], 0);
        WaitPid(h, pid, 0);
        Verdict.Throws(h.Call("waitpid", pid, 0), "ECHILD", "a second waitpid of the same child");
    }

    [Test, Case("waitpid/wnohang/no-children/echild", "waitpid", Spec = Waits, Tags = "process")]
    public void WnohangNoChildrenIsEchild()
    {
        using var h = StartHarness();
        Verdict.Throws(h.Call("waitpid", -1, Option("WNOHANG")), "ECHILD", "waitpid(-1, WNOHANG) with no children");
    }

    [Test, Case("waitpid/wnohang/running-child/pid-0", "waitpid", Decision = Options, Tags = "process,linux-only")]
    public void WnohangRunningChildGivesZero()
    {
        using var h = StartHarness("pipe", "close", "read");
        int pid = ForkBlocked(h, Report, Pipe(h));
        var v = Verdict.Returns(h.Call("waitpid", pid, Option("WNOHANG")), "waitpid(pid, WNOHANG) while the child runs");
        Verdict.Equal<JsValue>(new JsObject(new Dictionary<string, JsValue> { ["pid"] = 0, ["status"] = 0 }), v, "waitpid(pid, WNOHANG)");
    }

    [Test, Case("waitpid/wnohang/running-child/not-reaped", "waitpid", Decision = Options, Tags = "process,linux-only")]
    public void WnohangLeavesTheChild()
    {
        using var h = StartHarness("pipe", "close", "read");
        var pipe = Pipe(h);
        int pid = ForkBlocked(h, Report, pipe);
        Verdict.Returns(h.Call("waitpid", pid, Option("WNOHANG")), "waitpid(pid, WNOHANG)");
        Release(h, pipe);
        Verdict.That(AwaitState(pid, s => s == 'Z'), "the child after WNOHANG and its release", "exits and waits to be reaped (state Z)", Describe(pid, Report));
        var (got, _) = WaitPid(h, pid, 0);
        Verdict.Equal(pid, got, "the later waitpid(pid).pid");
    }

    [Test, Case("waitpid/wnohang/exited-child/reaped", "waitpid", Decision = Options, Tags = "process,linux-only")]
    public void WnohangReapsAnExitedChild()
    {
        using var h = StartHarness();
        int pid = h.Fork(Report, [], 9);
        Verdict.That(AwaitState(pid, s => s == 'Z'), "the child", "exited (state Z)", Describe(pid, Report));
        var (got, status) = WaitPid(h, pid, Option("WNOHANG"));
        var m = Macros(status);
        Verdict.That(got == pid && m.WIFEXITED && m.WEXITSTATUS == 9, "waitpid(pid, WNOHANG) on an exited child",
            $"pid {pid}, exited 9", $"pid {got}, status 0x{status:x}");
    }

    [Test, Case("waitpid/options/omitted/waits-for-exit", "waitpid", Decision = Options, Tags = "process")]
    public void OmittedOptionsWaitsForExit()
    {
        using var h = StartHarness();
        int pid = h.Fork(Report, [], 12);
        var (got, status) = WaitPid(h, pid);
        var m = Macros(status);
        Verdict.That(got == pid && m.WIFEXITED && m.WEXITSTATUS == 12, "waitpid(pid) with options omitted",
            $"pid {pid}, exited 12", $"pid {got}, status 0x{status:x}");
    }

    [Test, Case("waitpid/options/omitted/ignores-stops", "waitpid", Decision = Options, Tags = "process,linux-only")]
    public void OmittedOptionsDoNotReportStops()
    {
        using var h = StartHarness("pipe", "close", "read");
        int pid = ForkBlocked(h, Report, Pipe(h));
        WaitOracle.Kill(pid, Signum.SIGSTOP);
        Verdict.That(AwaitState(pid, s => s == 'T'), "the child after SIGSTOP", "stopped (state T)", Describe(pid, Report));
        // Once the harness sleeps in waitpid, kill the stopped child: options 0 must report only that death.
        int harnessPid = h.Pid;
        var killer = Task.Run(() =>
        {
            if (!ProcOracle.WaitUntil(() => InWait(harnessPid), Patience))
                Thread.Sleep(150);
            WaitOracle.Kill(pid, Signum.SIGKILL);
        });
        var (got, status) = WaitPid(h, pid);
        killer.Wait();
        var m = Macros(status);
        Verdict.That(got == pid && m.WIFSIGNALED && m.WTERMSIG == Signal(Signum.SIGKILL), "waitpid(pid) on a stopped, then killed, child",
            "its death by SIGKILL (the stop is not reported)", $"pid {got}, status 0x{status:x} ({m})");
    }

    /// <summary>The process is in wait4/waitid (its /proc syscall number), where the architecture is known.</summary>
    private static bool InWait(int pid)
    {
        string first = File.ReadAllText($"/proc/{pid}/syscall").Split(' ')[0];
        return System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture switch
        {
            System.Runtime.InteropServices.Architecture.X64 => first is "61" or "247",
            System.Runtime.InteropServices.Architecture.Arm64 => first is "260" or "95",
            _ => false,
        };
    }

    [Test, Case("waitpid/wuntraced/reports-stop", "waitpid", Spec = Waits, Tags = "process,linux-only")]
    public void WuntracedReportsAStop()
    {
        using var h = StartHarness("pipe", "close", "read");
        int pid = ForkBlocked(h, Report, Pipe(h));
        WaitOracle.Kill(pid, Signum.SIGSTOP);
        Verdict.That(AwaitState(pid, s => s == 'T'), "the child after SIGSTOP", "stopped (state T)", Describe(pid, Report));
        var (got, status) = WaitPid(h, pid, Option("WUNTRACED"));
        var m = Macros(status);
        Verdict.That(got == pid && m.WIFSTOPPED && m.WSTOPSIG == Signal(Signum.SIGSTOP), "waitpid(pid, WUNTRACED)",
            "stopped by SIGSTOP", $"pid {got}, status 0x{status:x} ({m})");
        // A stop is a state change, not an end: the kernel still has the child.
        Verdict.That(ProcOracle.Exists(pid) && ProcOracle.Get(pid).State == 'T', "the child after waitpid", "still there, stopped", Describe(pid, Report));
    }

    [Test, Case("waitpid/wcontinued/reports-continue", "waitpid", Spec = Waits, Tags = "process,linux-only")]
    public void WcontinuedReportsAContinue()
    {
        using var h = StartHarness("pipe", "close", "read");
        int pid = ForkBlocked(h, Report, Pipe(h));
        WaitOracle.Kill(pid, Signum.SIGSTOP);
        Verdict.That(AwaitState(pid, s => s == 'T'), "the child after SIGSTOP", "stopped (state T)", Describe(pid, Report));
        WaitOracle.Kill(pid, Signum.SIGCONT);
        Verdict.That(AwaitState(pid, s => s != 'T'), "the child after SIGCONT", "running (state not T)", Describe(pid, Report));
        var (got, status) = WaitPid(h, pid, Option("WCONTINUED"));
        var m = Macros(status);
        Verdict.That(got == pid && m.WIFCONTINUED, "waitpid(pid, WCONTINUED)", "continued", $"pid {got}, status 0x{status:x} ({m})");
    }

    public static IEnumerable<TestCaseData> UnknownOptions() =>
    [
        CaseData.Of("waitpid/options/0x40000000/range-error", "waitpid", decision: Options, tags: "process", args: 0x40000000),
        CaseData.Of("waitpid/options/0x12345/range-error", "waitpid", decision: Options, tags: "process", args: 0x12345),
        CaseData.Of("waitpid/options/-1/range-error", "waitpid", decision: Options, tags: "process", args: -1),
    ];

    [TestCaseSource(nameof(UnknownOptions))]
    public void UnknownOptionBitsAreRangeErrors(int options)
    {
        int known = Option("WNOHANG") | Option("WUNTRACED") | Option("WCONTINUED");
        if ((options & ~known) == 0)
            Verdict.Unsupported($"0x{options:x} is made of known options on this platform");
        using var h = StartHarness();
        int pid = h.Fork(Report, [], 0);
        Verdict.ThrowsKind(h.Call("waitpid", pid, options), "range", $"waitpid(pid, 0x{options:x})");
    }
}
