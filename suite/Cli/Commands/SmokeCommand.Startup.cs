using Mono.Unix.Native;
using OsConformance.Protocol;
using OsConformance.Suite.Constants;
using OsConformance.Suite.Oracles;

namespace OsConformance.Cli.Commands;

// What the cases rely on beyond the schemas (docs/writing-a-harness.md#5-run-smoke-until-it-is-clean): the
// process that makes the calls, its start-up state (signals, environment), the constants, errors
// without errno, a void return and fork's $step references. Each finding says how to fix it.
internal static partial class SmokeCommand
{
    /// <summary>Shell bookkeeping the suite's own spawn wrapper (/bin/sh, which execs) may change.</summary>
    static readonly HashSet<string> ShellVariables = ["PWD", "OLDPWD", "SHLVL", "_"];

    /// <summary>Signals the cases send to fork children or whose default the kernel must apply.</summary>
    static readonly (string Name, Signum Signal, bool CaughtMatters)[] CaseSignals =
    [
        ("SIGHUP", Signum.SIGHUP, true), ("SIGINT", Signum.SIGINT, true), ("SIGABRT", Signum.SIGABRT, true),
        ("SIGUSR1", Signum.SIGUSR1, true), ("SIGTERM", Signum.SIGTERM, true), ("SIGTSTP", Signum.SIGTSTP, true),
        ("SIGCHLD", Signum.SIGCHLD, false), ("SIGCONT", Signum.SIGCONT, false),
    ];

    sealed partial class SmokeRun
    {
        void ConstantSet(IEnumerable<string> exported)
        {
            var documented = ConstantCases.DocumentedNames.ToHashSet(StringComparer.Ordinal);
            var given = exported.ToHashSet(StringComparer.Ordinal);
            var extra = given.Where(n => !documented.Contains(n)).Order(StringComparer.Ordinal).ToList();
            var missing = documented.Where(n => !given.Contains(n)).Order(StringComparer.Ordinal).ToList();
            if (missing.Count > 0)
                Warn("start reply constant set", $"missing {string.Join(", ", missing)}: each one's constants/NAME/platform-value case fails; "
                    + "list every constant of docs/constants.md the module exports");
            if (extra.Count > 0)
                Warn("start reply constant set", $"extra {string.Join(", ", extra)}: list only the documented constants (docs/constants.md); "
                    + "an extra O_* takes bits away from the open/numeric/outside-bits cases, which then become unsupported");
            if (missing.Count == 0 && extra.Count == 0)
                Ok("start reply constant set", $"the {documented.Count} documented constants");
        }

        const string WrapperFix = "Fix: end the wrapper with `exec` (exec /usr/bin/python3 harness.py \"$@\"), give --harness the interpreter's real path, "
            + "or report the harness's own pid in the start reply (\"pid\", docs/protocol.md#the-harness-process)";

        /// <summary>Why getpid's answer is not the harness's pid, with the likely cause: a wrapper that did not exec.</summary>
        static string WrongProcess(int calls, HarnessProcess h)
        {
            string why = h.Pid == h.SpawnedPid ? $"returned {calls}, but the suite spawned pid {h.Pid}" : $"returned {calls}, but the start reply reported pid {h.Pid}";
            if (calls != h.SpawnedPid && ProcessTree.IsSelfOrDescendant(calls, h.SpawnedPid))
                return why + $": the calls run in a descendant of the spawned process ({ProcOracle.Exe(h.SpawnedPid) ?? "?"}), so a wrapper "
                    + "(a shell script, npx, a version manager's shim) started the harness without exec, and every per-process oracle "
                    + $"would look at pid {h.Pid}. " + WrapperFix;
            return why + ": the process that makes the calls must be the one the suite spawned (a wrapper must exec the harness) or the pid the start reply reports";
        }

