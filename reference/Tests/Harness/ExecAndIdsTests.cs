using System.Text.Json.Nodes;
using Mono.Unix.Native;
using NUnit.Framework;
using static OsConformance.Reference.Tests.Harness.HarnessSession;

namespace OsConformance.Reference.Tests.Harness;

/// <summary>The exec family and the credential setters, in forked children of the harness.</summary>
[TestFixture]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // the harness runs on Linux and macOS only
public sealed class ExecAndIdsTests
{
    /// <summary>Forks a child that sends its stdout to out.txt (not close-on-exec) and then runs the
    /// given steps; waits for it and returns (wait status, out.txt, report lines).</summary>
    private static (int Status, string Output, List<JsonObject> Report) RunRedirected(HarnessSession h, int exit, params JsonObject[] steps)
    {
        string report = Path.Combine(h.Dir, "child.jsonl");
        File.Delete(report);
        var all = new List<JsonObject> { Step("open", "out.txt", "w", 420), Step("dup2", V.Step(0), 1, false) };
        all.AddRange(steps);
        int pid = h.Fork(report, exit, all.ToArray());
        var (_, status) = h.WaitPid(pid);
        string output = File.ReadAllText(Path.Combine(h.Dir, "out.txt"));
        return (status, output, ReadReport(report));
    }

    private static int ExitCode(int status)
    {
        Assert.That(Syscall.WIFEXITED(status), Is.True, $"raw status {status}");
        return Syscall.WEXITSTATUS(status);
    }

    [Test]
    public void Execv_PassesArgvExactly()
    {
        using var h = Open();
        var (status, output, _) = RunRedirected(h, 99,
            Step("execv", "/usr/bin/printf", V.Strings("printf", "[%s]", "a b", "", "c")));
        Assert.That(ExitCode(status), Is.EqualTo(0));
        Assert.That(output, Is.EqualTo("[a b][][c]"));
        h.Stop();
    }

    [Test]
    public void Execv_Argv0IsTheFirstElement_AndArgsDefaultsToPath()
    {
        using var h = Open();
        var (s1, out1, _) = RunRedirected(h, 99, Step("execv", "/bin/sh", V.Strings("zeroth", "-c", "echo \"$0\"")));
        Assert.That(ExitCode(s1), Is.EqualTo(0));
        Assert.That(out1, Is.EqualTo("zeroth\n"));

        File.WriteAllText(Path.Combine(h.Dir, "show0"), "#!/bin/sh\necho \"$0 $#\"\n");
        File.SetUnixFileMode(Path.Combine(h.Dir, "show0"), (UnixFileMode)Convert.ToInt32("755", 8));
        var (s2, out2, _) = RunRedirected(h, 99, Step("execv", "./show0", V.Undefined));
        Assert.That(ExitCode(s2), Is.EqualTo(0));
        Assert.That(out2, Is.EqualTo("./show0 0\n"), "args omitted → [path]");
        h.Stop();
    }

    [Test]
    public void Execv_InheritsTheEnvironment()
    {
        using var h = Open(configure: psi => psi.Environment["OSC_MARK"] = "inherited-42");
        var (status, output, _) = RunRedirected(h, 99, Step("execv", "/usr/bin/env", V.Strings("env")));
        Assert.That(ExitCode(status), Is.EqualTo(0));
        Assert.That(output.Split('\n'), Does.Contain("OSC_MARK=inherited-42"));
        h.Stop();
    }

    [Test]
    public void Execve_EnvpBecomesExactlyTheEnvironment()
    {
        using var h = Open(configure: psi => psi.Environment["OSC_MARK"] = "must-not-leak");
        var (status, output, _) = RunRedirected(h, 99,
            Step("execve", "/usr/bin/env", V.Strings("env"), V.Object(("A", "1"), ("B_C", "x y=z"), ("EMPTY", ""))));
        Assert.That(ExitCode(status), Is.EqualTo(0));
        Assert.That(output, Is.EqualTo("A=1\nB_C=x y=z\nEMPTY=\n"));
        h.Stop();
    }

    [Test]
    public void Execvp_SearchesTheCallersPath()
    {
        using var h = Open(configure: psi => psi.Environment["PATH"] = "/nonexistent-osc-dir:/usr/bin:/bin");
        var (status, output, _) = RunRedirected(h, 99, Step("execvp", "printf", V.Strings("printf", "%s|", "p", "q")));
        Assert.That(ExitCode(status), Is.EqualTo(0));
        Assert.That(output, Is.EqualTo("p|q|"));
        h.Stop();
    }

    [Test]
    public void Execvpe_SearchesTheCallersPath_AndUsesEnvpForTheProgram()
    {
        using var h = Open(configure: psi => psi.Environment["PATH"] = "/usr/bin:/bin");
        var (status, output, _) = RunRedirected(h, 99,
            Step("execvpe", "env", V.Strings("env"), V.Object(("PATH", "/nonexistent-osc-dir"), ("X", "1"))));
        Assert.That(ExitCode(status), Is.EqualTo(0), "found through the caller's PATH, not envp's");
        Assert.That(output, Is.EqualTo("PATH=/nonexistent-osc-dir\nX=1\n"));
        h.Stop();
    }

