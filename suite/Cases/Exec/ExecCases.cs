using NUnit.Framework;
using OsConformance.Protocol;
using OsConformance.Suite.Infrastructure;
using OsConformance.Suite.Oracles;
using static OsConformance.Suite.Processes.ProcessKit;

namespace OsConformance.Suite.Exec;

/// <summary>
/// execv, execvp, execve, execvpe. The new image is judged by the kernel (/proc exe, cmdline,
/// environ) or by the marker files a script leaves behind; the program run is /bin/sh reading a
/// pipe the harness keeps open, so it stays until the case ends.
/// </summary>
public sealed class ExecCases : ConformanceFixture
{
    private const string Replace = "The exec* family of functions replace the current process image with a new process image.";
    private const string Args = "args – Arguments for the program.";
    private const string First = "If an Array is passed, the first element should be the program filename.";
    private const string Envp = "envp – Object containing the environment for the new program.";
    private const string Inherit = "The functions which do not take ab environment object will inherit it from their parent process.";
    private const string Search = "The functions which contain a p in their name will search for the file in the PATH environment variable, or in the current directory in its absence.";
    private const string ExecArgs = "docs/decisions.md#exec-args";
    private const string PathSearch = "docs/decisions.md#exec-path-search";
    private const string Errors = "docs/decisions.md#errors";
    private const string Sh = "/bin/sh";

    private static readonly string[] All = ["execv", "execvp", "execve", "execvpe"];

    private string Report => InCaseDir("child.jsonl");

    private static bool Searches(string fn) => fn.Contains('p');
    private static bool TakesEnv(string fn) => fn.EndsWith('e');

    /// <summary>The program argument: a path for execv/execve, a name found in PATH for the p variants.</summary>
    private static string Program(string fn) => Searches(fn) ? "sh" : Sh;

    /// <summary>Arguments for a call: file, args, and envp (an Object) when the function takes one.</summary>
    private static JsValue[] CallArgs(string fn, string file, JsValue args, IReadOnlyDictionary<string, string>? env = null)
    {
        if (!TakesEnv(fn))
            return [file, args];
        var envp = new JsObject((env ?? new Dictionary<string, string> { ["OSC_EXEC"] = "1" })
            .ToDictionary(p => p.Key, p => (JsValue)p.Value));
        return [file, args, envp];
    }

    /// <summary>A fork child that makes the pipe its stdin (for sh to read, and block on) and then execs.</summary>
    private int ForkExec(HarnessProcess h, (int R, int W) pipe, string fn, JsValue[] args) =>
        h.Fork(Report, [new ForkStep("dup2", pipe.R, 0, false), new ForkStep(fn, args)], 125);

    private void AwaitImage(int pid, string program)
    {
        // exe switches before the kernel lays out the new argv/environ: wait for argv as well.
        bool ok = ProcOracle.WaitUntil(() => SameFile(ProcOracle.Exe(pid), program) && ProcOracle.Argv(pid).Count > 0, Patience);
        Verdict.That(ok, $"the image of process {pid} (kernel /proc exe)", program, $"exe {ProcOracle.Exe(pid) ?? "none"}; {Describe(pid, Report)}");
    }

    private HarnessProcess StartExecHarness(string fn, IReadOnlyDictionary<string, string>? env = null) =>
        env is null ? StartHarness("pipe", "dup2") : StartHarness(env, "pipe", "dup2");

    // ---- the image is replaced ----

    public static IEnumerable<TestCaseData> ReplaceTable() =>
        from fn in All
        from place in new[] { "in-child", "in-harness" }
        select CaseData.Of($"{fn}/replaces-image/{place}", fn, spec: Replace, tags: "exec,linux-only", args: [fn, place]);

