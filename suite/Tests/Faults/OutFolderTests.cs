using NUnit.Framework;
using OsConformance.Cli.Runner;
using static OsConformance.Suite.Tests.Runner.RunnerFixture;

namespace OsConformance.Suite.Tests.Faults;

/// <summary>--out: nothing of the user's is deleted, the last good report survives a wrong run, bad folders are usage errors.</summary>
[TestFixture, NonParallelizable]
public sealed class OutFolderTests
{
    private static string[] Listing(string dir) =>
        [.. Directory.EnumerateFileSystemEntries(dir, "*", SearchOption.AllDirectories).Select(p => Path.GetRelativePath(dir, p)).Order()];

    [Test]
    public void AFolderHoldingTheUsersFilesIsRefusedAndKept()
    {
        string outDir = Path.Combine(NewParent(), "out");
        Directory.CreateDirectory(Path.Combine(outDir, "work"));
        File.WriteAllText(Path.Combine(outDir, "work", "mine.txt"), "the user's");
        File.WriteAllText(Path.Combine(outDir, "summary.md"), "the user's");
        var before = Listing(outDir);
        var (code, _, stderr) = RunCli("run", "--harness", Fake(), "--out", outDir, "--filter", "getpid/**");
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(2));
            Assert.That(stderr, Does.Contain("did not write"));
            Assert.That(Listing(outDir), Is.EqualTo(before));
        });
    }

    [Test]
    public void APreviousRunsFolderIsReplacedButAForeignFileInItIsRefused()
    {
        string outDir = Path.Combine(NewParent(), "out");
        Assert.That(RunCli("run", "--harness", Fake(), "--out", outDir, "--filter", "getpid/**").Code, Is.EqualTo(0));
        Assert.That(Path.Combine(outDir, OutFolder.Marker), Does.Exist);
        Assert.That(RunCli("run", "--harness", Fake(), "--out", outDir, "--filter", "getppid/**").Code, Is.EqualTo(0), "a run's own folder is reused");
        Assert.That(OsConformance.Reports.ResultsReader.Read(Path.Combine(outDir, "results.json")).Cases.Single().Id, Is.EqualTo("getppid/is-the-runner"));
        File.WriteAllText(Path.Combine(outDir, "notes.txt"), "mine");
        var (code, _, stderr) = RunCli("run", "--harness", Fake(), "--out", outDir, "--filter", "getpid/**");
        Assert.That(code, Is.EqualTo(2));
        Assert.That(stderr, Does.Contain("notes.txt"));
    }

    [TestCase("--harness", "/nonexistent/harness")]
    [TestCase("--filter", "typo/**")]
    public void AWrongRunLeavesTheLastReportAsItWas(string option, string value)
    {
        string outDir = Path.Combine(NewParent(), "out");
        Assert.That(RunCli("run", "--harness", Fake(), "--out", outDir, "--filter", "getpid/**").Code, Is.EqualTo(0));
        var before = Listing(outDir).ToDictionary(p => p, p => File.Exists(Path.Combine(outDir, p)) ? File.ReadAllText(Path.Combine(outDir, p)) : "");
        var (code, _, _) = option == "--harness"
            ? RunCli("run", "--harness", value, "--out", outDir, "--filter", "getpid/**")
            : RunCli("run", "--harness", Fake(), "--out", outDir, "--filter", value);
        Assert.That(code, Is.EqualTo(option == "--harness" ? 3 : 2));
        var after = Listing(outDir).ToDictionary(p => p, p => File.Exists(Path.Combine(outDir, p)) ? File.ReadAllText(Path.Combine(outDir, p)) : "");
        Assert.That(after, Is.EqualTo(before));
    }

    [Test]
    public void OutAsAFileAnUnwritableFolderOrAResultsJsonFolderIsAOneLineUsageError()
    {
        string parent = NewParent();
        string file = Path.Combine(parent, "a-file");
        File.WriteAllText(file, "x");
        string withDir = Path.Combine(parent, "with-dir");
        Directory.CreateDirectory(Path.Combine(withDir, "results.json"));
        File.WriteAllText(Path.Combine(withDir, OutFolder.Marker), "");
        foreach (var outDir in new[] { file, withDir, "/proc/1/osc-out" })
        {
            var (code, stdout, stderr) = RunCli("run", "--harness", Fake(), "--out", outDir, "--filter", "getpid/**");
            Assert.That(code, Is.EqualTo(2), $"{outDir}: {stderr}");
            Assert.That(stderr.Trim().Split('\n'), Has.Length.EqualTo(1), stderr);
            Assert.That(stderr, Does.Not.Contain("   at "), "no stack trace");
        }
    }

    [Test]
    public void TheRepositoryItselfIsRefused()
    {
        var (code, _, stderr) = RunCli("run", "--harness", Fake(), "--out", Root, "--filter", "getpid/**");
        Assert.That(code, Is.EqualTo(2));
        Assert.That(stderr, Does.Contain("repository"));
    }

    [Test]
    public void TheRerunCommandWritesToItsOwnFolderAndNoStagingIsLeft()
    {
        string outDir = Path.Combine(NewParent(), "out");
        var (code, _, _) = RunCli("run", "--harness", Fake("getpid=wrong"), "--out", outDir, "--filter", "getpid/**");
        Assert.That(code, Is.EqualTo(1));
        var c = OsConformance.Reports.ResultsReader.Read(Path.Combine(outDir, "results.json")).Cases.Single();
        Assert.That(c.Rerun, Does.Contain($"--out '{Path.GetRelativePath(Environment.CurrentDirectory, Path.Combine(outDir, "rerun", "getpid~equals-spawned-pid"))}'"));
        Assert.That(Directory.EnumerateFileSystemEntries(outDir).Select(Path.GetFileName).Where(n => n!.StartsWith(".staging")), Is.Empty);
    }
}
