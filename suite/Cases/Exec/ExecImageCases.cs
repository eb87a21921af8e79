using NUnit.Framework;
using OsConformance.Protocol;
using OsConformance.Suite.Fds;
using OsConformance.Suite.Infrastructure;
using OsConformance.Suite.Oracles;

namespace OsConformance.Suite.Exec;

/// <summary>The file argument is the new image: the kernel's /proc/PID/exe after the exec names it.</summary>
public sealed class ExecImageCases : ConformanceFixture
{
    private const string File_ = "filefile or path indicate file to be used for the new process image.";

    public static IEnumerable<TestCaseData> Variants() =>
        new[] { "execv", "execve", "execvp", "execvpe" }.Select(fn =>
            CaseData.Of($"{fn}/file/is-the-new-image", fn, spec: File_, tags: "exec,linux-only", args: fn));

    [TestCaseSource(nameof(Variants))]
    public void TheNamedFileBecomesTheImage(string fn)
    {
        string sleep = File.Exists("/bin/sleep") ? "/bin/sleep" : "/usr/bin/sleep";
        // Same file by device and inode: /bin may be a link to /usr/bin.
        var expected = StatOracle.Stat(sleep);
        bool SameFile(string? exe) => exe is not null && File.Exists(exe)
            && StatOracle.Stat(exe) is var k && k.Ino == expected.Ino && k.Dev == expected.Dev;
        using var h = StartHarness("fork", "waitpid");
        JsValue[] args = fn.EndsWith('e')
            ? [sleep, JsValue.Array("sleep", "5"), new JsObject(new Dictionary<string, JsValue>())]
            : [sleep, JsValue.Array("sleep", "5")];
        int child = h.Fork(InCaseDir("report"), [new ForkStep(fn, args)], exit: 97);
        try
        {
            bool replaced = ProcOracle.WaitUntil(() => SameFile(ProcOracle.Exe(child)), TimeSpan.FromSeconds(4));
            string actual = ProcOracle.Exe(child) ?? "(gone)";
            Verdict.That(replaced, $"/proc/{child}/exe after {fn}({sleep})", $"{sleep} (inode {expected.Ino})", actual);
        }
        finally
        {
            FdSupport.KillAndReap(h, child);
        }
    }
}

/// <summary>execve/execvpe without envp: the new image gets the caller's environment (decision exec-envp-omitted).</summary>
public sealed class ExecEnvpOmittedCases : ConformanceFixture
{
    public static IEnumerable<TestCaseData> Variants() =>
        from fn in new[] { "execve", "execvpe" }
        from form in new[] { "omitted", "undefined", "null" }
        select CaseData.Of($"{fn}/envp/{form}/inherits-callers-environment", fn,
            decision: "docs/decisions.md#exec-envp-omitted", tags: "exec,linux-only", args: [fn, form]);

    [TestCaseSource(nameof(Variants))]
    public void WithoutEnvpTheEnvironmentIsInherited(string fn, string form)
    {
        string sleep = File.Exists("/bin/sleep") ? "/bin/sleep" : "/usr/bin/sleep";
        var expected = StatOracle.Stat(sleep);
        using var h = StartHarness(new Dictionary<string, string> { ["PATH"] = "/usr/bin:/bin", ["OSC_MARK"] = "inherited" }, "fork", "waitpid");
        var callerEnv = ProcOracle.Environ(h.Pid);
        JsValue[] args = form switch
        {
            "omitted" => [sleep, JsValue.Array("sleep", "5")],
            "undefined" => [sleep, JsValue.Array("sleep", "5"), JsValue.Undefined],
            _ => [sleep, JsValue.Array("sleep", "5"), JsValue.Null],
        };
        int child = h.Fork(InCaseDir("report"), [new ForkStep(fn, args)], exit: 97);
        try
        {
            // /proc/PID/exe switches before the kernel writes the new environment: wait for argv too.
            bool execed = ProcOracle.WaitUntil(() => ProcOracle.Exe(child) is { } exe && File.Exists(exe)
                && StatOracle.Stat(exe).Ino == expected.Ino && ProcOracle.Argv(child).Count > 0, TimeSpan.FromSeconds(4));
            Verdict.That(execed, $"the child after {fn}", "exec'd sleep", ProcOracle.Exe(child) ?? "(gone)");
            var env = ProcOracle.Environ(child);
            Verdict.Equal(string.Join(" ", callerEnv.Order(StringComparer.Ordinal)), string.Join(" ", env.Order(StringComparer.Ordinal)),
                $"environment after {fn} with envp {form}");
        }
        finally
        {
            Fds.FdSupport.KillAndReap(h, child);
        }
    }
}
