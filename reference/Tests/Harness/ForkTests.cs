using System.Text.Json.Nodes;
using Mono.Unix.Native;
using NUnit.Framework;
using static OsConformance.Reference.Tests.Harness.HarnessSession;

namespace OsConformance.Reference.Tests.Harness;

/// <summary>fork, waitpid and the W* helpers on real statuses, through the NativeAOT harness
/// (the JIT test host must not fork). Mono.Unix is the independent oracle for W* and signals.</summary>
[TestFixture]
public sealed class ForkTests
{
    private static int Sig(Signum s) => NativeConvert.FromSignum(s);

    [Test]
    public void Fork_ChildSeesZero_ItsOwnPid_AndTheHarnessAsParent()
    {
        using var h = Open();
        string report = Path.Combine(h.Dir, "child.jsonl");
        int pid = h.Fork(report, null, Step("getpid"), Step("getppid"));
        Assert.That(pid, Is.GreaterThan(0).And.Not.EqualTo(h.Pid));
        Assert.That(h.WaitPid(pid), Is.EqualTo((pid, 0)));

        var lines = ReadReport(report);
        Assert.That(lines.Select(l => l.ToJsonString()), Is.EqualTo(new[]
        {
            "{\"forked\":0}",
            $"{{\"step\":0,\"value\":{pid}}}",
            $"{{\"step\":1,\"value\":{h.Pid}}}",
        }));
        h.Stop();
    }

    [Test]
    public void Fork_StepRefs_ResolveToEarlierValuesAndArrayElements()
    {
        using var h = Open();
        string report = Path.Combine(h.Dir, "child.jsonl");
        int pid = h.Fork(report, null,
            Step("pipe"),
            Step("write", V.Step(0, 1), "ping"),
            Step("read", V.Step(0, 0), V.Step(1)),
            Step("close", 9999),
            Step("close", V.Step(3)),
            Step("close", V.Step(0, 5)),
            Step("close", V.Step(2, 0)));
        Assert.That(h.WaitPid(pid).Status, Is.EqualTo(0));

        var lines = ReadReport(report);
        Assert.That(lines, Has.Count.EqualTo(8), "forked + one line per step");
        Assert.That(lines[2]["value"]!.GetValue<int>(), Is.EqualTo(4));
        Assert.That(lines[3]["value"]!.GetValue<string>(), Is.EqualTo("ping"), "read got the count from step 1");
        Assert.That(lines[4]["thrown"]!["errno"]!.GetValue<string>(), Is.EqualTo("EBADF"), "a throwing step is reported and the child goes on");
        Assert.That(lines[5]["thrown"]!["kind"]!.GetValue<string>(), Is.EqualTo("error"), "a ref to a step that threw has no value");
        Assert.That(lines[6]["thrown"]!["kind"]!.GetValue<string>(), Is.EqualTo("type"), "element 5 of [r, w] is undefined: close(undefined)");
        Assert.That(lines[7]["thrown"]!["kind"]!.GetValue<string>(), Is.EqualTo("error"), "[2, 0]: step 2 returned a string, not an Array");
        h.Stop();
    }

    [TestCase(0)]
    [TestCase(1)]
    [TestCase(42)]
    [TestCase(255)]
    public void Waitpid_ExitCodes_AndWHelpers(int code)
    {
        using var h = Open();
        int pid = h.Fork(Path.Combine(h.Dir, "child.jsonl"), code);
        var (got, status) = h.WaitPid(pid);
        Assert.That(got, Is.EqualTo(pid));
        Assert.That(Syscall.WIFEXITED(status) && Syscall.WEXITSTATUS(status) == code, Is.True, $"raw status {status}");
        Assert.That(h.Call("WIFEXITED", status)!.GetValue<bool>(), Is.True);
        Assert.That(h.CallInt("WEXITSTATUS", status), Is.EqualTo(code));
        Assert.That(h.Call("WIFSIGNALED", status)!.GetValue<bool>(), Is.False);
        Assert.That(h.Call("WIFSTOPPED", status)!.GetValue<bool>(), Is.False);
        Assert.That(h.Call("WIFCONTINUED", status)!.GetValue<bool>(), Is.False);
        h.Stop();
    }

    [Test]
    public void Waitpid_WNOHANG_WithoutChange_IsPidZero()
    {
        using var h = Open();
        var fds = h.Call("pipe")!.AsArray();
        int r = fds[0]!.GetValue<int>(), w = fds[1]!.GetValue<int>();
        int pid = h.Fork(Path.Combine(h.Dir, "child.jsonl"), null, Step("read", r, 1));
        Assert.That(h.WaitPid(pid, h.Constant("WNOHANG")), Is.EqualTo((0, 0)));
        h.Call("write", w, "x");
        Assert.That(h.WaitPid(pid), Is.EqualTo((pid, 0)));
        h.Stop();
    }

    [Test]
    public void Waitpid_NoChildren_IsECHILD()
    {
        using var h = Open();
        var e = h.Throws("waitpid", -1, 0);
        Assert.That(e["errno"]!.GetValue<string>(), Is.EqualTo("ECHILD"));
        Assert.That(e["syscall"]!.GetValue<string>(), Is.EqualTo("waitpid"));
        h.Stop();
    }

