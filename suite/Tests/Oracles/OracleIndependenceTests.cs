using NUnit.Framework;
using OsConformance.Suite.Infrastructure;

namespace OsConformance.Suite.Tests.Oracles;

/// <summary>
/// Issue #13 item 5, "no oracle trusts the implementation": no case judges a value of the harness
/// with another value of the same harness (getuid against geteuid, stat's uid against getuid, S_IMODE
/// against a mask built from the implementation's own constants), unless the case is marked
/// [JudgesConsistency] because their consistency is its subject. Decided by <see cref="HarnessTaint"/>
/// over suite/Cases; what it cannot decide is in <see cref="Exceptions"/>, each with its reason.
/// </summary>
[TestFixture]
public sealed class OracleIndependenceTests
{
    /// <summary>Findings the analysis cannot tell from a real trust, by "Class.Method": why each is not one.</summary>
    public static readonly Dictionary<string, string> Exceptions = new()
    {
        ["FdCases.Dup2SameReturnsFd"] = "the expected fd is the argument the case passed to dup2(fd, fd) (an fd the kernel shows open on the file): the output judged against the input",
        ["FdCases.DupRefersToTheSameFile"] = "copy != fd compares dup's result with the argument the case passed; the kernel then judges what the copy refers to",
        ["ForkWaitCases.WaitpidReapsTheChild"] = Fork,
        ["ForkWaitCases.ResultPidIsTheChild"] = Fork,
        ["ForkWaitCases.MinusOneWaitsForAnyChild"] = Fork,
        ["ForkWaitCases.SpecificPidWaitsForThatChild"] = Fork,
        ["ForkWaitCases.WnohangLeavesTheChild"] = Fork,
        ["ForkWaitCases.WnohangReapsAnExitedChild"] = Fork,
        ["ForkWaitCases.OmittedOptionsWaitsForExit"] = Fork,
        ["ForkWaitCases.OmittedOptionsDoNotReportStops"] = Fork,
        ["ForkWaitCases.WuntracedReportsAStop"] = Fork,
        ["ForkWaitCases.WcontinuedReportsAContinue"] = Fork,
        ["WaitStatusCases.Produce"] = Fork,
    };

    private const string Fork = "the child's pid is the one fork returned to the case, which fork/child/getpid-is-returned-pid judges against the kernel (its ppid is the harness) and fork/parent-gets-own-pid's cases catch when wrong; here it only names the child the case made, and waitpid's pid is judged against it (the process oracle is /proc: macOS has no way yet to name the child from outside)";

