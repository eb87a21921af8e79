using System.CommandLine;
using System.Globalization;
using OsConformance.Protocol;

namespace OsConformance.Cli.Commands;

/// <summary>
/// `os-conformance smoke [--harness "CMD ARGS"] [--timeout SECONDS]`: starts a harness in a fresh
/// temporary directory, runs a short session and checks every message against the schemas and a
/// few answers against what the suite can see itself, then what the cases rely on: the process,
/// its start-up state, errors, fork and void returns (SmokeCommand.Startup.cs). One line per check,
/// each finding with its fix; exit 1 on any failure. A function missing from capabilities makes its
/// checks unsupported, as run makes its cases.
/// </summary>
internal static partial class SmokeCommand
{
    public const double DefaultTimeoutSeconds = 30;

    /// <summary>The documented functions of docs/spec/os-module.txt, as the module spells them.</summary>
    public static readonly string[] DocumentedFunctions =
    [
        "abort", "chdir", "cloexec", "close", "dup", "dup2", "execv", "execvp", "execve", "execvpe", "exit", "_exit",
        "fork", "getegid", "geteuid", "getgid", "getgroups", "getpid", "getppid", "getuid", "isatty", "nonblock", "open",
        "pipe", "read", "scandir", "setgid", "setgroups", "setuid", "setsid", "stat", "ttyname", "unlink", "urandom",
        "waitpid", "write", "S_IMODE", "S_ISDIR", "S_ISCHR", "S_ISBLK", "S_ISREG", "S_ISFIFO", "S_ISLNK", "S_ISSOCK",
        "WIFEXITED", "WEXITSTATUS", "WIFSIGNALED", "WTERMSIG", "WIFSTOPPED", "WSTOPSIG", "WIFCONTINUED",
    ];

    /// <summary>The constant families of the spec; a start reply must have at least one of each.</summary>
    public static readonly (string Family, Func<string, bool> Member)[] ConstantFamilies =
    [
        ("O_*", n => n.StartsWith("O_", StringComparison.Ordinal)),
        ("S_IF*", n => n.StartsWith("S_IF", StringComparison.Ordinal)),
        ("S_I* (permission bits)", n => n.StartsWith("S_I", StringComparison.Ordinal) && !n.StartsWith("S_IF", StringComparison.Ordinal)),
        ("W*", n => n.StartsWith('W')),
        ("STD{IN,OUT,ERR}_FILENO", n => n is "STDIN_FILENO" or "STDOUT_FILENO" or "STDERR_FILENO"),
    ];