        /// <summary>
        /// The kernel's view of the fd a successful open returned: it must be open on the file in the
        /// harness's process. Found instead in a descendant, the calls run in a child of a wrapper.
        /// </summary>
        void FdTable(int fd, string file)
        {
            var h = harness!;
            // The temporary folder may be reached through a symlink (macOS /var): its own name is unique.
            string tail = "/" + Path.GetFileName(Path.GetDirectoryName(file)) + "/" + Path.GetFileName(file);
            bool Holds(int pid)
            {
                try { return FdOracle.Get(pid, fd)?.Target.EndsWith(tail, StringComparison.Ordinal) == true; }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return false; }
            }
            if (Holds(h.Pid))
            {
                Ok("fd table", $"fd {fd} is open on {Path.GetFileName(file)} in pid {h.Pid} (kernel)");
                return;
            }
            string what = $"open returned fd {fd}, but the kernel shows no fd {fd} on {file} in pid {h.Pid}";
            if (ProcessTree.Descendants(h.SpawnedPid).Where(d => d != h.Pid).FirstOrDefault(Holds) is int holder and > 0)
                Fail("fd table", what + $"; it is open in pid {holder} ({ProcOracle.Exe(holder) ?? "?"}), a descendant of the spawned process: a wrapper "
                    + "(a shell script, npx, a version manager's shim) runs the harness as a child, so every per-process oracle (fd table, "
                    + "/proc/PID/status, strace, cwd) would judge the wrong process. " + WrapperFix);
            else
                Fail("fd table", what + " nor in any process below it: the harness's process must be the one that makes the calls");
        }

        /// <summary>Linux: the harness's signal masks after its start-up, from /proc/PID/status.</summary>
        void Signals()
        {
            if (!ProcOracle.Available)
            {
                Skip("signal dispositions", "no /proc here (Linux only); leave every signal at its default and unblocked");
                return;
            }
            var (ignored, blocked, caught) = ProcOracle.Signals(harness!.Pid);
            var findings = new List<string>();
            foreach (var (name, signal, caughtMatters) in CaseSignals)
            {
                ulong bit = 1UL << (NativeConvert.FromSignum(signal) - 1);
                if ((ignored & bit) != 0) findings.Add($"{name} ignored");
                if ((blocked & bit) != 0) findings.Add($"{name} blocked");
                if (caughtMatters && (caught & bit) != 0) findings.Add($"{name} caught");
            }
            if (findings.Count == 0)
                Ok("signal dispositions", string.Join(", ", CaseSignals.Select(s => s.Name)) + " at their defaults");
            else
                Fail("signal dispositions", string.Join(", ", findings) + ": fork children inherit these, so the wait-status and kill cases "
                    + "see the runtime's handler instead of the kernel's default. Fix: reset them to SIG_DFL and unblock them at start-up "
                    + "(Python: signal.signal(signal.SIGINT, signal.SIG_DFL)); the suite spawns the harness with every signal at its default");
        }

        void VoidReturn(string check, string fn, params JsValue[] args) =>
            Call(check, fn, args, o =>
                o.Thrown is JsError e ? $"threw {e}"
                : o.Value is JsUndefined ? null
                : o.Value is JsNull ? "replied null: a function that returns nothing replies {\"$undefined\": true} (docs/protocol.md#void-returns)"
                : $"returned {o.Value}, expected undefined ({{\"$undefined\": true}})", o => o.Value?.ToString() ?? "no value");

        /// <summary>A TypeError and a RangeError, each with every field a thrown reply carries.</summary>
        void ErrorChecks()
        {
            Call("type error", "close", ["smoke"], o => ErrorShape(o, "type", "close('smoke') (a string fd)"), o => OneLine(o.Thrown));
            Call("range error", "urandom", [-1], o => ErrorShape(o, "range", "urandom(-1)"), o => OneLine(o.Thrown));
        }

        static string? OneLine(JsError? e) => e?.ToString().ReplaceLineEndings(" ");

