using NUnit.Framework;
using System.Diagnostics;
using OsConformance.Protocol;

namespace OsConformance.Suite.Tests.Protocol;

[NonParallelizable]
public class HarnessProcessTests
{
    string dir = "";

    [SetUp]
    public void SetUp() => dir = Directory.CreateTempSubdirectory("osc-hp-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(dir, recursive: true);

    HarnessProcess Spawn(string fixture, double timeoutSeconds = 10, IReadOnlyDictionary<string, string>? env = null, string? log = null) =>
        HarnessProcess.Spawn(new HarnessOptions([Fixtures.Harness(fixture)], dir, TimeSpan.FromSeconds(timeoutSeconds), log, env));

    [Test]
    public void A_good_session_starts_calls_and_stops()
    {
        using var h = Spawn("good.sh");
        var start = h.Start();
        Assert.That(start.Protocol, Is.EqualTo(1));
        Assert.That(start.Implementation.Name, Is.EqualTo("fake"));
        Assert.That(start.Capabilities.Functions, Has.Count.EqualTo(51));
        Assert.That(start.Capabilities.Constants["S_IFREG"], Is.EqualTo(32768));
        Assert.That(h.Call("getpid").Value, Is.EqualTo(new JsNumber(h.Pid)), "the pid survives the umask wrapper's exec");
        var thrown = h.Call("enoent");
        Assert.That(thrown.Thrown?.Errno, Is.EqualTo("ENOENT"));
        var filled = h.Call("buffer", 0, new byte[2]);
        Assert.That(filled.Buffers[1], Is.EqualTo("hi"u8.ToArray()));
        h.Stop();
        Assert.That(h.WaitForExit(TimeSpan.FromSeconds(5)).ExitCode, Is.EqualTo(0));
        Assert.That(h.Transcript[0], Is.EqualTo("""> {"id":1,"op":"start","protocol":1}"""));
        Assert.That(h.Transcript[^1], Is.EqualTo("""< {"id":5,"stopped":true}"""));
    }

    [Test]
    public void The_child_gets_umask_022_the_case_directory_its_own_group_and_the_given_environment()
    {
        using var h = Spawn("good.sh", env: new Dictionary<string, string> { ["OSC_TEST_VAR"] = "given", ["PATH"] = "/usr/bin:/bin" });
        h.Start();
        Assert.That(h.Call("umask").Value, Is.EqualTo(new JsString("0022")));
        Assert.That(h.Call("cwd").Value, Is.EqualTo(new JsString(dir)));
        Assert.That(h.Call("env").Value, Is.EqualTo(new JsString("given")));
        if (OperatingSystem.IsLinux())
        {
            var stat = File.ReadAllText($"/proc/{h.Pid}/stat");
            var pgrp = int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[2]);
            Assert.That(pgrp, Is.EqualTo(h.SpawnedPid), "the harness leads its own process group");
        }
    }

    [Test]
    public void Without_options_the_environment_is_inherited()
    {
        Environment.SetEnvironmentVariable("OSC_TEST_VAR", "inherited");
        try
        {
            using var h = Spawn("good.sh");
            h.Start();
            Assert.That(h.Call("env").Value, Is.EqualTo(new JsString("inherited")));
        }
        finally
        {
            Environment.SetEnvironmentVariable("OSC_TEST_VAR", null);
        }
    }

    [Test]
    public void Stderr_is_drained_into_the_log()
    {
        var log = Path.Combine(dir, "stderr.log");
        using (var h = Spawn("good.sh", log: log))
        {
            h.Start();
            h.Call("stderr");
            h.Stop();
            h.WaitForExit(TimeSpan.FromSeconds(5));
        }
        Assert.That(File.ReadAllText(log), Does.Contain("hello from stderr"));
    }

    [Test]
    public void A_fault_throws_and_the_session_goes_on()
    {
        using var h = Spawn("good.sh");
        h.Start();
        Assert.That(() => h.Call("nosuch"), Throws.TypeOf<HarnessFaultException>().With.Message.Contains("unknown fn"));
        Assert.That(h.Call("getpid").Value, Is.EqualTo(new JsNumber(h.Pid)));
    }

