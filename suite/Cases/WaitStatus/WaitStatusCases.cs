using Mono.Unix.Native;
using NUnit.Framework;
using OsConformance.Protocol;
using OsConformance.Suite.Infrastructure;
using OsConformance.Suite.Oracles;
using OsConformance.Suite.Processes;
using static OsConformance.Suite.Processes.ProcessKit;

namespace OsConformance.Suite.WaitStatuses;

/// <summary>
/// The seven W* macros, each against the platform's own &lt;sys/wait.h&gt; (NativeOracle): on
/// statuses the kernel produced for real children, and on synthetic statuses.
/// </summary>
public sealed class WaitStatusCases : ConformanceFixture
{
    private const string Helpers = "Helper functions to get status information from a child process.";
    private const string Family = "The os.W* family of functions can be used to get more information about the status.";

    private static readonly string[] MacroNames = ["WIFEXITED", "WEXITSTATUS", "WIFSIGNALED", "WTERMSIG", "WIFSTOPPED", "WSTOPSIG", "WIFCONTINUED"];

    private static readonly int[] Synthetic =
        [0, 0x100, 0x2a00, 0xff00, 0x7f, 0x9, 0x8b, 0x86, 0x137f, 0x57f, 0xffff, 0x80, 0x1ff00, 0x10000];

    // Real sources: how the child ended or changed state. Signal sources need /proc (the child's state).
    private static readonly (string Id, bool Proc)[] Sources =
    [
        ("exit-0", false), ("exit-1", false), ("exit-42", false), ("exit-255", false),
        ("exit-256", false), ("exit-257", false), ("exit-minus1", false),
        ("signal-SIGTERM", true), ("signal-SIGKILL", true), ("signal-SIGINT", true), ("signal-SIGHUP", true), ("signal-SIGUSR1", true),
        ("abort-SIGABRT", false),
        ("stopped-SIGSTOP", true), ("stopped-SIGTSTP", true),
        ("continued-SIGCONT", true),
    ];

    public static IEnumerable<TestCaseData> SyntheticTable() =>
        from s in Synthetic
        from m in MacroNames
        select CaseData.Of($"wait-status/synthetic/0x{s:x}/{m}", m, spec: Helpers, tags: "wait-status,pure", args: [s, m]);

    [TestCaseSource(nameof(SyntheticTable))]
    public void SyntheticStatus(int status, string macro)
    {
        var oracle = Macros(status);
        var h = StartHarness(); // pooled: the fixture returns it
        CheckMacro(h, macro, status, oracle);
    }

    public static IEnumerable<TestCaseData> RealTable() =>
        from s in Sources
        from m in MacroNames
        select CaseData.Of($"wait-status/real/{s.Id}/{m}", m, spec: Family,
            tags: s.Proc ? "wait-status,linux-only" : "wait-status", args: [s.Id, m]);

    [TestCaseSource(nameof(RealTable))]
    public void RealStatus(string source, string macro)
    {
        using var h = StartHarness("waitpid");
        int status = Produce(h, source);
        CheckMacro(h, macro, status, Macros(status));
    }