    [TestCaseSource(nameof(ReplaceTable))]
    public void ReplacesTheImage(string fn, string where)
    {
        using var h = StartExecHarness(fn);
        var args = CallArgs(fn, Program(fn), JsValue.Array(Program(fn), "-s"));
        if (where == "in-harness")
        {
            // sh reads the runner's pipe, which stays open and empty: it waits there.
            string before = ProcOracle.Exe(h.Pid) ?? "";
            h.CallNoReply(fn, args);
            AwaitImage(h.Pid, Sh);
            Verdict.That(!SameFile(before, Sh), "the harness's image before exec", "not /bin/sh", before);
        }
        else
        {
            int pid = ForkExec(h, Pipe(h), fn, args);
            AwaitImage(pid, Sh);
        }
    }

    [Test, Case("execv/replaces-image/same-pid", "execv", Spec = Replace, Tags = "exec,linux-only")]
    public void KeepsThePid()
    {
        using var h = StartExecHarness("execv");
        int ppid = ProcOracle.Get(h.Pid).Ppid;
        h.CallNoReply("execv", Sh, JsValue.Array(Sh, "-s"));
        AwaitImage(h.Pid, Sh);
        // Same process: same pid, same parent (the runner).
        Verdict.Equal(ppid, ProcOracle.Get(h.Pid).Ppid, "the parent of the exec'd process");
    }

    // ---- args ----

    public static IEnumerable<TestCaseData> ArgsTable() =>
        All.Select(fn => CaseData.Of($"{fn}/args/exact-argv", fn, spec: Args, tags: "exec,linux-only", args: fn))
        .Concat(All.Select(fn => CaseData.Of($"{fn}/args/first-element-is-argv0", fn, spec: First, tags: "exec,linux-only", args: fn)));

    [TestCaseSource(nameof(ArgsTable))]
    public void ArgvIsExactlyArgs(string fn)
    {
        using var h = StartExecHarness(fn);
        // argv[0] differs from the file in the argv0 case, so an implementation that puts the file there is seen.
        string first = Case.Id.EndsWith("argv0", StringComparison.Ordinal) ? "osc-argv0-" + fn : Program(fn);
        string[] argv = [first, "-s", "osc", "two words", "", "é-ü", "--flag=x"];
        int pid = ForkExec(h, Pipe(h), fn, CallArgs(fn, Program(fn), JsValue.Array(argv.Select(a => (JsValue)a).ToArray())));
        AwaitImage(pid, Sh);
        var cmdline = ProcOracle.Argv(pid);
        if (Case.Id.EndsWith("argv0", StringComparison.Ordinal))
            Verdict.That(cmdline.Count > 0 && cmdline[0] == argv[0] && cmdline.Count == argv.Length, "argv[0] of the new image (kernel)",
                $"{argv[0]}, nothing added", string.Join(" | ", cmdline));
        else
            Verdict.Equal(string.Join("\u2400", argv), string.Join("\u2400", cmdline), "argv of the new image (kernel, ␀-joined)");
    }

    public static IEnumerable<TestCaseData> DefaultArgsTable() =>
        All.Select(fn => CaseData.Of($"{fn}/args/omitted-is-file-alone", fn, decision: ExecArgs, tags: "exec,linux-only", args: fn));

    [TestCaseSource(nameof(DefaultArgsTable))]
    public void OmittedArgsAreTheFile(string fn)
    {
        using var h = StartExecHarness(fn);
        // execve/execvpe take envp after args: args is passed as undefined there.
        JsValue[] args = TakesEnv(fn)
            ? [Program(fn), JsValue.Undefined, new JsObject(new Dictionary<string, JsValue> { ["OSC_EXEC"] = "1" })]
            : [Program(fn)];
        int pid = ForkExec(h, Pipe(h), fn, args);
        AwaitImage(pid, Sh);
        Verdict.Equal(Program(fn), string.Join("\u2400", ProcOracle.Argv(pid)), "argv of the new image (kernel)");
    }

    // ---- environment ----

    public static IEnumerable<TestCaseData> EnvpTable() =>
        new[] { "execve", "execvpe" }.SelectMany(fn => new[]
        {
            CaseData.Of($"{fn}/envp/exact-environment", fn, spec: Envp, tags: "exec,linux-only", args: [fn, "exact"]),
            CaseData.Of($"{fn}/envp/nothing-added", fn, decision: ExecArgs, tags: "exec,linux-only", args: [fn, "one"]),
            CaseData.Of($"{fn}/envp/empty-object-empty-environment", fn, decision: ExecArgs, tags: "exec,linux-only", args: [fn, "empty"]),
        });