    [Test]
    public void Waitpid_StoppedAndContinued_WithWUNTRACEDAndWCONTINUED()
    {
        using var h = Open();
        var fds = h.Call("pipe")!.AsArray();
        int r = fds[0]!.GetValue<int>(), w = fds[1]!.GetValue<int>();
        int pid = h.Fork(Path.Combine(h.Dir, "child.jsonl"), null, Step("read", r, 1));
        try
        {
            Assert.That(Syscall.kill(pid, Signum.SIGSTOP), Is.EqualTo(0));
            var (p1, stopped) = h.WaitPid(pid, h.Constant("WUNTRACED"));
            Assert.That(p1, Is.EqualTo(pid));
            Assert.That(Syscall.WIFSTOPPED(stopped), Is.True, $"oracle: raw status {stopped} is a stop");
            Assert.That(h.Call("WIFSTOPPED", stopped)!.GetValue<bool>(), Is.True);
            Assert.That(h.CallInt("WSTOPSIG", stopped), Is.EqualTo(Sig(Signum.SIGSTOP)));
            Assert.That(h.Call("WIFEXITED", stopped)!.GetValue<bool>(), Is.False);
            Assert.That(h.Call("WIFSIGNALED", stopped)!.GetValue<bool>(), Is.False);
            Assert.That(h.Call("WIFCONTINUED", stopped)!.GetValue<bool>(), Is.False);

            Assert.That(Syscall.kill(pid, Signum.SIGCONT), Is.EqualTo(0));
            var (p2, continued) = h.WaitPid(pid, h.Constant("WCONTINUED"));
            Assert.That(p2, Is.EqualTo(pid));
            Assert.That(h.Call("WIFCONTINUED", continued)!.GetValue<bool>(), Is.True, $"raw status {continued}");
            Assert.That(h.Call("WIFSTOPPED", continued)!.GetValue<bool>(), Is.False);
            Assert.That(h.Call("WIFEXITED", continued)!.GetValue<bool>(), Is.False);
        }
        finally
        {
            h.Call("write", w, "x"); // lets the child finish
        }
        Assert.That(h.WaitPid(pid), Is.EqualTo((pid, 0)));
        h.Stop();
    }

    [Test]
    public void Waitpid_KilledChild_WIFSIGNALEDAndWTERMSIG()
    {
        using var h = Open();
        var fds = h.Call("pipe")!.AsArray();
        int pid = h.Fork(Path.Combine(h.Dir, "child.jsonl"), null, Step("read", fds[0]!.GetValue<int>(), 1));
        Assert.That(Syscall.kill(pid, Signum.SIGKILL), Is.EqualTo(0));
        var (_, status) = h.WaitPid(pid);
        Assert.That(Syscall.WIFSIGNALED(status), Is.True, $"oracle: raw status {status}");
        Assert.That(h.Call("WIFSIGNALED", status)!.GetValue<bool>(), Is.True);
        Assert.That(h.CallInt("WTERMSIG", status), Is.EqualTo(Sig(Signum.SIGKILL)));
        Assert.That(h.Call("WIFEXITED", status)!.GetValue<bool>(), Is.False);
        h.Stop();
    }

    // ---- exit, _exit, abort (the fork's own exit is 99, so a step that fails to end the child shows) ----

    [TestCase("exit", 256, 0)]
    [TestCase("exit", 3, 3)]
    [TestCase("exit", null, 0)]
    [TestCase("_exit", 42, 42)]
    [TestCase("_exit", 256, 0)]
    public void ExitSteps_EndTheChildWithTheLow8Bits(string fn, int? status, int expected)
    {
        using var h = Open();
        string report = Path.Combine(h.Dir, "child.jsonl");
        var step = status is int s ? Step(fn, s) : Step(fn);
        int pid = h.Fork(report, 99, step, Step("getpid"));
        var (_, raw) = h.WaitPid(pid);
        Assert.That(Syscall.WIFEXITED(raw), Is.True, $"raw status {raw}");
        Assert.That(Syscall.WEXITSTATUS(raw), Is.EqualTo(expected));
        Assert.That(ReadReport(report).Select(l => l.ToJsonString()), Is.EqualTo(new[] { "{\"forked\":0}" }),
            "a step that ends the process leaves no line, and nothing after it runs");
        h.Stop();
    }

    [Test]
    public void AbortStep_IsSIGABRT()
    {
        using var h = Open();
        string report = Path.Combine(h.Dir, "child.jsonl");
        int pid = h.Fork(report, 99, Step("abort"));
        var (_, raw) = h.WaitPid(pid);
        Assert.That(Syscall.WIFSIGNALED(raw), Is.True, $"raw status {raw}");
        Assert.That(h.CallInt("WTERMSIG", raw), Is.EqualTo(Sig(Signum.SIGABRT)));
        Assert.That(ReadReport(report), Has.Count.EqualTo(1));
        h.Stop();
    }

    [TestCase("exit", 7, 7)]
    [TestCase("exit", 256, 0)]
    [TestCase("_exit", 255, 255)]
    public void CallExit_EndsTheHarnessWithoutAReply(string fn, int status, int expected)
    {
        using var h = Open();
        h.CallNoReply(fn, status);
        Assert.That(h.WaitExit(), Is.EqualTo(expected));
    }

    [Test]
    public void CallAbort_KillsTheHarnessWithSIGABRT()
    {
        using var h = Open();
        h.CallNoReply("abort");
        Assert.That(h.WaitExit(), Is.EqualTo(128 + Sig(Signum.SIGABRT)), ".NET reports a signal death as 128+signal");
    }
}
