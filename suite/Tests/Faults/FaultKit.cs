using OsConformance.Cli.Runner;
using OsConformance.Reports;
using static OsConformance.Suite.Tests.Runner.RunnerFixture;

namespace OsConformance.Suite.Tests.Faults;

/// <summary>What every fault test measures: the run's outcome, what is left running, and the size of --out.</summary>
internal static class FaultKit
{
    public const string Pooled = "wait-status/synthetic/0x0/WIFEXITED";

    /// <summary>Processes (other than zombies) whose working directory is inside <paramref name="dir"/>: what a harness left.</summary>
    public static List<string> ProcessesUnder(string dir)
    {
        var left = new List<string>();
        foreach (var proc in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(proc), out int pid) || pid == Environment.ProcessId)
                continue;
            try
            {
                var cwd = new DirectoryInfo(Path.Combine(proc, "cwd")).LinkTarget;
                string stat = File.ReadAllText(Path.Combine(proc, "stat"));
                char state = stat[stat.LastIndexOf(')') + 2];
                if (cwd is not null && (cwd + "/").StartsWith(dir.TrimEnd('/') + "/", StringComparison.Ordinal) && state != 'Z')
                    left.Add($"pid {pid} ({state}) in {cwd}");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }
        return left;
    }

    /// <summary>Every byte under dir.</summary>
    public static long Size(string dir) =>
        Directory.Exists(dir) ? new DirectoryInfo(dir).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length) : 0;

    public sealed record Ran(RunOutcome Outcome, string Parent, string Out, string Err, long OutBytes, List<string> Left)
    {
        public CaseResult Case(string id) => Outcome.Results!.Cases.Single(c => c.Id == id);
    }

    /// <summary>Runs the given cases against the fake harness in a fresh folder; measures what is left and the size of --out.</summary>
    public static Ran Run(string harness, double timeout, params string[] ids)
    {
        string parent = NewParent();
        string outDir = Path.Combine(parent, "out");
        var stderr = new StringWriter();
        var outcome = SuiteRunner.Run(new RunOptions
        {
            Harness = harness.Split(' '),
            HarnessText = harness,
            OutDir = outDir,
            Filters = ids,
            Timeout = TimeSpan.FromSeconds(timeout),
            Tty = false,
        }, new StringWriter(), stderr);
        // Processes are killed by the end of the run; a moment for the kernel to finish the exits.
        var left = ProcessesUnder(parent);
        for (int i = 0; i < 20 && left.Count > 0; i++)
        {
            Thread.Sleep(50);
            left = ProcessesUnder(parent);
        }
        return new Ran(outcome, parent, outDir, stderr.ToString(), Size(outDir), left);
    }
}
