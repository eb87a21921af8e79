using NUnit.Framework;
using OsConformance.Cli.Runner;
using OsConformance.Suite.Infrastructure;
using static OsConformance.Suite.Tests.Runner.RunnerFixture;

namespace OsConformance.Suite.Tests.Runner;

[TestFixture, NonParallelizable]
public sealed class CliTests
{
    [TestCase("--workers", "0")]
    [TestCase("--timeout", "-1")]
    [TestCase("--timeout", "abc")]
    [TestCase("--function", "nosuch")]
    [TestCase("--harness", "'unterminated")]
    [TestCase("--no-such-option", "x")]
    public void UsageErrorsExit2(string option, string value)
    {
        string outDir = Path.Combine(NewParent(), "out");
        var (code, _, stderr) = RunCli("run", "--harness", Fake(), "--out", outDir, option, value);
        Assert.That(code, Is.EqualTo(2), stderr);
        Assert.That(outDir, Does.Not.Exist, "a usage error writes nothing");
    }

    [TestCase(new[] { "rnu" }, "Unrecognized command or argument 'rnu'. Did you mean 'run'?")]
    [TestCase(new[] { "run", "--harnes", "x" }, "Unrecognized command or argument '--harnes'. Did you mean '--harness'?")]
    [TestCase(new[] { "run", "--workers", "two" }, "Cannot parse argument 'two' for option '--workers' as a whole number.")]
    public void UsageErrorsNameTheMistakeAndWhatWasMeant(string[] args, string first)
    {
        var (code, _, stderr) = RunCli(args);
        Assert.That(code, Is.EqualTo(2), stderr);
        Assert.That(stderr.Split('\n')[0], Is.EqualTo($"os-conformance: {first}"), stderr);
        Assert.That(stderr, Does.Not.Contain("Required command was not provided").And.Not.Contain("System."));
    }

    [Test]
    public void AFilterThatMatchesNothingIsAUsageError()
    {
        var (code, _, stderr) = RunCli("run", "--harness", Fake(), "--out", Path.Combine(NewParent(), "out"), "--filter", "no/such/**");
        Assert.That(code, Is.EqualTo(2));
        Assert.That(stderr, Does.Contain("no case matches"));
    }

    [Test]
    public void AHarnessThatCannotStartExits3()
    {
        var (code, _, stderr) = RunCli("run", "--harness", "/bin/false", "--out", Path.Combine(NewParent(), "out"), "--filter", "getpid/**");
        Assert.That(code, Is.EqualTo(3));
        Assert.That(stderr, Does.Contain("did not start"));
    }

    [Test]
    public void FunctionAndTagFiltersSelectCases()
    {
        var byFunction = RunCli("run", "--harness", Fake(), "--out", Path.Combine(NewParent(), "out"), "--function", "getppid", "--tag", "ids");
        Assert.That(byFunction.Code, Is.EqualTo(0), byFunction.Out + byFunction.Err);
        Assert.That(byFunction.Out, Does.Contain("1 cases").Or.Contain("1 case"));

        string outDir = Path.Combine(NewParent(), "out");
        var excluded = RunCli("run", "--harness", Fake(), "--out", outDir, "--filter", "get*/**", "--tag", "!linux-only");
        Assert.That(excluded.Code, Is.EqualTo(0), excluded.Out + excluded.Err);
        var ids = OsConformance.Reports.ResultsReader.Read(Path.Combine(outDir, "results.json")).Cases.Select(c => c.Id).ToList();
        Assert.That(ids, Does.Contain("getpid/equals-spawned-pid").And.Contain("getppid/is-the-runner"));
        Assert.That(ids, Does.Not.Contain("getuid/matches-proc-status"));
    }

    [TestCase("getpid/*", "getpid/equals-spawned-pid", true)]
    [TestCase("getpid/*", "getpid/a/b", false)]
    [TestCase("getpid/**", "getpid/a/b", true)]
    [TestCase("**/fails-if-exists", "open/flags/wx+/fails-if-exists", true)]
    [TestCase("open/flags/wx+/*", "open/flags/wx+/fails-if-exists", true)]
    [TestCase("open/flags/w*/*", "open/flags/wx+/fails-if-exists", true)]
    [TestCase("open/flags/w/*", "open/flags/wx+/fails-if-exists", false)]
    [TestCase("open", "open/flags/w", false)]
    [TestCase("open/flags/w", "open/flags/w", true)]
    public void IdGlobs(string glob, string id, bool matches) =>
        Assert.That(CaseFilter.GlobToRegex(glob).IsMatch(id), Is.EqualTo(matches));

    [Test]
    public void KindsAreAndedValuesAreOred()
    {
        var meta = new CaseMeta("getuid/x", "getuid", "q", null, ["ids", "linux-only"]);
        Assert.Multiple(() =>
        {
            Assert.That(new CaseFilter([], [], []).Matches(meta), Is.True);
            Assert.That(new CaseFilter(["getpid/**", "getuid/**"], [], []).Matches(meta), Is.True);
            Assert.That(new CaseFilter(["getuid/**"], ["getpid"], []).Matches(meta), Is.False);
            Assert.That(new CaseFilter([], ["getpid", "getuid"], ["fds", "ids"]).Matches(meta), Is.True);
            Assert.That(new CaseFilter([], [], ["ids", "!linux-only"]).Matches(meta), Is.False);
        });
    }
}
