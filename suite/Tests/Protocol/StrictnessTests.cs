using System.Diagnostics;
using NUnit.Framework;
using OsConformance.Protocol;

namespace OsConformance.Suite.Tests.Protocol;

/// <summary>The client's strictness and deadlines: unsolicited lines, a per-lease deadline, a kill that takes no lock.</summary>
[NonParallelizable]
public class StrictnessTests
{
    string dir = "";

    [SetUp]
    public void SetUp() => dir = Directory.CreateTempSubdirectory("osc-strict-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(dir, recursive: true);

    HarnessProcess Spawn(string fixture, double timeoutSeconds, IReadOnlyDictionary<string, string>? env = null) =>
        HarnessProcess.Spawn(new HarnessOptions([Fixtures.Harness(fixture)], dir, TimeSpan.FromSeconds(timeoutSeconds), null, env));

    [Test]
    public void A_line_between_requests_is_a_violation_at_the_next_request_and_at_CheckQuiet()
    {
        using (var h = Spawn("stray.sh", 10))
        {
            h.Start();
            h.Call("getpid");
            Thread.Sleep(600);
            var e = Assert.Throws<ProtocolViolationException>(() => h.Call("getpid"));
            Assert.That(e!.Message, Does.Contain("nobody asked for"));
        }
        using (var h = Spawn("stray.sh", 10))
        {
            h.Start();
            h.Call("getpid");
            Thread.Sleep(600);
            Assert.Throws<ProtocolViolationException>(h.CheckQuiet);
        }
    }

    [Test]
    public void SetDeadline_gives_each_lease_its_own_deadline_and_a_late_reply_is_a_timeout()
    {
        var env = new Dictionary<string, string> { ["PATH"] = "/usr/bin:/bin", ["SLOW"] = "1.5" };
        using var h = Spawn("slow.sh", 3600, env);
        h.Start();
        h.SetDeadline(TimeSpan.FromSeconds(5));
        Assert.That(h.Call("getpid").Value, Is.EqualTo(new JsNumber(1)), "in time");
        h.SetDeadline(TimeSpan.FromSeconds(1));
        var clock = Stopwatch.StartNew();
        Assert.Throws<HarnessTimeoutException>(() => h.Call("getpid"));
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(1.4)), "the reply 0.5 s after the deadline is not waited for");
    }

    [Test]
    public void Kill_from_another_thread_ends_a_blocked_call_without_taking_its_lock()
    {
        using var h = Spawn("slow.sh", 3600, new Dictionary<string, string> { ["PATH"] = "/usr/bin:/bin", ["SLOW"] = "600" });
        h.Start();
        var call = Task.Run(() => h.Call("getpid"));
        Thread.Sleep(300);
        var clock = Stopwatch.StartNew();
        h.Kill(); // returns at once although the call holds the harness's lock
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(1)));
        var e = Assert.ThrowsAsync<HarnessTimeoutException>(async () => await call.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.That(e!.Message, Does.Contain("killed"));
    }
}
