using Mono.Unix.Native;
using NUnit.Framework;
using OsConformance.Protocol;
using OsConformance.Suite.Infrastructure;
using static OsConformance.Suite.Processes.ProcessKit;

namespace OsConformance.Suite.Processes;

/// <summary>
/// os.exit, os._exit and os.abort: in the harness itself (the runner's own waitpid is the oracle)
/// and in a fork child (the harness's waitpid status, decoded by the platform's macros).
/// </summary>
public sealed class ExitCases : ConformanceFixture
{
    private const string Ends = "Ends the process with the specified status.";
    private const string Defaults = "It defaults to 0.";
    private const string Immediately = "Terminate the calling process “immediately”.";
    private const string Aborts = "Aborts the execution of the process and forces a core dump.";
    private const string ExitStatus = "docs/decisions.md#exit-status";

    // (id part, status argument or null for none, expected low byte, spec, decision)
    public static IEnumerable<TestCaseData> Table()
    {
        foreach (var where in new[] { "in-harness", "in-child" })
        {
            foreach (var fn in new[] { "exit", "_exit" })
            {
                string spec = fn == "exit" ? Ends : Immediately;
                foreach (int n in new[] { 0, 1, 3, 42, 255 })
                    yield return CaseData.Of($"{fn}/{where}/status-{n}", fn, spec: spec, tags: "process", args: [fn, where, n, n]);
                yield return CaseData.Of($"{fn}/{where}/status-256-seen-as-0", fn, decision: ExitStatus, tags: "process", args: [fn, where, 256, 0]);
                yield return CaseData.Of($"{fn}/{where}/status-257-seen-as-1", fn, decision: ExitStatus, tags: "process", args: [fn, where, 257, 1]);
                yield return CaseData.Of($"{fn}/{where}/status-minus1-seen-as-255", fn, decision: ExitStatus, tags: "process", args: [fn, where, -1, 255]);
            }
            yield return CaseData.Of($"exit/{where}/default-0", "exit", spec: Defaults, tags: "process", args: ["exit", where, null, 0]);
        }
    }

    [TestCaseSource(nameof(Table))]
    public void EndsWithStatus(string fn, string where, int? status, int expected)
    {
        JsValue[] args = status is int s ? [s] : [];
        string call = $"{fn}({(status is int t ? t.ToString() : "")})";
        using var h = StartHarness();
        if (where == "in-harness")
        {
            h.CallNoReply(fn, args);
            var end = h.WaitForExit(Remaining - TimeSpan.FromMilliseconds(500));
            Verdict.That(end.ExitCode == expected, $"the harness after {call}", $"exited {expected}", end.ToString());
        }
        else
        {
            string report = InCaseDir("child.jsonl");
            // The fork's own final _exit(125) would mark a call that returned instead of ending the child.
            int pid = h.Fork(report, [new ForkStep(fn, args)], 125);
            var (_, raw) = WaitPid(h, pid, 0);
            var m = Macros(raw);
            Verdict.That(m.WIFEXITED && m.WEXITSTATUS == expected, $"the child after {call}", $"exited {expected}",
                $"status 0x{raw:x} ({m}); {Describe(pid, report)}");
        }
    }

    [Test, Case("abort/in-harness/killed-by-SIGABRT", "abort", Spec = Aborts, Tags = "process")]
    public void AbortInTheHarness()
    {
        using var h = StartHarness();
        h.CallNoReply("abort");
        var end = h.WaitForExit(Remaining - TimeSpan.FromMilliseconds(500));
        Verdict.That(end.Signal == Signal(Signum.SIGABRT), "the harness after abort()", $"killed by SIGABRT ({Signal(Signum.SIGABRT)})", end.ToString());
    }

    [Test, Case("abort/in-child/killed-by-SIGABRT", "abort", Spec = Aborts, Tags = "process")]
    public void AbortInAChild()
    {
        using var h = StartHarness("waitpid");
        string report = InCaseDir("child.jsonl");
        int pid = h.Fork(report, [new ForkStep("abort")], 125);
        var (_, raw) = WaitPid(h, pid, 0);
        var m = Macros(raw);
        Verdict.That(m.WIFSIGNALED && m.WTERMSIG == Signal(Signum.SIGABRT), "the child after abort()",
            "killed by SIGABRT", $"status 0x{raw:x} ({m}); {Describe(pid, report)}");
    }

    [Test, Case("abort/in-child/no-later-steps", "abort", Spec = Aborts, Tags = "process")]
    public void AbortEndsTheChildAtOnce()
    {
        using var h = StartHarness("waitpid", "getpid");
        string report = InCaseDir("child.jsonl");
        int pid = h.Fork(report, [new ForkStep("abort"), new ForkStep("getpid")], 125);
        WaitPid(h, pid, 0);
        // Oracle: the report file; a step after abort() would have left a line.
        Verdict.Equal(0, StepCount(report), "step lines after abort()");
    }

    [Test, Case("_exit/in-child/no-later-steps", "_exit", Spec = Immediately, Tags = "process")]
    public void UnderscoreExitEndsTheChildAtOnce()
    {
        using var h = StartHarness("waitpid", "getpid");
        string report = InCaseDir("child.jsonl");
        int pid = h.Fork(report, [new ForkStep("_exit", 4), new ForkStep("getpid")], 125);
        var (_, raw) = WaitPid(h, pid, 0);
        Verdict.Equal(0, StepCount(report), "step lines after _exit(4)");
        Verdict.Equal(4, Macros(raw).WEXITSTATUS, "exit status");
    }

    [Test, Case("exit/in-child/no-later-steps", "exit", Spec = Ends, Tags = "process")]
    public void ExitEndsTheChildAtOnce()
    {
        using var h = StartHarness("waitpid", "getpid");
        string report = InCaseDir("child.jsonl");
        int pid = h.Fork(report, [new ForkStep("exit", 6), new ForkStep("getpid")], 125);
        var (_, raw) = WaitPid(h, pid, 0);
        Verdict.Equal(0, StepCount(report), "step lines after exit(6)");
        Verdict.Equal(6, Macros(raw).WEXITSTATUS, "exit status");
    }
}
