using NUnit.Framework;
using OsConformance.Protocol;
using OsConformance.Reports;
using static OsConformance.Suite.Tests.Faults.FaultKit;
using static OsConformance.Suite.Tests.Runner.RunnerFixture;

namespace OsConformance.Suite.Tests.Faults;

/// <summary>
/// The fault catalogue (issue #11): misbehaving harnesses, each a mode of the fake harness. Every
/// test checks the victim's status, that the run completed with results, that nothing the harness
/// started is left, and that --out stays small.
/// </summary>
[TestFixture, NonParallelizable]
public sealed class FaultCatalogueTests
{
    private const long SmallOut = 2 << 20;

    [TearDown]
    public void CgroupsBack() => HarnessProcess.UseCgroups = true;

    [TestCase("getpid=crash", "getpid/equals-spawned-pid", CaseStatus.Crashed, "closed its stdout")]
    [TestCase("getpid=hang", "getpid/equals-spawned-pid", CaseStatus.Timeout, "")]
    [TestCase("getpid=late", "getpid/equals-spawned-pid", CaseStatus.Timeout, "")]
    [TestCase("getpid=garbage", "getpid/equals-spawned-pid", CaseStatus.Crashed, "not JSON")]
    [TestCase("getpid=badutf8", "getpid/equals-spawned-pid", CaseStatus.Crashed, "not valid UTF-8")]
    [TestCase("getpid=wrongid", "getpid/equals-spawned-pid", CaseStatus.Crashed, "expected 2")]
    [TestCase("getpid=schema", "getpid/equals-spawned-pid", CaseStatus.Crashed, "schema")]
    [TestCase("getpid=dup", "getpid/equals-spawned-pid", CaseStatus.Crashed, "more than one reply line")]
    [TestCase("getpid=huge", "getpid/equals-spawned-pid", CaseStatus.Crashed, "longer than the protocol's limit")]
    [TestCase("getpid=longline", "getpid/equals-spawned-pid", CaseStatus.Crashed, "longer than the protocol's limit")]
    [TestCase("getpid=holdout", "getpid/equals-spawned-pid", CaseStatus.Crashed, "harness crashed: harness")] // "exited while ..." or, when the grandchild is killed first, "closed its stdout ..."
    [TestCase(Pooled + "=hang", Pooled, CaseStatus.Timeout, "")]
    [TestCase(Pooled + "=late", Pooled, CaseStatus.Timeout, "")]
    [TestCase(Pooled + "=dup", Pooled, CaseStatus.Crashed, "more than one reply line")]
    public void AMisbehaviourEndsAsItsStatusAndLeavesNothing(string mode, string victim, CaseStatus expected, string message)
    {
        mode = mode.Replace(Pooled + "=", "WIFEXITED=");
        // "late" replies 1 s after the 4 s deadline; the other modes get room on a loaded machine.
        bool slow = mode.EndsWith("=hang") || mode.EndsWith("=late");
        var ran = Run($"/usr/bin/env FAKE_LATE=5 {Fake(mode)}", slow ? 4 : 10, victim, "getuid/matches-proc-status");
        Assert.Multiple(() =>
        {
            Assert.That(ran.Outcome.Results, Is.Not.Null, ran.Err);
            Assert.That(ran.Case(victim).Status, Is.EqualTo(expected), ran.Case(victim).Message);
            Assert.That(ran.Case(victim).Message ?? "", Does.Contain(message));
            Assert.That(ran.Case("getuid/matches-proc-status").Status, Is.EqualTo(CaseStatus.Pass), "the run goes on");
            Assert.That(ran.Outcome.ExitCode, Is.EqualTo(1));
            Assert.That(ran.Left, Is.Empty, "processes left");
            Assert.That(ran.OutBytes, Is.LessThan(SmallOut), "size of --out");
            Assert.That(Path.Combine(ran.Out, "results.json"), Does.Exist);
        });
    }

    [Test]
    public void AnEarlyExitIsCrashed()
    {
        var ran = Run(Fake("exit-after-start"), 10, "getpid/equals-spawned-pid");
        Assert.Multiple(() =>
        {
            Assert.That(ran.Case("getpid/equals-spawned-pid").Status, Is.EqualTo(CaseStatus.Crashed));
            Assert.That(ran.Case("getpid/equals-spawned-pid").Message, Does.StartWith("harness crashed"));
            Assert.That(ran.Left, Is.Empty);
        });
    }

    [TestCase("getpid=surrogate")]
    [TestCase("getpid=bignum")]
    public void AWrongValueIsTheImplementationsFaultNeverBroken(string mode)
    {
        var ran = Run(Fake(mode), 10, "getpid/equals-spawned-pid");
        var c = ran.Case("getpid/equals-spawned-pid");
        Assert.Multiple(() =>
        {
            Assert.That(c.Status, Is.AnyOf(CaseStatus.Fail, CaseStatus.Crashed), c.Message);
            Assert.That(ran.Left, Is.Empty);
            Assert.That(ResultsReader.Read(Path.Combine(ran.Out, "results.json")).Cases, Has.Count.EqualTo(1), "results.json reads back");
        });
    }