        static string? ErrorShape(CallOutcome o, string kind, string what)
        {
            const string Where = "docs/protocol.md#errors and docs/decisions.md#argument-validation";
            if (o.Thrown is not JsError e)
                return $"{what} returned {o.Value}; it must throw a {(kind == "type" ? "TypeError" : "RangeError")} ({Where})";
            if (e.Kind != kind)
                return $"{what} threw kind '{e.Kind}' ({e}); expected kind '{kind}': map the language's own error to it ({Where})";
            if (e.Name.Length == 0 || e.Message.Length == 0)
                return $"{what} threw with an empty name or message: give the exception's class name and its message";
            if (e.Errno is not null || e.Code is not null)
                return $"{what} threw errno {e.Errno ?? "null"}, code {e.Code?.ToString() ?? "null"}: a {kind} error has no errno; send null for both";
            return null;
        }

        /// <summary>
        /// A fork whose steps refer to an earlier step ({"$step": [0]}): the child opens a file, moves
        /// it onto stdout and execs env, which prints the environment the harness's start-up left.
        /// </summary>
        void ForkStepReference(string dir)
        {
            string? env = new[] { "/usr/bin/env", "/bin/env" }.FirstOrDefault(File.Exists);
            if (env is null || !Has("open") || !Has("dup2") || !Has("execv"))
            {
                Skip("fork $step reference", env is null ? "no env program" : "needs open, dup2 and execv");
                return;
            }
            var h = harness!;
            string report = Path.Combine(dir, "step.jsonl"), output = Path.Combine(dir, "env.txt");
            var steps = new[]
            {
                new ForkStep("open", "env.txt", "w", 420),
                new ForkStep("dup2", new JsStepRef(0, null), 1, false),
                new ForkStep("execv", env, JsValue.Array("env")),
            };
            var pid = Exchange("fork $step reference", () => h.Fork(report, steps, 125), p => p > 0 ? null : $"pid {p}", p => $"child {p}");
            if (pid <= 0)
                return;
            Call("call waitpid (env)", "waitpid", [pid], o => Returns<JsObject>(o, w =>
                w.Props.TryGetValue("status", out var s) && s is JsNumber { Value: 0 } ? null
                : $"returned {w}: env did not exit 0; the fork report says {Shorten(File.Exists(report) ? File.ReadAllText(report) : "nothing")} "
                  + "({\"$step\": [0]} must become step 0's value, the fd open returned; dup2's third argument false keeps fd 1 across exec)"));
            if (!File.Exists(output) || new FileInfo(output).Length == 0)
            {
                Fail("environment at start-up", $"env wrote nothing into {output}: see the fork $step reference check");
                return;
            }
            var seen = File.ReadAllLines(output).Where(l => l.Contains('='))
                .Select(l => l.Split('=', 2)).GroupBy(p => p[0], StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last()[1], StringComparer.Ordinal);
            // A value with a newline cannot be told apart in env's output: left out.
            var given = spawnEnvironment.Where(p => !p.Value.Contains('\n') && !ShellVariables.Contains(p.Key)).ToDictionary(StringComparer.Ordinal);
            var changes = new List<string>();
            foreach (var (k, v) in seen.Where(p => !ShellVariables.Contains(p.Key)).OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                if (!spawnEnvironment.TryGetValue(k, out var was)) changes.Add($"added {k}={v}");
                else if (!given.ContainsKey(k)) continue;
                else if (was != v) changes.Add($"changed {k}");
            }
            changes.AddRange(given.Keys.Where(k => !seen.ContainsKey(k))
                .Order(StringComparer.Ordinal).Select(k => $"removed {k}"));
            if (changes.Count == 0)
                Ok("environment at start-up", "exec'd programs inherit it unchanged");
            else
                Fail("environment at start-up", string.Join(", ", changes.Take(12)) + (changes.Count > 12 ? ", ..." : "")
                    + ": the exec and env cases compare the new program's environment with the one the case gave the harness. "
                    + "Fix: undo the runtime's own changes at start-up (Python's PEP 538 LC_CTYPE coercion: unset LC_CTYPE if it was not given), "
                    + "and start the interpreter directly, not through a shim that adds variables");
        }
    }
}