    [TestCaseSource(nameof(EnvpTable))]
    public void EnvpIsTheEnvironment(string fn, string kind)
    {
        var env = kind switch
        {
            "exact" => new Dictionary<string, string> { ["OSC_A"] = "1", ["OSC_B"] = "two words", ["OSC_EMPTY"] = "", ["OSC_EQ"] = "a=b", ["OSC_U"] = "é" },
            "one" => new Dictionary<string, string> { ["OSC_ONLY"] = "yes" },
            _ => new Dictionary<string, string>(),
        };
        using var h = StartExecHarness(fn);
        int pid = ForkExec(h, Pipe(h), fn, CallArgs(fn, Program(fn), JsValue.Array(Program(fn), "-s"), env));
        AwaitImage(pid, Sh);
        var expected = env.Select(p => $"{p.Key}={p.Value}").Order(StringComparer.Ordinal);
        var actual = ProcOracle.Environ(pid).Order(StringComparer.Ordinal);
        Verdict.Equal(string.Join("\u2400", expected), string.Join("\u2400", actual), "environment of the new image (kernel /proc environ, sorted)");
    }

    public static IEnumerable<TestCaseData> InheritTable() =>
        new[] { "execv", "execvp" }.Select(fn => CaseData.Of($"{fn}/env/inherited-from-caller", fn, spec: Inherit, tags: "exec,linux-only", args: fn));

    [TestCaseSource(nameof(InheritTable))]
    public void EnvironmentIsInherited(string fn)
    {
        string path = Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin";
        using var h = StartExecHarness(fn, new Dictionary<string, string> { ["PATH"] = path, ["OSC_INHERIT"] = "from the harness", ["OSC_X"] = "é" });
        // Oracle: the environment the kernel recorded when the harness started.
        var expected = ProcOracle.Environ(h.Pid).Order(StringComparer.Ordinal).ToList();
        int pid = ForkExec(h, Pipe(h), fn, CallArgs(fn, Program(fn), JsValue.Array(Program(fn), "-s")));
        AwaitImage(pid, Sh);
        var actual = ProcOracle.Environ(pid).Order(StringComparer.Ordinal);
        Verdict.Equal(string.Join("\u2400", expected), string.Join("\u2400", actual), "environment of the new image vs the harness's (kernel, sorted)");
    }

    // ---- PATH search (markers on the filesystem say which file ran) ----

    private HarnessProcess StartWithPath(string? path, params string[] also)
    {
        var env = new Dictionary<string, string> { ["OSC_CASE"] = "exec-search" };
        if (path is not null)
            env["PATH"] = path;
        var h = StartHarness(env, also);
        if (path is null && ProcOracle.Available && ProcOracle.Environ(h.Pid).Any(e => e.StartsWith("PATH=", StringComparison.Ordinal)))
            Verdict.Unsupported("the runner's harness environment adds PATH: a harness without PATH cannot be started");
        return h;
    }

    /// <summary>Forks a child that execs fn(file, [file]) (with a small envp for the e variants) and waits for it.</summary>
    private CallOutcome? RunSearch(HarnessProcess h, string fn, string file, IReadOnlyDictionary<string, string>? envp = null)
    {
        var args = CallArgs(fn, file, JsValue.Array(file), envp);
        int pid = h.Fork(Report, [new ForkStep(fn, args)], 125);
        WaitPid(h, pid, 0);
        var steps = Steps(Report);
        return steps.Count > 0 ? steps[0] : null;
    }

    /// <param name="wrongMarkers">Markers of the scripts that must not run; the message names any that did.</param>
    private void ExpectRan(CallOutcome? step, string marker, string what, params string[] wrongMarkers)
    {
        string? wrong = wrongMarkers.Where(File.Exists).Select(Path.GetFileName).FirstOrDefault();
        Verdict.That(File.Exists(marker), what, $"{Path.GetFileName(marker)} written by the script that ran",
            wrong is not null ? $"{wrong} written instead: the wrong script ran"
            : step is null ? "no marker; the exec left no report line" : $"no marker; the exec {step}");
    }