    [TestCase(true)]
    [TestCase(false)]
    public void AnEscapedSetsidGrandchildIsKilled(bool cgroups)
    {
        HarnessProcess.UseCgroups = cgroups;
        var ran = Run(Fake("getpid=escape", "WIFEXITED=escape"), 10, "getpid/equals-spawned-pid", Pooled);
        Assert.Multiple(() =>
        {
            Assert.That(ran.Case("getpid/equals-spawned-pid").Status, Is.EqualTo(CaseStatus.Pass));
            Assert.That(ran.Case(Pooled).Status, Is.EqualTo(CaseStatus.Pass));
            Assert.That(ran.Left, Is.Empty, cgroups ? "with a cgroup per harness" : "with the subreaper alone");
        });
    }

    [Test]
    public void AStderrFloodIsCappedAndResultsAreWritten()
    {
        // 200 MB on stderr as one line, in a failing case, then a 20 MB reply line.
        var ran = Run(Fake("getpid=stderr", "getpid=wrong", "getuid=longline"), 30, "getpid/equals-spawned-pid", "getuid/matches-proc-status");
        Assert.Multiple(() =>
        {
            Assert.That(ran.Case("getpid/equals-spawned-pid").Status, Is.EqualTo(CaseStatus.Fail));
            Assert.That(ran.Case("getpid/equals-spawned-pid").Log, Does.Contain("bytes cut"));
            Assert.That(ran.Case("getuid/matches-proc-status").Status, Is.EqualTo(CaseStatus.Crashed));
            Assert.That(Path.Combine(ran.Out, "results.json"), Does.Exist);
            Assert.That(ran.OutBytes, Is.LessThan(SmallOut), "size of --out");
            Assert.That(ran.Left, Is.Empty);
        });
    }

    [Test]
    public void AStartReplyWithAnotherProtocolStopsTheRunBeforeAnyCase()
    {
        string outDir = Path.Combine(NewParent(), "out");
        var (code, stdout, stderr) = RunCli("run", "--harness", Fake("protocol=2"), "--out", outDir, "--filter", "getpid/**");
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(3));
            Assert.That(stderr.Trim().Split('\n'), Has.Length.EqualTo(1), stderr);
            Assert.That(stderr, Does.Contain("protocol 2"));
            Assert.That(stdout, Is.Empty, "no case ran");
            Assert.That(outDir, Does.Not.Exist);
        });
    }

    [Test]
    public void WritesOutsideTheCaseDirectoryAreReported()
    {
        var ran = Run(Fake("getpid=outside"), 10, "getpid/equals-spawned-pid");
        try
        {
            var c = ran.Case("getpid/equals-spawned-pid");
            Assert.Multiple(() =>
            {
                Assert.That(c.Status, Is.EqualTo(CaseStatus.Pass));
                Assert.That(c.Log, Does.Contain("written outside the case directory"));
                Assert.That(c.Log, Does.Contain(Path.Combine(ran.Out, "outside-")));
                Assert.That(c.Log, Does.Contain(Path.Combine(ran.Parent, "outside-")));
                Assert.That(ran.Err, Does.Contain("appeared outside the case directories"));
            });
        }
        finally
        {
            foreach (var f in Directory.EnumerateFiles("/tmp", "osc-outside-*"))
                File.Delete(f);
        }
    }

    [Test]
    public void EachCaseHasItsOwnTmpdirAndHome()
    {
        var ran = Run(Fake(), 10, "getpid/equals-spawned-pid");
        string dir = Path.Combine(ran.Out, "work", "getpid~equals-spawned-pid");
        Assert.That(Path.Combine(dir, "tmp"), Does.Exist);
        Assert.That(Path.Combine(dir, "home"), Does.Exist);
    }

    [TestCase("not-executable")]
    [TestCase("missing")]
    public void AHarnessThatCannotStartExits3AndLeavesOutAsItWas(string kind)
    {
        string parent = NewParent();
        string program = Path.Combine(parent, "harness.sh");
        if (kind == "not-executable")
            File.WriteAllText(program, "#!/bin/sh\n");
        string outDir = Path.Combine(parent, "out");
        var (code, _, stderr) = RunCli("run", "--harness", program, "--out", outDir, "--filter", "getpid/**");
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(3), stderr);
            Assert.That(stderr, Does.Contain("did not start"));
            Assert.That(outDir, Does.Not.Exist);
        });
    }

    [Test]
    public void TheNotFoundMessageSaysTheCaseSetPath()
    {
        var (code, _, stderr) = RunCli("run", "--harness", "no-such-harness-program", "--out", Path.Combine(NewParent(), "out"), "--filter", "getpid/**");
        Assert.That(code, Is.EqualTo(3));
        Assert.That(stderr, Does.Contain("not found in PATH").And.Contain("absolute path"));
    }
}
