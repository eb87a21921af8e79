using NUnit.Framework;
using OsConformance.Cli;
using OsConformance.Cli.Runner;
using OsConformance.Suite.Infrastructure;

namespace OsConformance.Suite.Tests.Runner;

/// <summary>Helpers shared by the runner's tests: the fake harness, temp dirs, running the CLI.</summary>
internal static class RunnerFixture
{
    public static readonly string[] ExampleIds = ["getpid/equals-spawned-pid", "getppid/is-the-runner", "getuid/matches-proc-status"];

    public static string Root => RepoRoot.Require();

    public static string FakeHarness => Path.Combine(Root, "suite", "Tests", "fixtures", "runner", "fake-harness.sh");

    public static string Fake(params string[] modes) => string.Join(' ', [FakeHarness, .. modes]);

    /// <summary>The reference harness as ./os-conformance build leaves it; a test that needs it fails without it.</summary>
    public static string ReferenceHarness()
    {
        var path = Path.Combine(Root, ".build", "harness", "osc-harness");
        Assert.That(path, Does.Exist, "the reference harness is built by ./os-conformance build");
        return path;
    }

    /// <summary>A fresh directory whose only child after a run should be "out".</summary>
    public static string NewParent()
    {
        // Directly under the temp dir: a shared parent made by a root run would refuse other users.
        // 0755 as Directory.CreateDirectory made it, not mkdtemp's 0700.
        var dir = Directory.CreateTempSubdirectory("osc-runner-test-");
        dir.UnixFileMode = (UnixFileMode)0b111_101_101;
        parents.Add(dir.FullName);
        return dir.FullName;
    }

    private static readonly System.Collections.Concurrent.ConcurrentBag<string> parents = [];

    /// <summary>Deletes every <see cref="NewParent"/> directory (the end of the test run).</summary>
    public static void DeleteParents()
    {
        while (parents.TryTake(out var dir))
        {
            try { Directory.Delete(dir, recursive: true); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
    }

    public static (int Code, string Out, string Err) RunCli(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = Program.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    public static RunOutcome Run(string harness, string outDir, double timeoutSeconds = 10, params string[] filters) =>
        SuiteRunner.Run(new RunOptions
        {
            Harness = harness.Split(' '),
            HarnessText = harness,
            OutDir = outDir,
            Filters = filters.Length > 0 ? filters : ExampleIds,
            Timeout = TimeSpan.FromSeconds(timeoutSeconds),
            Tty = false,
        }, new StringWriter(), new StringWriter());

    /// <summary>Processes still running the fake harness, or children left in the groups it spawned.</summary>
    public static List<string> Survivors(IEnumerable<int> pgids)
    {
        var survivors = Leftovers.Find(pgids).Select(p => $"pid {p.Pid} (group {p.Pgid}, state {p.State})").ToList();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out int pid))
                continue;
            try
            {
                string cmdline = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
                if (cmdline.Contains(FakeHarness, StringComparison.Ordinal))
                    survivors.Add($"pid {pid}: {cmdline}");
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        return survivors;
    }
}