    public static IEnumerable<TestCaseData> SearchTable() =>
        new[] { "execvp", "execvpe" }.SelectMany(fn => new[]
        {
            // execvpe's envp has no PATH: only the caller's PATH (the decision) makes these fail.
            CaseData.Of($"{fn}/search/path-dir", fn, spec: TakesEnv(fn) ? null : Search, decision: TakesEnv(fn) ? PathSearch : null, tags: "exec", args: [fn, "path-dir"]),
            CaseData.Of($"{fn}/search/path-first-match-wins", fn, spec: TakesEnv(fn) ? null : Search, decision: TakesEnv(fn) ? PathSearch : null, tags: "exec", args: [fn, "first-wins"]),
            CaseData.Of($"{fn}/search/path-absent-uses-cwd", fn, spec: Search, tags: "exec", args: [fn, "absent-cwd"]),
            CaseData.Of($"{fn}/search/path-absent-no-default-path", fn, decision: PathSearch, tags: "exec", args: [fn, "absent-no-default"]),
            CaseData.Of($"{fn}/search/path-set-cwd-not-searched", fn, decision: PathSearch, tags: "exec", args: [fn, "cwd-not-searched"]),
            CaseData.Of($"{fn}/search/empty-entry-is-cwd", fn, decision: PathSearch, tags: "exec", args: [fn, "empty-entry"]),
            CaseData.Of($"{fn}/search/slash-not-searched", fn, decision: PathSearch, tags: "exec", args: [fn, "slash"]),
            CaseData.Of($"{fn}/search/not-executable-eacces", fn, decision: PathSearch, tags: "exec", args: [fn, "eacces"]),
            CaseData.Of($"{fn}/search/not-found-enoent", fn, decision: PathSearch, tags: "exec", args: [fn, "enoent"]),
        })
        .Append(CaseData.Of("execvpe/search/callers-path-not-envps", "execvpe", decision: PathSearch, tags: "exec", args: ["execvpe", "caller-path"]));

