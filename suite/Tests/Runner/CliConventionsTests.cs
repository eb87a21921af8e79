using NUnit.Framework;
using OsConformance.Cli;
using OsConformance.Cli.Runner;
using OsConformance.Protocol;
using OsConformance.Reports;
using OsConformance.Suite.Tests.Reports;
using static OsConformance.Suite.Tests.Runner.RunnerFixture;

namespace OsConformance.Suite.Tests.Runner;

/// <summary>Help, --version, the launcher's commands, and the harness as words after --.</summary>
[TestFixture, NonParallelizable]
public sealed class CliConventionsTests
{
    [Test]
    public void RootHelpNamesTheProgramAndEveryCommandWithTheLaunchers()
    {
        var (code, stdout, _) = RunCli("--help");
        Assert.That(code, Is.EqualTo(0));
        Assert.That(stdout, Does.Contain("Usage:\n  os-conformance [command] [options]").And.Not.Contain("os-conformance-cli"));
        foreach (var command in new[] { "run", "list", "smoke", "coverage", "merge", "compare", "expectations", "report", "selftest", "test", "build" })
            Assert.That(stdout, Does.Match($"\n  {command}\\b"), command);
        Assert.That(stdout, Does.Contain("./os-conformance test").And.Contain("./os-conformance build"));
        Assert.That(stdout, Does.Match("Exit status:\n  0 +the command succeeded\n").And.Match("\n  3 +infrastructure failure"));
    }

    // Each command's help: the program name, and its exit codes as the command returns them.
    [TestCase(new[] { "run" }, new[] { "0", "1", "2", "3", "130/143" })]
    [TestCase(new[] { "list" }, new[] { "0", "2" })]
    [TestCase(new[] { "smoke" }, new[] { "0", "1", "2" })]
    [TestCase(new[] { "coverage" }, new[] { "0", "1", "2" })]
    [TestCase(new[] { "merge" }, new[] { "0", "2", "3" })]
    [TestCase(new[] { "compare" }, new[] { "0", "1", "2" })]
    [TestCase(new[] { "expectations", "write" }, new[] { "0", "2", "3" })]
    [TestCase(new[] { "expectations" }, new[] { "2" })]
    [TestCase(new[] { "report" }, new[] { "0", "2", "3" })]
    [TestCase(new[] { "selftest" }, new[] { "0", "1", "2" })]
    [TestCase(new[] { "test" }, new[] { "0", "1", "3" })]
    [TestCase(new[] { "build" }, new[] { "0", "1" })]
    public void EveryCommandsHelpStatesItsExitCodes(string[] command, string[] codes)
    {
        var (code, stdout, _) = RunCli([.. command, "--help"]);
        Assert.That(code, Is.EqualTo(0));
        Assert.That(stdout, Does.Contain($"Usage:\n  os-conformance {string.Join(' ', command)}").And.Not.Contain("os-conformance-cli"));
        int at = stdout.IndexOf("\nExit status:\n", StringComparison.Ordinal);
        Assert.That(at, Is.GreaterThan(0), stdout);
        var listed = stdout[(at + 14)..].Split('\n').TakeWhile(l => l.StartsWith("  ", StringComparison.Ordinal))
            .Select(l => l.Trim().Split(' ')[0]).ToList();
        Assert.That(listed, Is.EqualTo(codes));
    }

    [Test]
    public void VersionPrintsTheSuitesVersionProtocolAndSchema()
    {
        var (code, stdout, _) = RunCli("--version");
        Assert.That(code, Is.EqualTo(0));
        Assert.That(stdout, Does.StartWith($"os-conformance {SuiteRunner.SuiteVersion()} ("));
        Assert.That(stdout.TrimEnd(), Does.EndWith($"harness protocol {HarnessProcess.ProtocolVersion}, results.json schema {ResultsJson.SchemaVersion})"));
    }

