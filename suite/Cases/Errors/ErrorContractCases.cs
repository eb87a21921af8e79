using System.Globalization;
using NUnit.Framework;
using OsConformance.Protocol;
using OsConformance.Suite.Infrastructure;
using OsConformance.Suite.Oracles;
using static OsConformance.Suite.Processes.ProcessKit;

namespace OsConformance.Suite.Errors;

/// <summary>
/// The error contract of every function that can fail: one real failure each, and every field of the
/// thrown error judged against the kernel's answer to the same call made by the errno oracle (a C program
/// of the suite, in its own process): kind, errno name, code, syscall, path and the message's shape.
/// </summary>
public sealed class ErrorContractCases : ConformanceFixture
{
    private const string Decision = "docs/decisions.md#errors";

    /// <summary>An fd number no process here holds (far above what any opens): EBADF for the harness and the oracle alike.</summary>
    private const int NeverOpened = 999_999;

    // function, the failure (the id's last segment), extra tags
    private static readonly (string Fn, string Failure, string Tags)[] Failures =
    [
        ("chdir", "missing-path", ""),
        ("open", "missing-path", ""),
        ("scandir", "missing-path", ""),
        ("stat", "missing-path", ""),
        ("unlink", "missing-path", ""),
        ("execv", "missing-path", ""),
        ("execvp", "missing-path", ""),
        ("execve", "missing-path", ""),
        ("execvpe", "missing-path", ""),
        ("close", "never-opened-fd", ""),
        ("dup", "never-opened-fd", ""),
        ("dup2", "never-opened-fd", ""),
        ("cloexec", "never-opened-fd", ""),
        ("nonblock", "never-opened-fd", ""),
        ("read", "never-opened-fd", ""),
        ("write", "never-opened-fd", ""),
        ("ttyname", "never-opened-fd", ""),
        ("waitpid", "not-a-child", ""),
        ("setsid", "group-leader", ""),
        ("pipe", "no-fd-left", ",linux-only"), // lowering another process's fd limit is prlimit(2), Linux only
        ("setuid", "unprivileged-to-root", ""),
        ("setgid", "unprivileged-to-root", ""),
        ("setgroups", "too-many", ""),
    ];

    public static IEnumerable<TestCaseData> Contract() => Failures.Select(f =>
        CaseData.Of($"{f.Fn}/errors/contract/{f.Failure}", f.Fn, decision: Decision, tags: "error-contract" + f.Tags, args: f.Fn));

    [TestCaseSource(nameof(Contract))]
    public void CarriesTheKernelsError(string fn)
    {
        if (!ErrnoOracle.Available)
            Verdict.Unsupported("no C compiler for the errno oracle: " + ErrnoOracle.UnavailableReason);
        var (outcome, oracleCall, path, what) = Provoke(fn);
        var kernel = ErrnoOracle.Ask(oracleCall);
        if (kernel is null)
            Verdict.That(false, $"the errno oracle's {string.Join(' ', oracleCall)}", "a failure, as in the harness", "it succeeded");
        var error = Verdict.Throws(outcome, kernel!.Name, what);
        Verdict.Equal<int?>(kernel.Number, error.Code, $"{what}: the error's code (the platform's number for {kernel.Name})");
        Verdict.Equal(fn, error.Syscall, $"{what}: the error's syscall");
        if (path is not null)
            Verdict.Equal(path, error.Path, $"{what}: the error's path");
        Verdict.Equal($"[errno {kernel.Number}] {kernel.Text}", error.Message, $"{what}: the error's message");
    }

    private static string N(int n) => n.ToString(CultureInfo.InvariantCulture);