    [TestCaseSource(nameof(SearchTable))]
    public void SearchesPath(string fn, string kind)
    {
        const string prog = "osc-prog";
        string d1 = InCaseDir("d1"), d2 = InCaseDir("d2"), cwdMarker = InCaseDir("ran-cwd");
        string m1 = InCaseDir("ran-d1"), m2 = InCaseDir("ran-d2");
        Directory.CreateDirectory(d1);
        Directory.CreateDirectory(d2);
        switch (kind)
        {
            case "path-dir":
            {
                MarkerScript(Path.Combine(d2, prog), m2);
                using var h = StartWithPath($"{d1}:{d2}");
                ExpectRan(RunSearch(h, fn, prog), m2, $"{fn}('{prog}') with PATH={d1}:{d2}", cwdMarker);
                break;
            }
            case "first-wins":
            {
                MarkerScript(Path.Combine(d1, prog), m1);
                MarkerScript(Path.Combine(d2, prog), m2);
                using var h = StartWithPath($"{d1}:{d2}");
                var step = RunSearch(h, fn, prog);
                ExpectRan(step, m1, $"{fn}('{prog}') with PATH={d1}:{d2}", m2);
                Verdict.That(!File.Exists(m2), "the later PATH entry's script", "not run", "ran too");
                break;
            }
            case "absent-cwd":
            {
                MarkerScript(InCaseDir(prog), cwdMarker);
                using var h = StartWithPath(null);
                ExpectRan(RunSearch(h, fn, prog), cwdMarker, $"{fn}('{prog}') with PATH absent, {prog} in the cwd");
                break;
            }
            case "absent-no-default":
            {
                // /bin/sh exists, but PATH is absent: only the cwd is searched, and it holds no sh.
                using var h = StartWithPath(null);
                var args = CallArgs(fn, "sh", JsValue.Array("sh", "-c", $": > '{cwdMarker}'"));
                int pid = h.Fork(Report, [new ForkStep(fn, args)], 125);
                WaitPid(h, pid, 0);
                var steps = Steps(Report);
                Verdict.That(steps.Count == 1, $"{fn}('sh') with PATH absent", "throws ENOENT (no sh in the cwd)",
                    File.Exists(cwdMarker) ? "ran sh from a default path" : Describe(pid, Report));
                Verdict.Throws(steps[0], "ENOENT", $"{fn}('sh') with PATH absent");
                break;
            }
            case "cwd-not-searched":
            {
                MarkerScript(InCaseDir(prog), cwdMarker);
                using var h = StartWithPath(d1);
                var step = RunSearch(h, fn, prog);
                Verdict.That(!File.Exists(cwdMarker), $"{fn}('{prog}') with PATH={d1}, {prog} only in the cwd", "the cwd's script not run", "it ran");
                Verdict.That(step is not null, "the exec", "throws ENOENT", Describe(0, Report));
                Verdict.Throws(step!, "ENOENT", $"{fn}('{prog}')");
                break;
            }
            case "empty-entry":
            {
                MarkerScript(InCaseDir(prog), cwdMarker);
                using var h = StartWithPath($"{d1}:");
                ExpectRan(RunSearch(h, fn, prog), cwdMarker, $"{fn}('{prog}') with PATH='{d1}:' (an empty entry)");
                break;
            }
            case "slash":
            {
                MarkerScript(InCaseDir("sub/" + prog), cwdMarker);
                MarkerScript(Path.Combine(d1, "sub", prog), m1);
                using var h = StartWithPath(d1);
                var step = RunSearch(h, fn, "sub/" + prog);
                ExpectRan(step, cwdMarker, $"{fn}('sub/{prog}') with PATH={d1}, which also has sub/{prog}", m1);
                Verdict.That(!File.Exists(m1), "PATH's sub/" + prog, "not run", "ran");
                break;
            }
            case "eacces":
            {
                Script(Path.Combine(d1, prog), $": > '{m1}'", executable: false);
                using var h = StartWithPath(d1);
                var step = RunSearch(h, fn, prog);
                Verdict.That(step is not null, "the exec", "throws EACCES", Describe(0, Report));
                Verdict.Throws(step!, "EACCES", $"{fn}('{prog}'), found but not executable");
                break;
            }
            case "enoent":
            {
                using var h = StartWithPath($"{d1}:{d2}");
                var step = RunSearch(h, fn, prog);
                Verdict.That(step is not null, "the exec", "throws ENOENT", Describe(0, Report));
                Verdict.Throws(step!, "ENOENT", $"{fn}('{prog}'), nowhere in PATH");
                break;
            }
            case "caller-path":
            {
                MarkerScript(Path.Combine(d1, prog), m1);
                MarkerScript(Path.Combine(d2, prog), m2);
                using var h = StartWithPath(d1);
                var step = RunSearch(h, fn, prog, new Dictionary<string, string> { ["PATH"] = d2 });
                ExpectRan(step, m1, $"execvpe('{prog}') with the caller's PATH={d1} and envp's PATH={d2}", m2);
                Verdict.That(!File.Exists(m2), "the script in envp's PATH", "not run", "ran");
                break;
            }
            default:
                throw new ArgumentException(kind);
        }
    }

    // ---- errors: the process stays ----

    public static IEnumerable<TestCaseData> ErrorTable() =>
        All.SelectMany(fn => new[]
        {
            CaseData.Of($"{fn}/errors/missing-file/enoent", fn, decision: Errors, tags: "exec", args: [fn, "missing", "ENOENT"]),
            CaseData.Of($"{fn}/errors/not-executable/eacces", fn, decision: Errors, tags: "exec", args: [fn, "noexec", "EACCES"]),
            CaseData.Of($"{fn}/errors/directory/eacces", fn, decision: Errors, tags: "exec", args: [fn, "dir", "EACCES"]),
            CaseData.Of($"{fn}/errors/process-continues", fn, spec: Replace, tags: "exec", args: [fn, "continues", "ENOENT"]),
        });

