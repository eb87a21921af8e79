using System.Diagnostics;
using System.Text;
using NUnit.Framework;
using NUnit.Framework.Interfaces;
using OsConformance.Protocol;

namespace OsConformance.Suite.Infrastructure;

/// <summary>
/// Base class of every case fixture. Per case (one instance per case): a fresh directory under
/// the run directory, harnesses started on demand and all disposed in TearDown, and the
/// platform tags (linux-only, macos-only, needs-root, needs-tty) turned into "unsupported".
/// </summary>
public abstract class ConformanceFixture
{
    private readonly List<LiveHarnesses.Entry> harnesses = [];
    private readonly HashSet<LiveHarnesses.Entry> leased = [];
    private readonly Stopwatch clock = new();
    private CaseMeta? meta;
    private string? caseDir;

    /// <summary>The running case's metadata.</summary>
    protected CaseMeta Case => meta ?? throw new InvalidOperationException("no case is running");

    /// <summary>The case's own directory (also every harness's working directory).</summary>
    protected string CaseDir => caseDir ?? (unsupported is not null ? Unsupported() : throw new InvalidOperationException("no case is running"));

    // NUnit still runs the body after an inconclusive SetUp, so the body's entry points say it again.
    private string? unsupported;

    private string Unsupported()
    {
        Verdict.Unsupported(unsupported!);
        return "";
    }

    private void Gate(bool condition, string reason)
    {
        if (!condition)
            return;
        unsupported = reason;
        CaseRecords.Current.Unsupported = "unsupported: " + reason;
        Verdict.Unsupported(reason);
    }

    /// <summary>The start reply of the harness started last.</summary>
    protected StartInfo? Info { get; private set; }

    /// <summary>What is left of the case's time.</summary>
    protected TimeSpan Remaining
    {
        get
        {
            var left = Target.CaseTimeout - clock.Elapsed;
            return left > TimeSpan.FromMilliseconds(100) ? left : TimeSpan.FromMilliseconds(100);
        }
    }

    /// <summary>A path inside the case directory.</summary>
    protected string InCaseDir(string name) => Path.Combine(CaseDir, name);

    [SetUp]
    public void ConformanceSetUp()
    {
        clock.Restart();
        meta = CaseMeta.Of(TestExecutionContextTest())
            ?? throw new InvalidOperationException("the case has no metadata: use [Case(...)] or CaseData.Of(...)");

        unsupported = null;
        Gate(meta.Tags.Contains(Tags.LinuxOnly) && !OperatingSystem.IsLinux(), "linux-only case");
        Gate(meta.Tags.Contains(Tags.MacosOnly) && !OperatingSystem.IsMacOS(), "macos-only case");
        Gate(meta.Tags.Contains(Tags.NeedsRoot) && !Posix.IsRoot, "needs root");
        Gate(meta.Tags.Contains(Tags.NeedsTty) && !File.Exists("/dev/ptmx"), "needs a pseudo-terminal (/dev/ptmx)");
        Gate(Target.StartInfo is { } known && !known.Capabilities.Functions.Contains(meta.Function) && !meta.Tags.Contains(Tags.ApiSurface),
            $"{meta.Function} is not in the harness's capabilities");

        caseDir = Target.CaseDirectory(meta.Id);
        if (Directory.Exists(caseDir))
            Directory.Delete(caseDir, recursive: true);
        Directory.CreateDirectory(caseDir);
    }

    private static ITest TestExecutionContextTest() =>
        NUnit.Framework.Internal.TestExecutionContext.CurrentContext.CurrentTest;

    /// <summary>
    /// Spawns and starts a fresh harness in the case directory, with the rest of the case's time
    /// as its deadline. The case is unsupported if its function (or any of <paramref name="alsoRequires"/>)
    /// is not in the harness's capabilities.
    /// </summary>
    protected HarnessProcess StartHarness(params string[] alsoRequires) => StartHarness(null, alsoRequires);

    protected HarnessProcess StartHarness(IReadOnlyDictionary<string, string>? environment, params string[] alsoRequires) =>
        Spawn(environment, null, false, alsoRequires);

    /// <summary>
    /// A fresh harness run under a wrapper command that execs the harness command after
    /// <paramref name="wrapper"/>'s words (setpriv, a shell that sets the umask).
    /// </summary>
    protected HarnessProcess StartHarnessUnder(IReadOnlyList<string> wrapper, params string[] alsoRequires) =>
        Spawn(null, wrapper, false, alsoRequires);

    /// <summary>
    /// A fresh harness run as the child of strace (<paramref name="strace"/>: its words up to "--").
    /// The process the runner holds is strace; the harness's <see cref="HarnessProcess.Pid"/> is its child's.
    /// </summary>
    protected HarnessProcess StartHarnessTraced(IReadOnlyList<string> strace, params string[] alsoRequires) =>
        Spawn(null, strace, true, alsoRequires);