    /// <summary>Makes a real child end or change state as the source says; returns the status waitpid gave, checked against what was done.</summary>
    private int Produce(HarnessProcess h, string source)
    {
        string report = InCaseDir("child.jsonl");
        string kind = source[..source.IndexOf('-')];
        string arg = source[(source.IndexOf('-') + 1)..];
        switch (kind)
        {
            case "exit":
            {
                Require("_exit");
                int code = arg == "minus1" ? -1 : int.Parse(arg);
                int pid = h.Fork(report, [new ForkStep("_exit", code)], 125);
                var (got, status) = WaitPid(h, pid, 0);
                Verdict.Equal(pid, got, "waitpid().pid");
                var m = Macros(status);
                // The kernel keeps the low 8 bits of _exit's status (_exit(2)).
                Verdict.That(m.WIFEXITED && m.WEXITSTATUS == (code & 0xff), $"status of a child that called _exit({code})",
                    $"exited {code & 0xff}", $"status 0x{status:x} ({m}); {Describe(pid, report)}");
                return status;
            }
            case "abort":
            {
                Require("abort");
                int pid = h.Fork(report, [new ForkStep("abort")], 125);
                var (got, status) = WaitPid(h, pid, 0);
                Verdict.Equal(pid, got, "waitpid().pid");
                var m = Macros(status);
                Verdict.That(m.WIFSIGNALED && m.WTERMSIG == Signal(Signum.SIGABRT), "status of a child that called abort()",
                    "killed by SIGABRT", $"status 0x{status:x} ({m}); {Describe(pid, report)}");
                return status;
            }
            case "signal":
            {
                Require("pipe", "close", "read");
                var sig = Enum.Parse<Signum>(arg);
                var pipe = Pipe(h);
                int pid = ForkBlocked(h, report, pipe);
                WaitOracle.Kill(pid, sig);
                var (got, status) = WaitPid(h, pid, 0);
                Verdict.Equal(pid, got, "waitpid().pid");
                var m = Macros(status);
                Verdict.That(m.WIFSIGNALED && m.WTERMSIG == Signal(sig), $"status of a child killed by {sig}",
                    $"killed by {sig} ({Signal(sig)})", $"status 0x{status:x} ({m})");
                return status;
            }
            case "stopped":
            {
                Require("pipe", "close", "read");
                var sig = Enum.Parse<Signum>(arg);
                var pipe = Pipe(h);
                int pid = ForkBlocked(h, report, pipe);
                WaitOracle.Kill(pid, sig);
                if (!AwaitState(pid, s => s == 'T'))
                    Verdict.Unsupported($"the fork child did not stop on {sig} (its disposition is not the default): {Describe(pid, report)}");
                var (got, status) = WaitPid(h, pid, Option("WUNTRACED"));
                Verdict.Equal(pid, got, "waitpid(pid, WUNTRACED).pid");
                var m = Macros(status);
                Verdict.That(m.WIFSTOPPED && m.WSTOPSIG == Signal(sig), $"status of a child stopped by {sig}",
                    $"stopped by {sig} ({Signal(sig)})", $"status 0x{status:x} ({m})");
                return status;
            }
            case "continued":
            {
                Require("pipe", "close", "read");
                var pipe = Pipe(h);
                int pid = ForkBlocked(h, report, pipe);
                WaitOracle.Kill(pid, Signum.SIGSTOP);
                Verdict.That(AwaitState(pid, s => s == 'T'), "the child after SIGSTOP", "stopped (kernel state T)", Describe(pid, report));
                var (stoppedPid, _) = WaitPid(h, pid, Option("WUNTRACED"));
                Verdict.Equal(pid, stoppedPid, "waitpid(pid, WUNTRACED).pid");
                WaitOracle.Kill(pid, Signum.SIGCONT);
                Verdict.That(AwaitState(pid, s => s != 'T'), "the child after SIGCONT", "running again (kernel state not T)", Describe(pid, report));
                var (got, status) = WaitPid(h, pid, Option("WCONTINUED"));
                Verdict.Equal(pid, got, "waitpid(pid, WCONTINUED).pid");
                var m = Macros(status);
                Verdict.That(m.WIFCONTINUED, "status of a child continued by SIGCONT", "continued", $"status 0x{status:x} ({m})");
                return status;
            }
            default:
                throw new ArgumentException($"unknown status source {source}");
        }
    }

    /// <summary>The harness's macro against the platform's. Predicates are compared by truthiness, as C's are.</summary>
    private static void CheckMacro(HarnessProcess h, string macro, int status, WaitMacros oracle)
    {
        var value = Verdict.Returns(h.Call(macro, status), $"{macro}(0x{status:x})");
        object expected = macro switch
        {
            "WIFEXITED" => oracle.WIFEXITED,
            "WEXITSTATUS" => oracle.WEXITSTATUS,
            "WIFSIGNALED" => oracle.WIFSIGNALED,
            "WTERMSIG" => oracle.WTERMSIG,
            "WIFSTOPPED" => oracle.WIFSTOPPED,
            "WSTOPSIG" => oracle.WSTOPSIG,
            "WIFCONTINUED" => oracle.WIFCONTINUED,
            _ => throw new ArgumentException($"not a W* macro: {macro}"),
        };
        if (expected is bool b)
            Verdict.That(value is JsBool or JsNumber && Truthy(value) == b, $"{macro}(0x{status:x})",
                b ? "true" : "false", value.ToString());
        else
            Verdict.Equal<JsValue>((int)expected, value, $"{macro}(0x{status:x})");
    }
}
