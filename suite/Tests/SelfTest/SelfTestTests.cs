using NUnit.Framework;
using OsConformance.SelfTest;
using OsConformance.SelfTest.Proxy;
using OsConformance.Suite.Infrastructure;

namespace OsConformance.Suite.Tests.SelfTest;

/// <summary>The self-test's judging rule, its run plan and the catalogue's own invariants.</summary>
public sealed class SelfTestTests
{
    private static FaultInfo F(string id, params string[] observers) => new(id, id.Split('/')[0], "a bug", "spec", null, observers, false);

    private static CaseMeta C(string id, string fn, params string[] tags) => new(id, fn, "spec", null, tags);

    [TestCase("pass", "fail", true)]
    [TestCase("pass", "crashed", true)]
    [TestCase("pass", "broken", true)]
    [TestCase("pass", "timeout", true)]
    [TestCase("pass", "unsupported", false)]
    [TestCase("pass", "pass", false)]
    [TestCase("unsupported", "fail", false)]
    [TestCase("fail", "fail", false)]
    public void CaughtOnlyByACaseThatPassedWithoutTheFault(string baseline, string withFault, bool caught)
    {
        var by = Judge.CaughtBy(new Dictionary<string, string> { ["a/b"] = baseline }, new Dictionary<string, string> { ["a/b"] = withFault });
        Assert.That(by.Count > 0, Is.EqualTo(caught));
    }

    [Test]
    public void ObserversSelectByFunctionTagGlobOrAll()
    {
        var open = C("open/flags/w", "open", "open-flags");
        var stat = C("stat/fields/regular/uid", "stat", "stat");
        Assert.Multiple(() =>
        {
            Assert.That(F("x/y", "open").Observes(open) && !F("x/y", "open").Observes(stat));
            Assert.That(F("x/y", "tag:stat").Observes(stat) && !F("x/y", "tag:stat").Observes(open));
            Assert.That(F("x/y", "id:stat/**/uid").Observes(stat) && !F("x/y", "id:stat/*/uid").Observes(stat));
            Assert.That(F("x/y", "*").Observes(open) && F("x/y", "*").Observes(stat));
        });
    }

    [Test]
    public void EachFaultRunsOnlyItsObservingCasesThatPassedInTheBaseline()
    {
        var cases = new[] { C("open/a", "open"), C("open/b", "open"), C("stat/a", "stat") };
        var calls = new List<(string Fault, string[] Ids)>();
        IReadOnlyDictionary<string, string> Run(string fault, IReadOnlyList<string> ids)
        {
            calls.Add((fault, ids.ToArray()));
            return fault switch
            {
                "none" => new Dictionary<string, string> { ["open/a"] = "pass", ["open/b"] = "unsupported", ["stat/a"] = "pass" },
                "open/bug" => ids.ToDictionary(id => id, _ => "fail"),
                _ => ids.ToDictionary(id => id, _ => "pass"),
            };
        }
        var r = SelfTestRun.Run("full", [F("open/bug", "open"), F("stat/bug", "stat")], cases, Run, TextWriter.Null);
        Assert.That(calls[0].Fault, Is.EqualTo("none"));
        Assert.That(calls[0].Ids, Is.EquivalentTo(new[] { "open/a", "open/b", "stat/a" }));
        Assert.That(calls[1], Is.EqualTo(("open/bug", new[] { "open/a" })).Using<(string, string[])>((x, y) => x.Item1 == y.Item1 && x.Item2.SequenceEqual(y.Item2)));
        Assert.That(r.Faults[0].CaughtBy, Is.EqualTo(new[] { "open/a" }));
        Assert.That(r.Faults[1].Caught, Is.False);
        Assert.That(r.KillRate, Is.EqualTo(0.5));
    }

    [Test]
    public void ACatchMadeOnlyOfTimeoutsCountsOnlyIfTheCasesPassAgainWithoutTheFault()
    {
        var cases = new[] { C("a/slow", "open"), C("a/noisy", "stat") };
        int baselines = 0;
        IReadOnlyDictionary<string, string> Run(string fault, IReadOnlyList<string> ids) => fault == "none"
            ? ids.ToDictionary(id => id, id => baselines++ == 0 || id == "a/slow" ? "pass" : "timeout") // a/noisy times out on its rerun
            : ids.ToDictionary(id => id, _ => "timeout");
        var r = SelfTestRun.Run("full", [F("x/slow", "open"), F("x/noisy", "stat")], cases, Run, TextWriter.Null);
        Assert.That(r.Faults[0].Caught, Is.True, "a/slow passes again without the fault");
        Assert.That(r.Faults[1].Caught, Is.False, "a/noisy also times out without the fault: load, not the fault");
    }