    private static IEnumerable<(string, string)> CaseSources()
    {
        string cases = Path.Combine(RepoRoot.Require(), "suite", "Cases");
        return Directory.EnumerateFiles(cases, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"))
            .Order(StringComparer.Ordinal)
            .Select(f => (Path.GetRelativePath(RepoRoot.Require(), f), File.ReadAllText(f)));
    }

    private static (IReadOnlyList<TrustFinding> Findings, IReadOnlyList<TrustFinding> Exempt) Analyze(IEnumerable<(string, string)> sources)
    {
        var taint = HarnessTaint.Of(sources);
        // An unresolved symbol would hide where a value came from: the sources must compile.
        Assert.That(taint.Errors.Select(e => e.ToString()), Is.Empty, "the cases' sources compile in the analysis");
        return taint.Analyze();
    }

    private static (IReadOnlyList<TrustFinding> Findings, IReadOnlyList<TrustFinding> Exempt)? real;
    private static (IReadOnlyList<TrustFinding> Findings, IReadOnlyList<TrustFinding> Exempt) Real => real ??= Analyze(CaseSources());

    [Test]
    public void NoCaseJudgesAHarnessValueWithAnotherFromTheSameHarness()
    {
        var unexplained = Real.Findings.Where(f => !Exceptions.ContainsKey(f.Member)).Select(f => f.ToString()).ToList();
        Assert.That(unexplained, Is.Empty,
            "judge the implementation with an oracle it does not control (the kernel, the filesystem, the platform's headers), "
            + "or mark the case [JudgesConsistency(\"why\")] when the two values' consistency is its subject:\n" + string.Join("\n", unexplained));
    }

    [Test]
    public void EveryExceptionStillApplies()
    {
        var stale = Exceptions.Keys.Where(k => Real.Findings.All(f => f.Member != k)).ToList();
        Assert.That(stale, Is.Empty, "exceptions with no finding left: remove them");
    }

    [Test]
    public void EveryConsistencyMarkJudgesTwoHarnessValues()
    {
        // The mark is for cases that do compare two harness values; elsewhere it would only hide a future trust.
        var marked = MarkedMethods(CaseSources());
        var used = Real.Exempt.Select(f => f.Member).ToHashSet();
        Assert.That(marked.Where(m => !used.Contains(m)), Is.Empty, "[JudgesConsistency] on a method that compares no two harness values");
    }

    private static IEnumerable<string> MarkedMethods(IEnumerable<(string, string)> sources)
    {
        var re = new System.Text.RegularExpressions.Regex(@"\[(?:[^\]]*,\s*)?JudgesConsistency\(""[^""]*""\)[^\]]*\]\s*(?:\[[^\]]*\]\s*)*public\s+\S+\s+(\w+)\s*\(");
        foreach (var (path, text) in sources)
        {
            string cls = System.Text.RegularExpressions.Regex.Match(text, @"class\s+(\w+)").Groups[1].Value;
            foreach (System.Text.RegularExpressions.Match m in re.Matches(text))
                yield return $"{cls}.{m.Groups[1].Value}";
        }
    }

    // A fixture written the way cases are, with the trusts the check must refuse and the forms it must let through.
    private const string Deliberate = """
        using NUnit.Framework;
        using OsConformance.Protocol;
        using OsConformance.Suite.Infrastructure;
        using OsConformance.Suite.Oracles;
        using static OsConformance.Suite.Fds.FdSupport;

        namespace OsConformance.Suite.Deliberate;

        public sealed class DeliberateCases : ConformanceFixture
        {
            [Test, Case("getuid/deliberate/against-geteuid", "getuid", Spec = "Returns the real user ID.")]
            public void UidAgainstEuid()
            {
                using var h = StartHarness();
                Verdict.Equal(Verdict.Returns(h.Call("geteuid")), Verdict.Returns(h.Call("getuid")), "getuid");
            }

            [Test, Case("stat/deliberate/uid-against-getuid", "stat", Spec = "uid")]
            public void StatUidAgainstGetuid()
            {
                using var h = StartHarness();
                var st = (JsObject)Verdict.Returns(h.Call("stat", "/"));
                double uid = ((JsNumber)Verdict.Returns(h.Call("getuid"))).Value;
                double expected = uid;
                Verdict.That(((JsNumber)st.Props["uid"]).Value == expected, "stat uid", $"{expected}", "x");
            }

            [Test, Case("S_IMODE/deliberate/mask-from-its-constants", "S_IMODE", Spec = "mode")]
            public void MaskFromTheImplementationsConstants()
            {
                using var h = StartHarness();
                int mask = Constant(Info, "S_IRWXU");
                Verdict.Equal<JsValue>(0x1A4 & mask, Verdict.Returns(h.Call("S_IMODE", 0x81A4)), "S_IMODE");
            }

            [Test, Case("dup/deliberate/through-a-helper", "dup", Spec = "dup")]
            public void ThroughAHelper()
            {
                using var h = StartHarness();
                int fd = Fd(h.Call("open", "/", "r"), "open");
                Verdict.Equal(Fd(h.Call("dup", fd), "dup"), Twice(h, fd), "dup");
            }

            private static int Twice(HarnessProcess h, int fd) => Fd(h.Call("dup", fd), "dup again");

            [Test, Case("stat/deliberate/two-fields-of-one-reply", "stat", Spec = "birthtime")]
            public void TwoFieldsOfOneReply()
            {
                using var h = StartHarness();
                var (props, kernel) = (((JsObject)Verdict.Returns(h.Call("stat", "/"))).Props, StatOracle.Stat("/"));
                Verdict.Equal(((JsDate)props["ctime"]).Ms, ((JsDate)props["birthtime"]).Ms, "birthtime");
                Verdict.Equal((double?)kernel.Ctime.Milliseconds, ((JsDate)props["birthtime"]).Ms, "birthtime against the kernel");
                Verdict.That(props["nlink"] is JsNumber n && n.Value == Math.Floor(n.Value), "nlink", "an integer", "x");
            }

            [Test, Case("getpid/deliberate/against-the-kernel", "getpid", Spec = "getpid")]
            public void AgainstTheKernel()
            {
                using var h = StartHarness();
                int fd = Fd(h.Call("open", "/", "r"), "open");
                Verdict.Equal(h.Pid, Fd(h.Call("getpid"), "getpid"), "getpid");
                Verdict.Equal("/", Kernel(h, fd, "the fd").Target, "target");
                Verdict.Equal(FdOracle.Get(h.Pid, fd)!.Target, DataOf(Verdict.Returns(h.Call("ttyname", fd)), "ttyname"), "ttyname");
            }

            [Test, Case("fork/deliberate/consistent", "fork", Spec = "fork")]
            [JudgesConsistency("fork's return is the child's getpid: no oracle outside sees the child's view of itself")]
            public void Consistent()
            {
                using var h = StartHarness();
                Verdict.Equal(Fd(h.Call("getpid"), "getpid"), Fd(h.Call("getpid"), "getpid"), "pid");
            }
        }
        """;

    [Test]
    public void TheCheckRefusesDeliberateTrustsAndLetsOraclesThrough()
    {
        var (findings, exempt) = Analyze(CaseSources().Append(("suite/Cases/Deliberate.cs", Deliberate)));
        var mine = findings.Where(f => f.File == "suite/Cases/Deliberate.cs").Select(f => f.Member).Distinct().Order(StringComparer.Ordinal).ToList();
        Assert.That(mine, Is.EqualTo(new[]
        {
            "DeliberateCases.MaskFromTheImplementationsConstants",
            "DeliberateCases.StatUidAgainstGetuid",
            "DeliberateCases.ThroughAHelper",
            "DeliberateCases.TwoFieldsOfOneReply",
            "DeliberateCases.UidAgainstEuid",
        }), string.Join("\n", findings.Where(f => f.File == "suite/Cases/Deliberate.cs")));
        Assert.That(findings.Count(f => f.Member == "DeliberateCases.TwoFieldsOfOneReply"), Is.EqualTo(1), "only ctime against birthtime; not the kernel's ctime, not the integer check");
        Assert.That(exempt.Where(f => f.File == "suite/Cases/Deliberate.cs").Select(f => f.Member).Distinct(), Is.EqualTo(new[] { "DeliberateCases.Consistent" }));
    }
}