    [Test]
    public void Execvp_WithoutPath_SearchesOnlyTheCurrentDirectory()
    {
        using var h = Open(configure: psi => psi.Environment.Remove("PATH"));
        File.WriteAllText(Path.Combine(h.Dir, "myprog"), "#!/bin/sh\necho ran-from-cwd\n");
        File.SetUnixFileMode(Path.Combine(h.Dir, "myprog"), (UnixFileMode)Convert.ToInt32("755", 8));

        var (s1, out1, _) = RunRedirected(h, 99, Step("execvp", "myprog", V.Strings("myprog")));
        Assert.That(ExitCode(s1), Is.EqualTo(0));
        Assert.That(out1, Is.EqualTo("ran-from-cwd\n"));

        // /usr/bin/env exists, but without PATH only the current directory is searched.
        var (s2, _, report) = RunRedirected(h, 3, Step("execvp", "env", V.Strings("env")));
        Assert.That(ExitCode(s2), Is.EqualTo(3), "exec failed, so the child went on to _exit(3)");
        Assert.That(report[^1]["step"]!.GetValue<int>(), Is.EqualTo(2));
        Assert.That(report[^1]["thrown"]!["errno"]!.GetValue<string>(), Is.EqualTo("ENOENT"));
        h.Stop();
    }

    [Test]
    public void CallExecv_ReplacesTheHarness()
    {
        using var h = Open();
        h.CallNoReply("execv", "/bin/sh", V.Strings("sh", "-c", "echo replaced-$$; exit 5"));
        Assert.That(h.ReadRawLine(), Is.EqualTo($"replaced-{h.Pid}"), "same pid, new program on the same stdout");
        Assert.That(h.WaitExit(), Is.EqualTo(5));
    }

    [Test]
    public void Dup2_DefaultsToCloseOnExec()
    {
        using var h = Open();
        string report = Path.Combine(h.Dir, "child.jsonl");
        int pid = h.Fork(report, 99,
            Step("open", "out.txt", "w", 420),
            Step("dup2", V.Step(0), 1),
            Step("execv", "/bin/sh", V.Strings("sh", "-c", "echo hello || exit 17")));
        var (_, status) = h.WaitPid(pid);
        Assert.That(File.ReadAllText(Path.Combine(h.Dir, "out.txt")), Is.Empty, "fd 1 was closed by the exec");
        Assert.That(Syscall.WIFEXITED(status) && Syscall.WEXITSTATUS(status) == 17, Is.True, $"raw status {status}");
        h.Stop();
    }

    // ---- credentials ----

    private static void RequireRoot()
    {
        if (Syscall.geteuid() != 0) Assert.Ignore("needs root: set*id and setgroups succeed only with privileges");
    }

    [Test]
    public void AsRoot_SetgroupsSetgidSetuidSetsid_InAChild()
    {
        RequireRoot();
        using var h = Open();
        string report = Path.Combine(h.Dir, "child.jsonl");
        int pid = h.Fork(report, null,
            Step("setgroups", V.Array(1, 2)),
            Step("getgroups"),
            Step("setgroups", (JsonNode?)null),
            Step("getgroups"),
            Step("setgroups", V.Array(3)),
            Step("setgroups", V.Undefined),
            Step("getgroups"),
            Step("setgid", 65534),
            Step("getgid"),
            Step("getegid"),
            Step("setuid", 65534),
            Step("getuid"),
            Step("geteuid"),
            Step("setsid"));
        Assert.That(h.WaitPid(pid).Status, Is.EqualTo(0));

        var lines = ReadReport(report);
        Assert.That(lines, Has.Count.EqualTo(15));
        Assert.That(lines.Skip(1).Select(l => l["thrown"]), Has.All.Null, string.Join("\n", lines.Select(l => l.ToJsonString())));
        Assert.That(lines[2]["value"]!.AsArray().Select(g => g!.GetValue<int>()), Is.EquivalentTo(new[] { 1, 2 }));
        Assert.That(lines[4]["value"]!.AsArray(), Is.Empty, "setgroups(null) clears");
        Assert.That(lines[7]["value"]!.AsArray(), Is.Empty, "setgroups(undefined) clears");
        Assert.That(lines[9]["value"]!.GetValue<int>(), Is.EqualTo(65534));
        Assert.That(lines[10]["value"]!.GetValue<int>(), Is.EqualTo(65534));
        Assert.That(lines[12]["value"]!.GetValue<int>(), Is.EqualTo(65534));
        Assert.That(lines[13]["value"]!.GetValue<int>(), Is.EqualTo(65534));
        Assert.That(lines[14]["value"]!.GetValue<int>(), Is.EqualTo(pid), "setsid returns the new session id, the child's pid");
        // The harness itself is untouched.
        Assert.That(h.CallInt("getuid"), Is.EqualTo(0));
        h.Stop();
    }

    [Test]
    public void AfterDroppingPrivileges_SetuidSetgidSetgroupsAreEPERM()
    {
        RequireRoot();
        using var h = Open();
        string report = Path.Combine(h.Dir, "child.jsonl");
        int pid = h.Fork(report, null,
            Step("setgroups", V.Array()),
            Step("setgid", 65534),
            Step("setuid", 65534),
            Step("setuid", 0),
            Step("setgid", 0),
            Step("setgroups", V.Array(0)),
            Step("getuid"));
        Assert.That(h.WaitPid(pid).Status, Is.EqualTo(0));

        var lines = ReadReport(report);
        Assert.That(lines, Has.Count.EqualTo(8));
        Assert.That(lines.Skip(1).Take(3).Select(l => l["thrown"]), Has.All.Null, "dropping privileges works");
        foreach (var (line, syscall) in new[] { (lines[4], "setuid"), (lines[5], "setgid"), (lines[6], "setgroups") })
        {
            Assert.That(line["thrown"]!["errno"]!.GetValue<string>(), Is.EqualTo("EPERM"), line.ToJsonString());
            Assert.That(line["thrown"]!["syscall"]!.GetValue<string>(), Is.EqualTo(syscall));
        }
        Assert.That(lines[7]["value"]!.GetValue<int>(), Is.EqualTo(65534));
        h.Stop();
    }
}