    /// <summary>Makes the call fail in the harness; returns its outcome, the oracle's same call, the path given and a label.</summary>
    private (CallOutcome Outcome, string[] Oracle, string? Path, string What) Provoke(string fn)
    {
        string missing = InCaseDir("missing");
        switch (fn)
        {
            case "chdir" or "stat" or "unlink" or "scandir":
            {
                using var h = StartHarness();
                return (h.Call(fn, missing), [fn == "scandir" ? "opendir" : fn, missing], missing, $"{fn}(missing path)");
            }
            case "open":
            {
                using var h = StartHarness();
                return (h.Call("open", missing, "r"), ["open", missing], missing, "open(missing path, 'r')");
            }
            case "execv" or "execvp" or "execve" or "execvpe":
            {
                // A path with a '/' is not searched (docs/decisions.md#exec-path-search): the p variants fail as execv does.
                using var h = StartHarness();
                return (h.Call(fn, missing), ["execv", missing], missing, $"{fn}(missing path)");
            }
            case "close" or "dup" or "read" or "ttyname":
            {
                using var h = StartHarness();
                return (h.Call(fn, NeverOpened), [fn, N(NeverOpened)], null, $"{fn}({NeverOpened})");
            }
            case "write":
            {
                using var h = StartHarness();
                return (h.Call(fn, NeverOpened, "x"), [fn, N(NeverOpened)], null, $"write({NeverOpened}, 'x')");
            }
            case "dup2":
            {
                using var h = StartHarness();
                return (h.Call(fn, NeverOpened, 40), [fn, N(NeverOpened), "40"], null, $"dup2({NeverOpened}, 40)");
            }
            case "cloexec" or "nonblock":
            {
                using var h = StartHarness();
                return (h.Call(fn, NeverOpened, true), [fn == "cloexec" ? "fcntl-getfd" : "fcntl-getfl", N(NeverOpened)], null,
                    $"{fn}({NeverOpened}, true)");
            }
            case "waitpid":
            {
                // The runner is the parent of the harness and of the oracle, a child of neither: ECHILD for both.
                using var h = StartHarness();
                int runner = Environment.ProcessId;
                return (h.Call(fn, runner), [fn, N(runner)], null, $"waitpid(the runner's pid {runner})");
            }
            case "setsid":
            {
                // The runner spawns every harness as the leader of its own process group; the oracle makes itself one.
                using var h = StartHarness();
                RequireGroupLeader(h);
                return (h.Call(fn), [fn], null, "setsid() in a process group leader");
            }
            case "pipe":
            {
                using var h = StartHarness();
                int lowest = Fds.FdSupport.LowestFree(h.Pid);
                if (ErrnoOracle.LowerFdLimit(h.Pid, lowest) is { } refused)
                    Verdict.Unsupported($"prlimit on the harness refused: {refused.Name}");
                return (h.Call(fn), ["pipe-no-fds-left"], null, $"pipe() with RLIMIT_NOFILE lowered to {lowest}, the lowest free fd");
            }
            case "setuid" or "setgid":
                return Unprivileged(fn);
            case "setgroups":
            {
                // More than NGROUPS_MAX: EINVAL for root, EPERM for anyone else, before any change.
                int n = ErrnoOracle.NgroupsMax() + 1;
                using var h = StartHarness();
                var zeros = JsValue.Array([.. Enumerable.Repeat<JsValue>(0, n)]);
                return (h.Call(fn, zeros), [fn, N(n)], null, $"setgroups(an Array of {n} zeros, NGROUPS_MAX + 1)");
            }
            default:
                throw new ArgumentException(fn);
        }
    }

    /// <summary>
    /// setuid(0) or setgid(0) by an unprivileged process: EPERM. Unprivileged already, the harness calls it;
    /// as root, a fork child first drops to nobody (and the oracle does the same before its call).
    /// </summary>
    private (CallOutcome, string[], string?, string) Unprivileged(string fn)
    {
        if (!Posix.IsRoot)
        {
            using var h = StartHarness();
            return (h.Call(fn, 0), [fn, "0"], null, $"{fn}(0) unprivileged");
        }
        using var root = StartHarness("fork", "waitpid", "setgroups", "setgid", "setuid");
        string report = InCaseDir("child.jsonl");
        int pid = root.Fork(report, [new("setgroups", JsValue.Array()), new("setgid", Nobody), new("setuid", Nobody), new(fn, 0)]);
        WaitPid(root, pid);
        var steps = Steps(report);
        Verdict.That(steps.Count == 4 && steps.Take(3).All(s => s.Ok), "the fork child dropping to nobody",
            "setgroups([]), setgid and setuid to nobody succeed, then the call", string.Join("; ", steps));
        return (steps[3], ["drop", fn, N(Nobody), "0"], null, $"{fn}(0) in a child dropped to nobody");
    }
}