    [Test]
    public void TheReportListsEverySurvivorWithItsAnswer()
    {
        var r = new SelfTestResult("full", DateTimeOffset.UnixEpoch, TimeSpan.FromMinutes(1), 3, 3,
        [
            new FaultOutcome(F("a/caught", "open"), 2, 2, ["open/a"]),
            new FaultOutcome(F("a/survives", "open") with { Answer = "not observable because ..." }, 2, 2, []),
            new FaultOutcome(F("a/open-question", "open"), 2, 2, []),
        ]);
        string md = SelfTestReport.Markdown(r, "linux-x64-root", "./os-conformance selftest");
        Assert.That(md, Does.Contain("`a/survives` (a bug; 2 cases ran): not observable because ..."));
        Assert.That(md, Does.Contain("`a/open-question` (a bug; 2 cases ran): **no answer yet**"));
        Assert.That(r.Unanswered.Select(o => o.Fault.Id), Is.EqualTo(new[] { "a/open-question" }));
        Assert.That(SelfTestReport.Json(r, "linux-x64-root"), Does.Contain("\"kill_rate\": 0.3333"));
    }

    [Test]
    public void TheJsonReadsBackWithTheAnswersOfTheAnswersFile()
    {
        var r = new SelfTestResult("full", DateTimeOffset.UnixEpoch, TimeSpan.FromSeconds(90), 3, 2,
            [new FaultOutcome(F("a/caught", "open"), 2, 2, ["open/a"]), new FaultOutcome(F("a/survives", "tag:stat"), 4, 3, [])]);
        var back = SelfTestResults.Read(SelfTestReport.Json(r, "linux-x64-root"), new Dictionary<string, string> { ["a/survives"] = "because" });
        Assert.That(back.Faults.Select(o => (o.Fault.Id, o.Observing, o.CasesRun, o.Caught)), Is.EqualTo(r.Faults.Select(o => (o.Fault.Id, o.Observing, o.CasesRun, o.Caught))));
        Assert.That(back.Faults[1].Fault.Answer, Is.EqualTo("because"));
        Assert.That(back.Faults[1].Fault.Observers, Is.EqualTo(new[] { "tag:stat" }));
        Assert.That((back.BaselineCases, back.BaselinePassing, back.Unanswered.Count()), Is.EqualTo((3, 2, 0)));
    }

    // ---- the catalogue ----

    private static readonly IReadOnlyList<FaultInfo> Catalogue = FaultInfo.ParseList(OsConformance.SelfTest.Proxy.Catalogue.ListJson());

    private static readonly string[] Families =
        ["cloexec", "flags", "modes", "rw", "fds", "stat", "wstatus", "fork", "waitpid", "exec", "ids", "errors", "scandir", "urandom", "tty", "exit", "bounds", "constants"];

    [Test]
    public void TheCatalogueHasAtLeast80FaultsWithUniqueIdsOverEveryFamily()
    {
        Assert.That(Catalogue.Count, Is.GreaterThanOrEqualTo(80));
        Assert.That(Catalogue.Select(f => f.Id).Distinct().Count(), Is.EqualTo(Catalogue.Count), "unique ids");
        Assert.That(Catalogue.Select(f => f.Family).Distinct(), Is.SupersetOf(Families));
    }

    [Test]
    public void EveryFaultSaysWhatItBreaksAndWhoCanSeeIt()
    {
        var doc = SpecDocument.Current;
        var cases = CaseCatalogCases();
        Assert.Multiple(() =>
        {
            foreach (var f in Catalogue)
            {
                Assert.That((f.Spec is null) != (f.Decision is null), $"{f.Id}: exactly one of spec and decision");
                if (f.Spec is not null)
                    Assert.That(doc.Locate(f.Spec, null), Is.Not.Empty, $"{f.Id}: the spec quote is in {SpecDocument.RelativePath}");
                if (f.Decision is not null)
                    Assert.That(Decisions.Anchors, Does.Contain(f.Decision), $"{f.Id}: the decision anchor exists");
                Assert.That(f.Description, Is.Not.Empty, f.Id);
                Assert.That(cases.Any(f.Observes), $"{f.Id}: its observers ({string.Join(", ", f.Observers)}) select at least one case");
            }
        });
    }

    [Test]
    public void TheCiSubsetCoversEveryFamily() =>
        Assert.That(Catalogue.Where(f => f.Ci).Select(f => f.Family).Distinct(), Is.EquivalentTo(Catalogue.Select(f => f.Family).Distinct()));

    [Test]
    public void EveryFaultCanBeSwitchedOnInProcess()
    {
        // Applying a fault only rewires the dispatch table and the layer; none may throw while doing so.
        foreach (var f in OsConformance.SelfTest.Proxy.Catalogue.All)
        {
            var saved = new Dictionary<string, OsConformance.Harness.Dispatch.Fn>(OsConformance.Harness.Dispatch.Functions);
            try { Assert.DoesNotThrow(() => f.Apply(new FaultLayer()), f.Id); }
            finally
            {
                foreach (var kv in saved) OsConformance.Harness.Dispatch.Functions[kv.Key] = kv.Value;
            }
        }
    }

    private static IReadOnlyList<CaseMeta> CaseCatalogCases() =>
        OsConformance.Cli.Runner.CaseCatalog.Load().Where(e => e.Meta is not null).Select(e => e.Meta!).ToList();
}
