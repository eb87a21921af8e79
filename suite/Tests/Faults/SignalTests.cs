using System.Diagnostics;
using NUnit.Framework;
using OsConformance.Protocol.Interop;
using static OsConformance.Suite.Tests.Faults.FaultKit;
using static OsConformance.Suite.Tests.Runner.RunnerFixture;

namespace OsConformance.Suite.Tests.Faults;

/// <summary>SIGINT and SIGTERM to the runner (a separate process): every harness and descendant is gone, --out holds the old or the new set.</summary>
[TestFixture, NonParallelizable]
public sealed class SignalTests
{
    // The CLI built beside these tests, so it is the code under test.
    private static Process StartCli(string parent, IDictionary<string, string>? env, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "os-conformance-cli.dll"));
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        psi.Environment["OSC_ROOT"] = Root;
        foreach (var (k, v) in env ?? new Dictionary<string, string>())
            psi.Environment[k] = v;
        psi.WorkingDirectory = parent;
        return Process.Start(psi)!;
    }

    bool sigintWasIgnored;

    // A shell without job control starts a background job with SIGINT ignored, the CLI inherits that,
    // and .NET then rightly never claims SIGINT. These tests are about the CLI's handler, so they give
    // it the default disposition of an interactive run, and put the ignore back afterwards. Only an
    // ignore is changed: a handler of the test host's runtime is left alone.
    [OneTimeSetUp]
    public void DefaultSigint()
    {
        sigintWasIgnored = Libc.Handler(Libc.SIGINT) == Libc.SIG_IGN;
        if (sigintWasIgnored)
            Libc.signal(Libc.SIGINT, Libc.SIG_DFL);
    }

    [OneTimeTearDown]
    public void RestoreSigint()
    {
        if (sigintWasIgnored)
            Libc.signal(Libc.SIGINT, Libc.SIG_IGN);
    }

    [TestCase(2, 130)]
    [TestCase(15, 143)]
    public void ASignalWhileHarnessesRunKillsThemAllAndKeepsTheOldReports(int signal, int exit)
    {
        string parent = NewParent();
        string outDir = Path.Combine(parent, "out");
        using (var first = StartCli(parent, null, "run", "--harness", Fake(), "--out", outDir, "--filter", "getpid/**"))
        {
            first.WaitForExit();
            Assert.That(first.ExitCode, Is.EqualTo(0), first.StandardError.ReadToEnd());
        }
        string old = File.ReadAllText(Path.Combine(outDir, "results.json"));
        using var cli = StartCli(parent, null, "run", "--harness", Fake("getpid=escape", "getppid=hang"), "--out", outDir, "--timeout", "60",
            "--filter", "getpid/**", "--filter", "getppid/**");
        // Wait for the hanging harness's sleep (and the escaped grandchild) to exist.
        var until = DateTime.UtcNow.AddSeconds(60);
        while (ProcessesUnder(Path.Combine(outDir, "work")).Count < 2 && DateTime.UtcNow < until)
            Thread.Sleep(100);
        Assert.That(ProcessesUnder(Path.Combine(outDir, "work")), Has.Count.GreaterThanOrEqualTo(2), "the harnesses are running");
        Libc.kill(cli.Id, signal);
        Assert.That(cli.WaitForExit(30_000), Is.True, "the runner ends");
        Thread.Sleep(200);
        Assert.Multiple(() =>
        {
            Assert.That(cli.ExitCode, Is.EqualTo(exit));
            Assert.That(ProcessesUnder(parent), Is.Empty, "processes left");
            Assert.That(File.ReadAllText(Path.Combine(outDir, "results.json")), Is.EqualTo(old), "the old reports");
            Assert.That(Directory.EnumerateFileSystemEntries(outDir).Select(Path.GetFileName).Where(n => n!.StartsWith(".staging") || n.EndsWith(".tmp")), Is.Empty);
        });
    }

    [Test]
    public void ASignalWhileTheReportsAreWrittenLeavesTheNewSetWhole()
    {
        string parent = NewParent();
        string outDir = Path.Combine(parent, "out");
        using var cli = StartCli(parent, new Dictionary<string, string> { ["OSC_TEST_SIGNAL_WHILE_PUBLISHING"] = "INT" },
            "run", "--harness", Fake(), "--out", outDir, "--filter", "getpid/**");
        Assert.That(cli.WaitForExit(60_000), Is.True);
        Assert.Multiple(() =>
        {
            Assert.That(cli.ExitCode, Is.EqualTo(130));
            foreach (var name in OsConformance.Cli.Runner.ReportOutput.FileNames)
                Assert.That(Path.Combine(outDir, name), Does.Exist);
            Assert.That(Directory.EnumerateFileSystemEntries(outDir).Select(Path.GetFileName).Where(n => n!.StartsWith(".staging") || n.EndsWith(".tmp")), Is.Empty);
        });
    }
}
