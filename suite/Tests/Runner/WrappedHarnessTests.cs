using NUnit.Framework;
using OsConformance.Reports;
using OsConformance.Suite.Infrastructure;
using static OsConformance.Suite.Tests.Runner.RunnerFixture;

namespace OsConformance.Suite.Tests.Runner;

/// <summary>
/// A harness behind a wrapper that does not exec (suite/Tests/fixtures/harnesses/child-wrapper.sh)
/// gives the direct harness's results once it reports its pid, over cases whose oracles read the
/// harness's process: ids, the fd table, cwd, strace, exit and abort in the harness, exec in place,
/// fork's parent. Without the pid the same run fails, so the pid is what makes it agree.
/// </summary>
[TestFixture, NonParallelizable]
public sealed class WrappedHarnessTests
{
    static readonly string[] PerProcess =
    [
        "getpid/**", "getppid/**", "getuid/**", "chdir/**", "close/**", "dup2/**", "setsid/**", "abort/**",
        "exit/in-harness/**", "execv/replaces-image/**", "fork/**", "cloexec/atomic/**",
    ];

    // These need the harness's process to lead its group, which a child of a wrapper does not.
    static readonly string[] GroupLeaderCases = ["setsid/group-leader/eperm", "setsid/errors/contract/group-leader"];

    static string Wrapper => Path.Combine(Root, "suite", "Tests", "fixtures", "harnesses", "child-wrapper.sh");

    static Dictionary<string, CaseResult> RunCases(string harness)
    {
        var outcome = Run(harness, Path.Combine(NewParent(), "out"), 20, PerProcess);
        Assert.That(outcome.Results, Is.Not.Null, $"the run of {harness} produced no results (exit {outcome.ExitCode})");
        Assert.That(Survivors(LiveHarnesses.Spawned), Is.Empty);
        return outcome.Results!.Cases.ToDictionary(c => c.Id);
    }

    [Test]
    public void A_wrapped_harness_that_reports_its_pid_gives_the_direct_results()
    {
        if (!OperatingSystem.IsLinux())
            Assert.Ignore("several of these cases read /proc");
        string harness = ReferenceHarness();
        var direct = RunCases(harness);
        var wrapped = RunCases($"{Wrapper} {harness} --report-pid");
        Assert.That(wrapped.Keys, Is.EquivalentTo(direct.Keys));
        Assert.That(direct.Values.Count(c => c.Status == CaseStatus.Pass), Is.GreaterThan(80), "the selection is a real sample");
        Assert.Multiple(() =>
        {
            foreach (var (id, d) in direct)
            {
                var w = wrapped[id];
                if (GroupLeaderCases.Contains(id))
                {
                    Assert.That(w.Status, Is.EqualTo(CaseStatus.Unsupported), $"{id}: {w.Message}");
                    Assert.That(w.Message, Does.Contain("is not a process group leader"));
                }
                else
                    Assert.That(w.Status, Is.EqualTo(d.Status), $"{id}: direct {d.Status} ({d.Message}), wrapped {w.Status} ({w.Message})");
            }
        });
    }

    [Test]
    public void Without_the_pid_the_wrapped_harness_fails_on_the_wrong_process()
    {
        if (!OperatingSystem.IsLinux())
            Assert.Ignore("several of these cases read /proc");
        var wrapped = RunCases($"{Wrapper} {ReferenceHarness()}");
        Assert.That(wrapped["getpid/equals-spawned-pid"].Status, Is.EqualTo(CaseStatus.Fail), wrapped["getpid/equals-spawned-pid"].Message);
        Assert.That(wrapped.Values.Count(c => c.Status == CaseStatus.Fail), Is.GreaterThan(10), "the fd-table cases judge the wrapper");
    }
}