    [Test]
    public void A_crash_is_reaped_and_reported_with_its_exit_status()
    {
        using var h = Spawn("crash.sh");
        h.Start();
        var e = Assert.Throws<HarnessCrashedException>(() => h.Call("getpid"))!;
        Assert.That(e.End?.ExitCode, Is.EqualTo(3), e.Message);
        Assert.That(h.End?.ExitCode, Is.EqualTo(3));
    }

    [Test]
    public void Waitpid_still_sees_the_harness_when_System_Diagnostics_Process_is_used_too()
    {
        // .NET installs a SIGCHLD handler once Process is used; it must not reap our child.
        using (var p = Process.Start(new ProcessStartInfo("/bin/true") { UseShellExecute = false })!)
            p.WaitForExit();
        using var h = Spawn("crash.sh");
        using var concurrent = Process.Start(new ProcessStartInfo("/bin/sleep", "0.2") { UseShellExecute = false })!;
        h.Start();
        var e = Assert.Throws<HarnessCrashedException>(() => h.Call("getpid"))!;
        concurrent.WaitForExit();
        Assert.That(e.End?.ExitCode, Is.EqualTo(3), "the exit status was lost: someone else reaped the harness");
        Assert.That(concurrent.ExitCode, Is.EqualTo(0));
    }

    [Test]
    public void A_hang_is_killed_at_the_deadline()
    {
        var watch = Stopwatch.StartNew();
        using var h = Spawn("hang.sh", timeoutSeconds: 1.5);
        Assert.Throws<HarnessTimeoutException>(() => h.Start());
        Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(4)));
        Assert.That(watch.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(1.4)));
        Assert.That(h.End?.Signal, Is.EqualTo(9));
        if (OperatingSystem.IsLinux())
            Assert.That(Fixtures.WaitGroupGone(h.SpawnedPid, TimeSpan.FromSeconds(3)), Is.Empty, "the hang's sleep survived");
    }

    [TestCase("bad-json.sh", "not JSON")]
    [TestCase("missing-field.sh", "platform")]
    [TestCase("wrong-type.sh", "/protocol")]
    [TestCase("wrong-id.sh", "expected 1")]
    public void Garbage_is_a_protocol_violation_and_the_harness_is_killed(string fixture, string named)
    {
        using var h = Spawn(fixture);
        var e = Assert.Throws<ProtocolViolationException>(() => h.Start())!;
        Assert.That(e.Message, Does.Contain(named));
        Assert.That(e.Line, Is.Not.Empty);
        Assert.That(h.End, Is.Not.Null, "killed and reaped");
        if (OperatingSystem.IsLinux())
            Assert.That(Fixtures.WaitGroupGone(h.SpawnedPid, TimeSpan.FromSeconds(3)), Is.Empty);
    }

    [Test]
    public void Dispose_kills_the_whole_group_including_grandchildren()
    {
        if (!OperatingSystem.IsLinux())
            Assert.Ignore("reads /proc");
        int pgid;
        using (var h = Spawn("grandchild.sh"))
        {
            pgid = h.SpawnedPid;
            h.Start();
            Assert.That(Fixtures.LiveMembersOfGroup(pgid).Count, Is.GreaterThanOrEqualTo(3), "the fixture should leave a child and a grandchild");
        }
        Assert.That(Fixtures.WaitGroupGone(pgid, TimeSpan.FromSeconds(3)), Is.Empty);
    }

    [Test]
    public void Leftovers_of_a_harness_that_exited_cleanly_are_killed_on_dispose()
    {
        if (!OperatingSystem.IsLinux())
            Assert.Ignore("reads /proc");
        int pgid;
        using (var h = Spawn("grandchild.sh"))
        {
            pgid = h.SpawnedPid;
            h.Start();
            h.Stop();
            Assert.That(h.WaitForExit(TimeSpan.FromSeconds(5)).ExitCode, Is.EqualTo(0));
        }
        Assert.That(Fixtures.WaitGroupGone(pgid, TimeSpan.FromSeconds(3)), Is.Empty);
    }

    [Test]
    public void WaitForExit_kills_a_process_that_does_not_end()
    {
        using var h = Spawn("good.sh");
        h.Start();
        Assert.Throws<HarnessTimeoutException>(() => h.WaitForExit(TimeSpan.FromMilliseconds(300)));
        Assert.That(h.End?.Signal, Is.EqualTo(9));
    }

    [Test]
    public void A_missing_program_fails_at_spawn() =>
        Assert.Throws<FileNotFoundException>(() => Spawn("no-such-harness.sh"));
}