    private HarnessProcess Spawn(IReadOnlyDictionary<string, string>? environment, IReadOnlyList<string>? wrapper, bool harnessIsChild, string[] alsoRequires)
    {
        if (unsupported is not null)
            Verdict.Unsupported(unsupported);
        if (Case.Tags.Contains(Tags.Pure) && environment is null && wrapper is null)
        {
            var (pooled, info) = HarnessPool.Lease(Remaining);
            var entry = LiveHarnesses.Add(TestContext.CurrentContext.Test.ID, pooled);
            harnesses.Add(entry);
            leased.Add(entry);
            Info = info;
            RequireForCase(alsoRequires);
            return pooled;
        }
        int n = harnesses.Count + 1;
        // A case that gives an environment gets exactly it; the others get TMPDIR and HOME in the case directory.
        var env = environment is null ? Target.CaseEnvironment(CaseDir)
            : (Target.Environment ?? new Dictionary<string, string>()).Concat(environment)
                .GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Last().Value);
        var harness = HarnessProcess.Spawn(new HarnessOptions(
            [.. wrapper ?? [], .. Target.HarnessCommand], CaseDir, Remaining, Path.Combine(CaseDir, $"harness-{n}.stderr"), env,
            ValidateRequests: false, // the suite's own requests are schema-checked by smoke and the protocol tests
            HarnessIsChild: harnessIsChild));
        harnesses.Add(LiveHarnesses.Add(TestContext.CurrentContext.Test.ID, harness));
        Info = harness.Start();
        if (Info.Protocol != HarnessProcess.ProtocolVersion)
            throw new ProtocolViolationException($"start reply: protocol {Info.Protocol}, the suite speaks {HarnessProcess.ProtocolVersion}");
        RequireForCase(alsoRequires);
        return harness;
    }

    /// <summary>
    /// Makes the case unsupported unless the harness's process leads its process group, as the
    /// spawned process does; a harness that a wrapper runs as a child (it reported its pid) does not.
    /// </summary>
    protected static void RequireGroupLeader(HarnessProcess h)
    {
        if (h.Pid != h.SpawnedPid && ProcessTree.Get(h.Pid) is { } k && k.Pgid != h.Pid)
            Verdict.Unsupported($"the harness's process {h.Pid} (the pid its start reply reported) is not a process group leader "
                + $"(its group is {k.Pgid}, the wrapper's): the case needs the harness to lead its group, as a harness that is exec'd does");
    }

    private void RequireForCase(string[] alsoRequires)
    {
        if (Case.Tags.Contains(Tags.ApiSurface))
            Require(alsoRequires);
        else
            Require([Case.Function, .. alsoRequires]);
    }

    /// <summary>Makes the case unsupported unless the last started harness lists every function.</summary>
    protected void Require(params string[] functions)
    {
        var caps = (Info ?? Target.StartInfo)?.Capabilities.Functions;
        if (caps is null)
            return;
        foreach (var fn in functions)
            if (!caps.Contains(fn))
                Verdict.Unsupported($"{fn} is not in the harness's capabilities");
    }

    [TearDown]
    public void ConformanceTearDown()
    {
        var log = new StringBuilder();
        ProtocolViolationException? late = null;
        for (int i = 0; i < harnesses.Count; i++)
        {
            var entry = harnesses[i];
            // A reply line after the case's last reply is a duplicate or unsolicited one: a violation of this case.
            try { entry.Harness.CheckQuiet(); }
            catch (ProtocolViolationException e) { late ??= e; }
            catch (HarnessException) { /* ended meanwhile: the case's own calls saw it */ }
            IReadOnlyList<string> transcript;
            try { transcript = ForkTranscript.WithChildReports(entry.Harness.Transcript); }
            catch (Exception e) { transcript = [$"(no transcript: {e.Message})"]; }
            if (leased.Contains(entry))
                transcript = [.. transcript.TakeLast(40)]; // a pooled harness's transcript spans many cases
            if (leased.Contains(entry) && LiveHarnesses.Release(entry))
                HarnessPool.Return(entry.Harness);
            else
                entry.DisposeOnce();
            if (caseDir is not null)
                File.WriteAllLines(Path.Combine(caseDir, $"harness-{i + 1}.transcript"), transcript);
            log.AppendLine($"harness {i + 1} (pid {entry.SpawnedPid}):");
            foreach (var line in transcript.TakeLast(20))
                log.AppendLine("  " + HarnessProcess.Cap(line, 400));
            string stderrPath = Path.Combine(caseDir ?? "", $"harness-{i + 1}.stderr");
            if (caseDir is not null && File.Exists(stderrPath))
            {
                var tail = StderrTail(stderrPath);
                if (tail.Count > 0)
                    log.AppendLine("  stderr:").AppendJoin("", tail.Select(l => "    " + HarnessProcess.Cap(l, 400) + "\n"));
            }
        }
        harnesses.Clear();
        leased.Clear();
        if (meta is not null && OutsideWrites.Check(meta.Id) is { Count: > 0 } outside)
        {
            CaseRecords.Current.Outside = outside;
            log.AppendLine("written outside the case directory while the case ran:").AppendJoin("", outside.Select(p => "  " + p + "\n"));
        }
        if (log.Length > 0 && (late is not null || TestContext.CurrentContext.Result.Outcome.Status != TestStatus.Passed || CaseRecords.Current.Outside is not null))
            CaseRecords.Current.Log = log.ToString().TrimEnd();
        if (late is not null)
            throw late;
    }

    // The last lines of a stderr log, reading at most its last 64 KiB (the log itself is capped).
    private static List<string> StderrTail(string path)
    {
        using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        long from = Math.Max(0, fs.Length - 65536);
        fs.Seek(from, SeekOrigin.Begin);
        using var reader = new StreamReader(fs, Encoding.UTF8);
        var lines = reader.ReadToEnd().Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        if (lines.Count > 0 && lines[^1].Length == 0)
            lines.RemoveAt(lines.Count - 1);
        return lines.TakeLast(10).ToList();
    }
}