    static readonly string[] StatFields =
        ["dev", "mode", "nlink", "uid", "gid", "rdev", "ino", "size", "blksize", "blocks", "flags", "gen", "atime", "mtime", "ctime", "birthtime"];
    static readonly HashSet<string> StatTimes = ["atime", "mtime", "ctime", "birthtime"];

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var harness = new HarnessArgs(); // --harness "CMD ARGS" or -- CMD ARGS
        var timeout = new Option<double>("--timeout")
        {
            Description = "Seconds the whole session may take before the harness is killed.",
            DefaultValueFactory = _ => DefaultTimeoutSeconds,
        };
        var command = new Command("smoke", "Check a harness against the protocol: schemas, start reply and a short session.");
        harness.AddTo(command);
        command.Options.Add(timeout);
        command.Exits(("0", "every check passed (a function missing from capabilities is unsupported, not a failure)"),
            ("1", "a check failed, including a harness that does not start or is not built"),
            CommandHelp.Usage("--harness that cannot be split, a harness given both ways"));
        command.SetAction(parsed => harness.TryRead(parsed, "os-conformance smoke", stderr, out string? text)
            ? Run(text, parsed.GetValue(timeout), stdout, stderr)
            : Program.UsageError);
        return command;
    }

    /// <summary>The worker: 0 when every check passed, 1 on any failure, 2 on a usage error.</summary>
    public static int Run(string? harness, double timeoutSeconds, TextWriter stdout, TextWriter stderr)
    {
        if (!(timeoutSeconds > 0) || double.IsInfinity(timeoutSeconds))
        {
            stderr.WriteLine("os-conformance smoke: --timeout must be a positive number of seconds");
            return Program.UsageError;
        }
        List<string> command;
        if (harness is not null)
        {
            try
            {
                command = ShellWords.Split(harness);
            }
            catch (FormatException e)
            {
                stderr.WriteLine($"os-conformance smoke: --harness: {e.Message}");
                return Program.UsageError;
            }
            if (command.Count == 0)
            {
                stderr.WriteLine("os-conformance smoke: --harness is empty");
                return Program.UsageError;
            }
        }
        else
        {
            var reference = OscRoot.ReferenceHarness();
            if (reference is null || !File.Exists(reference))
            {
                stdout.WriteLine($"FAIL spawn: the reference harness is not built ({reference ?? "no os-conformance root found; set OSC_ROOT"}); run ./os-conformance build");
                return 1;
            }
            command = [reference];
        }
        var run = new SmokeRun(stdout, stderr, TimeSpan.FromSeconds(timeoutSeconds));
        run.Session(command);
        stdout.WriteLine($"smoke: {run.Checks} checks, {run.Failures} failed, {run.Warnings} warnings"
            + (run.Missing.Count > 0 ? $"; unsupported (not in capabilities.functions): {string.Join(", ", run.Missing)}" : ""));
        return run.Failures > 0 ? 1 : 0;
    }

    /// <summary>Thrown to end the session: the harness is gone (crashed, timed out or killed for a violation).</summary>
    sealed class SessionOver : Exception;

    sealed partial class SmokeRun(TextWriter stdout, TextWriter stderr, TimeSpan timeout)
    {
        public int Checks { get; private set; }
        public int Failures { get; private set; }
        public int Warnings { get; private set; }
        /// <summary>Documented functions the start reply leaves out; their checks are unsupported.</summary>
        public List<string> Missing { get; } = [];
        HarnessProcess? harness;
        string logPath = "";
        /// <summary>The environment the harness was spawned with (the runner's own).</summary>
        readonly Dictionary<string, string> spawnEnvironment = System.Environment.GetEnvironmentVariables()
            .Cast<System.Collections.DictionaryEntry>().ToDictionary(e => (string)e.Key, e => (string?)e.Value ?? "", StringComparer.Ordinal);

        void Ok(string check, string? detail = null)
        {
            Checks++;
            stdout.WriteLine(detail is null ? $"ok  {check}" : $"ok  {check} ({detail})");
        }

        void Fail(string check, string why)
        {
            Checks++;
            Failures++;
            stdout.WriteLine($"FAIL {check}: {why}");
        }

        void Skip(string check, string why) => stdout.WriteLine($"skip {check}: {why}");

        /// <summary>Not a protocol failure, but it changes what cases can judge; the line says how.</summary>
        void Warn(string check, string why)
        {
            Warnings++;
            stdout.WriteLine($"warn {check}: {why}");
        }

        void Unsupported(string check, string fn) =>
            stdout.WriteLine($"unsupported {check}: '{fn}' is not in capabilities.functions (its cases are unsupported in run)");

        bool Has(string fn) => !Missing.Contains(fn);

        public void Session(List<string> command)
        {
            var dir = Directory.CreateTempSubdirectory("osc-smoke-").FullName;
            logPath = Path.Combine(dir, "harness.stderr.log");
            try
            {
                try
                {
                    harness = HarnessProcess.Spawn(new HarnessOptions(command, dir, timeout, logPath, spawnEnvironment));
                }
                catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException)
                {
                    Fail("spawn", e.Message);
                    return;
                }
                Ok("spawn", $"pid {harness.SpawnedPid}");
                RunChecks(dir);
            }
            catch (SessionOver)
            {
                DumpDiagnostics();
            }
            finally
            {
                harness?.Dispose();
                try { Directory.Delete(dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            }
        }

        void DumpDiagnostics()
        {
            if (harness is null)
                return;
            stderr.WriteLine("smoke: transcript (last lines):");
            foreach (var line in harness.Transcript.TakeLast(10))
                stderr.WriteLine("  " + (line.Length > 400 ? line[..400] + "..." : line));
            harness.Dispose();
            if (File.Exists(logPath) && File.ReadAllText(logPath) is { Length: > 0 } log)
            {
                stderr.WriteLine("smoke: harness stderr (last 2000 characters):");
                stderr.WriteLine(log.Length > 2000 ? log[^2000..] : log);
            }
        }

        /// <summary>Runs one exchange: the body returns null when fine, else why not. A harness failure ends the session.</summary>
        T? Exchange<T>(string check, Func<T> send, Func<T, string?>? verify = null, Func<T, string?>? detail = null, bool violationEndsSession = true)
        {
            T result;
            try
            {
                result = send();
            }
            catch (ProtocolViolationException e)
            {
                if (e.Violations.Count == 0)
                    Fail(check, e.Message + (e.Line is { Length: > 0 } l ? $": {Shorten(l)}" : ""));
                foreach (var v in e.Violations)
                    Fail(check, (v.MessageName == check ? "" : v.MessageName + ": ") + $"{v.Where}: {v.Expected}");
                if (e.Line is { Length: > 0 } line)
                    stderr.WriteLine($"smoke: {check}: the offending line: {Shorten(line)}");
                if (violationEndsSession)
                    throw new SessionOver();
                return default;
            }
            catch (HarnessFaultException e)
            {
                Fail(check, e.Message);
                return default;
            }
            catch (HarnessThrewException e)
            {
                Fail(check, e.Message);
                return default;
            }
            catch (HarnessException e)
            {
                Fail(check, e.Message);
                throw new SessionOver();
            }
            if (verify?.Invoke(result) is string why)
            {
                Fail(check, why);
                return default;
            }
            Ok(check, detail?.Invoke(result));
            return result;
        }

        static string Shorten(string s) => s.Length > 200 ? s[..200] + "..." : s;

        CallOutcome? Call(string check, string fn, JsValue[] args, Func<CallOutcome, string?> verify, Func<CallOutcome, string?>? detail = null)
        {
            if (!Has(fn))
            {
                Unsupported(check, fn);
                return null;
            }
            return Exchange(check, () => harness!.Call(fn, args), verify, detail ?? (o => o.ToString()));
        }

        static string? Returns<T>(CallOutcome o, Func<T, string?> verify) where T : JsValue =>
            o.Thrown is JsError e ? $"threw {e}"
            : o.Value is T t ? verify(t)
            : $"returned {o.Value}, expected a {typeof(T).Name[2..]}";

        void RunChecks(string dir)
        {
            var h = harness!;
            var start = Exchange("start reply", h.Start, detail: s => $"{s.Implementation.Name} {s.Implementation.Version} on {s.Platform.Os}/{s.Platform.Arch}");
            if (start is null)
                throw new SessionOver();
            if (start.Protocol == HarnessProcess.ProtocolVersion) Ok("start reply protocol");
            else Fail("start reply protocol", $"/protocol: expected {HarnessProcess.ProtocolVersion}, got {start.Protocol}");
            Missing.AddRange(DocumentedFunctions.Where(f => !start.Capabilities.Functions.Contains(f)));
            if (Missing.Count == 0) Ok("start reply functions", $"all {DocumentedFunctions.Length}");
            else stdout.WriteLine("unsupported start reply functions: /capabilities/functions: missing " + string.Join(", ", Missing.Select(f => $"'{f}'"))
                + " (their cases are unsupported in run; list a function only when the implementation has it)");
            // docs/decisions.md#extensions: extensions are reported apart, so a documented name there is misfiled.
            var misfiled = DocumentedFunctions.Where(start.Capabilities.Extensions.Contains).ToList();
            if (misfiled.Count == 0) Ok("start reply extensions", start.Capabilities.Extensions.Count == 0 ? "none" : string.Join(", ", start.Capabilities.Extensions.Order(StringComparer.Ordinal)));
            else Fail("start reply extensions", "/capabilities/extensions: " + string.Join(", ", misfiled.Select(f => $"'{f}'")) + " is documented; list it under functions only");
            var emptyFamilies = ConstantFamilies.Where(f => !start.Capabilities.Constants.Keys.Any(f.Member)).Select(f => f.Family).ToList();
            if (emptyFamilies.Count == 0) Ok("start reply constants", $"{start.Capabilities.Constants.Count} constants");
            else Fail("start reply constants", "/capabilities/constants: no constant of " + string.Join(", ", emptyFamilies));
            ConstantSet(start.Capabilities.Constants.Keys);

            if (start.Pid is int reported) Ok("start reply pid", $"{reported}, below the spawned pid {h.SpawnedPid} (kernel)");
            var pid = Call("call getpid", "getpid", [], o => Returns<JsNumber>(o, n => n.Value == h.Pid ? null : WrongProcess((int)n.Value, h)));
            if (pid is not null) Signals();
            else Skip("signal dispositions", "the calls may run in another process than the spawned one (see call getpid)");

            const string content = "hello smoke\n";
            var file = Path.Combine(dir, "smoke.txt");
            var fdW = Call("call open 'w'", "open", ["smoke.txt", "w", 420], o => Returns<JsNumber>(o, FdCheck));
            if (fdW?.Value is JsNumber w)
            {
                FdTable((int)w.Value, file);
                Call("call write", "write", [w, content], o => Returns<JsNumber>(o, n => n.Value == content.Length ? null : $"returned {n}, wrote {content.Length} bytes"));
                VoidReturn("call close", "close", w);
                if (File.Exists(file) && File.ReadAllText(file) == content) Ok("file written", "the suite reads it back");
                else Fail("file written", $"{file} does not hold what was written (is the harness's working directory the case's?)");
            }
            var fdR = Call("call open 'r'", "open", ["smoke.txt", "r"], o => Returns<JsNumber>(o, FdCheck));
            if (fdR?.Value is JsNumber r)
            {
                Call("call read", "read", [r, 100], o => Returns<JsString>(o, s => s.Value == content ? null : $"returned {s}, expected {new JsString(content)}"));
                Call("call close", "close", [r], o => o.Thrown is JsError e ? $"threw {e}" : null);
            }
            Call("call stat", "stat", ["smoke.txt"], o => Returns<JsObject>(o, StatCheck), _ => "16 fields, 4 Dates");
            Call("call pipe", "pipe", [], o => Returns<JsArray>(o, a =>
                a.Items.Count == 2 && a.Items.All(x => x is JsNumber) ? null : $"returned {a}, expected [read_fd, write_fd]"));
            ErrorChecks();
            Call("call open missing", "open", ["missing.txt", "r"], o =>
                o.Thrown is { Kind: "system", Errno: "ENOENT" } ? null
                : o.Thrown is JsError e ? $"threw {e}, expected kind system errno ENOENT"
                : $"returned {o.Value}, expected a throw with errno ENOENT");

            if (start.Capabilities.Ops.Contains("fork") && Has("fork") && Has("waitpid"))
            {
                ForkChecks(dir);
                ForkStepReference(dir);
            }
            else if (start.Capabilities.Ops.Contains("fork"))
                Unsupported("fork", Has("fork") ? "waitpid" : "fork");
            else
                Skip("fork", "the harness does not list the fork op in capabilities.ops");

            if (Exchange("stop reply", () => { h.Stop(); return true; }))
            {
                Exchange("exit status", () => h.WaitForExit(timeout), e => e.ExitCode == 0 ? null : $"{e}, expected exit 0", e => e.ToString());
            }
        }

        static string? FdCheck(JsNumber n) => n.Value >= 0 && n.Value == Math.Floor(n.Value) ? null : $"returned {n}, expected an fd";

        static string? StatCheck(JsObject o)
        {
            var missing = StatFields.Where(f => !o.Props.ContainsKey(f)).ToList();
            if (missing.Count > 0)
                return "missing fields " + string.Join(", ", missing);
            var wrong = StatFields.Where(f => StatTimes.Contains(f) ? o.Props[f] is not JsDate { Ms: not null } : o.Props[f] is not JsNumber)
                .Select(f => $"{f} is {o.Props[f]}").ToList();
            if (wrong.Count > 0)
                return string.Join(", ", wrong) + " (times must be valid Dates, the rest Numbers)";
            return o.Props["size"] is JsNumber { Value: 12 } ? null : $"size is {o.Props["size"]}, expected 12";
        }

        void ForkChecks(string dir)
        {
            var h = harness!;
            var report = Path.Combine(dir, "child.jsonl");
            var pid = Exchange("fork reply", () => h.Fork(report, [new ForkStep("getppid")]), p => p > 0 ? null : $"pid {p}", p => $"child {p}");
            if (pid == 0)
                return;
            Call("call waitpid", "waitpid", [pid], o => Returns<JsObject>(o, w =>
                w.Props.TryGetValue("pid", out var p) && p is JsNumber pn && pn.Value == pid
                && w.Props.TryGetValue("status", out var s) && s is JsNumber { Value: 0 }
                    ? null : $"returned {w}, expected {{pid: {pid}, status: 0}}"));
            Exchange("fork report", () => ForkReport.ReadFull(report), r =>
                r.Forked is not JsNumber { Value: 0 } ? $"forked is {r.Forked?.ToString() ?? "missing"}, expected 0 (what fork returns in the child)"
                : r.Steps.Count != 1 ? $"{r.Steps.Count} step lines in {report}, expected 1"
                : r.Steps[0].Thrown is JsError e ? $"getppid threw {e}"
                : r.Steps[0].Value is JsNumber n && n.Value == h.Pid ? null
                : $"getppid returned {r.Steps[0].Value}, the harness's pid is {h.Pid}", _ => "forked 0, getppid is the harness's pid",
                violationEndsSession: false); // the report is a file: the harness itself is still fine
        }
    }
}