    [TestCase("test")]
    [TestCase("build")]
    public void TheLaunchersCommandsPointToTheLauncher(string command)
    {
        var (code, _, stderr) = RunCli(command);
        Assert.That(code, Is.EqualTo(2));
        Assert.That(stderr, Does.Contain($"run ./os-conformance {command}"));
    }

    [Test]
    public void RunTakesTheHarnessAsWordsAfterTheOptions()
    {
        string outDir = Path.Combine(NewParent(), "out");
        var (code, stdout, stderr) = RunCli("run", "--out", outDir, "--filter", "getpid/equals-spawned-pid", "--", FakeHarness, "getppid=wrong");
        Assert.That(code, Is.EqualTo(0), stdout + stderr);
        var results = ResultsReader.Read(Path.Combine(outDir, "results.json"));
        Assert.That(results.Harness, Is.EqualTo($"{FakeHarness} getppid=wrong"), "recorded as a command line");
        Assert.That(results.Cases.Single().Status, Is.EqualTo(CaseStatus.Pass));
        Assert.That(results.Cases.Single().Rerun, Does.Contain($"--harness \"{FakeHarness} getppid=wrong\""));
    }

    [Test]
    public void TheWordsAreNotSplitAgain()
    {
        string[] words = ["/opt/my harness/run", "it's", "$HOME", "a\"b", "", "plain-word_1.2=x"];
        string line = ShellQuote.Join(words);
        Assert.That(ShellWords.Split(line), Is.EqualTo(words));
        Assert.That(line, Does.StartWith("'/opt/my harness/run' 'it'\\''s' '$HOME'").And.EndWith(" plain-word_1.2=x"));

        // smoke spawns the one word: a missing program with a space in its path, not "/nonexistent".
        var (code, stdout, _) = RunCli("smoke", "--", "/nonexistent dir/harness");
        Assert.That(code, Is.EqualTo(1));
        Assert.That(stdout, Does.StartWith("FAIL spawn: ").And.Contain("/nonexistent dir/harness"));
    }

    [TestCase("run")]
    [TestCase("smoke")]
    public void TheHarnessGivenBothWaysOrAstrayIsAUsageError(string command)
    {
        string outDir = Path.Combine(NewParent(), "out");
        string[] extra = command == "run" ? ["--out", outDir] : [];
        var both = RunCli([command, .. extra, "--harness", FakeHarness, "--", FakeHarness]);
        Assert.That(both.Code, Is.EqualTo(2));
        Assert.That(both.Err, Does.Contain("give the harness once"));

        var stray = RunCli([command, .. extra, FakeHarness]);
        Assert.That(stray.Code, Is.EqualTo(2));
        Assert.That(stray.Err, Does.StartWith($"os-conformance: Unrecognized command or argument '{FakeHarness}'. A harness given as words goes after --, e.g. os-conformance {command} [options] -- "));

        var mistyped = RunCli([command, .. extra, "--harnes", FakeHarness]);
        Assert.That(mistyped.Code, Is.EqualTo(2));
        Assert.That(mistyped.Err, Does.StartWith("os-conformance: Unrecognized command or argument '--harnes'. Did you mean '--harness'?\n"));

        var empty = RunCli([command, .. extra, "--"]);
        Assert.That(empty.Code, Is.EqualTo(2));
        Assert.That(empty.Err, Does.Contain("nothing after --"));
        Assert.That(outDir, Does.Not.Exist);
    }

    [Test]
    public void AReportThatCannotBeWrittenIsAnInfrastructureFailure()
    {
        string parent = NewParent();
        string saved = ReportsCli.Write(parent, "saved.json", SampleResults.Create());
        string outDir = Path.Combine(parent, "out");
        Directory.CreateDirectory(Path.Combine(outDir, "results.json")); // where the file must go
        var (code, _, stderr) = RunCli("report", saved, "--out", outDir);
        Assert.That(code, Is.EqualTo(3), stderr);
        Assert.That(stderr, Does.Contain("writing"));
    }
}
