using NUnit.Framework;
using NUnit.Framework.Interfaces;
using OsConformance.Cli.Runner;
using OsConformance.Protocol;
using OsConformance.Reports;

namespace OsConformance.Suite.Tests.Protocol;

/// <summary>
/// The pid a start reply reports (docs/protocol.md#the-harness-process): accepted only when the
/// kernel shows it at or below the spawned process, and then what HarnessProcess.Pid gives every oracle.
/// </summary>
[NonParallelizable]
public class HarnessPidTests
{
    string dir = "";

    [SetUp]
    public void SetUp() => dir = Directory.CreateTempSubdirectory("osc-pid-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(dir, recursive: true);

    HarnessProcess Spawn(IReadOnlyList<string> command, bool harnessIsChild = false) =>
        HarnessProcess.Spawn(new HarnessOptions(command, dir, TimeSpan.FromSeconds(10), HarnessIsChild: harnessIsChild));

    HarnessProcess Reporting(string which) => Spawn([Fixtures.Harness("reports-pid.sh"), which]);

    [Test]
    public void The_pid_is_unknown_until_start_is_answered()
    {
        using var h = Reporting("self");
        Assert.Throws<InvalidOperationException>(() => _ = h.Pid);
        h.Start();
        Assert.That(h.Pid, Is.EqualTo(h.SpawnedPid));
    }

    [Test]
    public void A_reported_descendant_is_the_harness_process_for_every_oracle()
    {
        using var h = Reporting("child");
        var start = h.Start();
        Assert.That(start.Pid, Is.Not.Null.And.Not.EqualTo(h.SpawnedPid), "the fixture reports its sleeping child");
        Assert.That(h.Pid, Is.EqualTo(start.Pid));
        if (OperatingSystem.IsLinux())
            Assert.That(ProcessTree.Get(h.Pid)?.Ppid, Is.EqualTo(h.SpawnedPid), "the kernel's parent of the reported pid");
    }

    [TestCase("init")]
    [TestCase("parent")]
    public void A_pid_outside_the_spawned_tree_is_refused(string which)
    {
        using var h = Reporting(which);
        var e = Assert.Throws<HarnessPidException>(() => h.Start())!;
        int reported = which == "init" ? 1 : Environment.ProcessId;
        Assert.That(e.Message, Does.StartWith($"start reply: pid {reported} is neither the harness process the suite spawned ({h.SpawnedPid}) nor one of its descendants"));
        Assert.That(() => _ = h.Pid, Throws.InvalidOperationException, "no oracle may look at a refused pid");
    }

    [Test]
    public void A_refused_pid_makes_the_case_broken()
    {
        var (status, message) = StatusMapper.Map(ResultState.Error,
            "OsConformance.Protocol.HarnessPidException : start reply: pid 1 is neither the harness process the suite spawned (5) nor one of its descendants", false);
        Assert.That(status, Is.EqualTo(CaseStatus.Broken));
        Assert.That(message, Does.Contain("pid 1 is neither"));
    }

    [Test]
    public void The_child_of_a_wrapper_that_does_not_exec_is_found_in_the_kernel()
    {
        if (!OperatingSystem.IsLinux())
            Assert.Ignore("the wrapper's child is found through /proc");
        string[] command = [Fixtures.Harness("child-wrapper.sh"), Fixtures.Harness("good.sh")];
        using (var plain = Spawn(command))
        {
            plain.Start();
            Assert.That(plain.Call("getpid").Value, Is.Not.EqualTo(new JsNumber(plain.Pid)), "without HarnessIsChild the spawned wrapper is judged");
        }
        using var h = Spawn(command, harnessIsChild: true);
        h.Start();
        Assert.That(h.Pid, Is.Not.EqualTo(h.SpawnedPid));
        Assert.That(h.Call("getpid").Value, Is.EqualTo(new JsNumber(h.Pid)));
    }

    [Test]
    public void The_tree_is_the_kernels()
    {
        Assert.That(ProcessTree.IsSelfOrDescendant(Environment.ProcessId, Environment.ProcessId), Is.True);
        Assert.That(ProcessTree.IsSelfOrDescendant(1, Environment.ProcessId), Is.False, "init is no descendant of the runner");
        if (OperatingSystem.IsLinux())
        {
            Assert.That(ProcessTree.IsSelfOrDescendant(Environment.ProcessId, 1), Is.True, "everything descends from init");
            Assert.That(ProcessTree.Get(Environment.ProcessId)?.Ppid, Is.EqualTo(int.Parse(File.ReadAllLines("/proc/self/status")
                .First(l => l.StartsWith("PPid:", StringComparison.Ordinal))[5..].Trim())));
        }
        Assert.That(ProcessTree.Get(int.MaxValue), Is.Null);
    }
}