    [TestCaseSource(nameof(ErrorTable))]
    public void FailedExecThrows(string fn, string kind, string errno)
    {
        string target = kind switch
        {
            "noexec" => Script(InCaseDir("plain"), ": > ran", executable: false),
            "dir" => Directory.CreateDirectory(InCaseDir("adir")).FullName,
            _ => InCaseDir("no-such-program"),
        };
        using var h = StartHarness("getpid");
        // An absolute path: the p variants do not search it either.
        var outcome = h.Call(fn, CallArgs(fn, target, JsValue.Array(target)));
        if (kind == "continues")
        {
            Verdict.That(!outcome.Ok, $"{fn}(missing)", "throws", outcome.ToString());
            // Oracle: the pid the runner spawned; a replaced or dead harness could not answer.
            Verdict.Equal<JsValue>(h.Pid, Verdict.Returns(h.Call("getpid"), "getpid() after the failed exec"), "getpid() after the failed exec");
        }
        else
            Verdict.Throws(outcome, errno, $"{fn}({Path.GetFileName(target)})");
    }

    // ---- argument validation ----

    public static IEnumerable<TestCaseData> BadArgsTable() =>
        All.Select(fn => CaseData.Of($"{fn}/args/not-an-array/type-error", fn, decision: "docs/decisions.md#argument-validation", tags: "exec", args: fn));

    public static IEnumerable<TestCaseData> BadEnvpTable() =>
        All.Where(TakesEnv).Select(fn => CaseData.Of($"{fn}/envp/non-string-value/type-error", fn, decision: "docs/decisions.md#argument-validation", tags: "exec", args: fn));

    /// <summary>A missing program: an implementation that coerces the value goes on to exec and throws ENOENT instead.</summary>
    [TestCaseSource(nameof(BadEnvpTable))]
    public void NonStringEnvpValueIsTypeError(string fn)
    {
        using var h = StartHarness("getpid");
        var envp = new JsObject(new Dictionary<string, JsValue> { ["OSC_NUMBER"] = 1 });
        Verdict.ThrowsKind(h.Call(fn, InCaseDir("no-such-program"), JsValue.Array("x"), envp), "type", $"{fn}(path, ['x'], {{OSC_NUMBER: 1}})");
    }

    public static IEnumerable<TestCaseData> EmptyArgsTable() =>
        All.Select(fn => CaseData.Of($"{fn}/args/empty-array-not-replaced", fn, decision: ExecArgs, tags: "exec,linux-only", args: fn));

    /// <summary>args: [] reaches the kernel as an empty argv; Linux 5.18 and later then give the program one empty argv[0].</summary>
    [TestCaseSource(nameof(EmptyArgsTable))]
    public void EmptyArgsStayEmpty(string fn)
    {
        using var h = StartExecHarness(fn);
        int pid = ForkExec(h, Pipe(h), fn, CallArgs(fn, Program(fn), JsValue.Array()));
        // sh blocks reading the pipe once it runs: argv is laid out by then.
        bool ran = ProcOracle.WaitUntil(() => SameFile(ProcOracle.Exe(pid), Sh) && ProcOracle.Get(pid).State == 'S', Patience);
        Verdict.That(ran, $"the image of process {pid} (kernel /proc exe)", Sh, $"exe {ProcOracle.Exe(pid) ?? "none"}; {Describe(pid, Report)}");
        var argv = ProcOracle.Argv(pid);
        Verdict.That(argv.Count == 0 || (argv.Count == 1 && argv[0] == ""), "argv of the new image (kernel)",
            "empty (or the kernel's single empty argv[0])", string.Join(" | ", argv.Select(a => $"'{a}'")));
    }

    [TestCaseSource(nameof(BadArgsTable))]
    public void NonArrayArgsAreTypeErrors(string fn)
    {
        using var h = StartHarness("getpid");
        var outcome = h.Call(fn, CallArgs(fn, Sh, "-c"));
        Verdict.ThrowsKind(outcome, "type", $"{fn}('/bin/sh', '-c')");
    }
}
