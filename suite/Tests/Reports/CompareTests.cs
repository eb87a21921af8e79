using System.Text.Json.Nodes;
using NUnit.Framework;
using OsConformance.Reports;
using static OsConformance.Suite.Tests.Reports.ReportsCli;

namespace OsConformance.Suite.Tests.Reports;

[TestFixture]
public sealed class CompareTests
{
    private string _dir = null!;

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("reports-compare-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    /// <summary>The results file with one case's status (and message) edited in the JSON text, as a person would.</summary>
    private string Edited(string source, string id, string status, string? message)
    {
        var doc = JsonNode.Parse(File.ReadAllText(source))!;
        var c = doc["cases"]!.AsArray().Single(x => x!["id"]!.GetValue<string>() == id)!;
        c["status"] = status;
        c["message"] = message;
        var path = Path.Combine(_dir, $"edited-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, doc.ToJsonString());
        return path;
    }

    [Test]
    public void APassEditedIntoAFailExits1AndNamesTheCase()
    {
        var old = Write(_dir, "old.json", SampleResults.Create());
        var @new = Edited(old, "dup2/cloexec/default", "fail", "now it fails");
        var (code, stdout, stderr) = Run("compare", old, @new);
        Assert.That(code, Is.EqualTo(1), stdout + stderr);
        Assert.That(stdout, Does.Contain("New failures (1):\n  dup2/cloexec/default: pass -> fail\n    now it fails"));
        Assert.That(stderr, Does.Contain("dup2/cloexec/default"));

        var back = Run("compare", @new, old);
        Assert.That(back.Code, Is.EqualTo(0), back.Out + back.Err);
        Assert.That(back.Out, Does.Contain("New passes (1):\n  dup2/cloexec/default: fail -> pass"));
        Assert.That(back.Out, Does.Contain("0 new failures"));
    }

    [Test]
    public void SameRunHasNoChanges()
    {
        var old = Write(_dir, "old.json", SampleResults.Create());
        var (code, stdout, _) = Run("compare", old, old);
        Assert.That(code, Is.EqualTo(0));
        Assert.That(stdout, Does.Contain("0 new failures, 0 new passes, 0 still failing, other status, 0 other status changes, 0 changed messages, 0 added cases, 0 removed cases"));
    }

    [Test]
    public void ChangedMessagesAddedRemovedAndStatusChangesAreListed()
    {
        var a = MakeRun("impl", "l", ("a/pass", CaseStatus.Pass), ("a/fail", CaseStatus.Fail), ("a/crash", CaseStatus.Fail), ("a/gone", CaseStatus.Pass), ("a/unsup", CaseStatus.Pass));
        var b = MakeRun("impl", "l", ("a/pass", CaseStatus.Pass), ("a/fail", CaseStatus.Fail), ("a/crash", CaseStatus.Crashed), ("a/new", CaseStatus.Timeout), ("a/unsup", CaseStatus.Unsupported));
        b = b with { Cases = b.Cases.Select(c => c.Id == "a/fail" ? c with { Message = "a different reason" } : c).ToList() };
        var cmp = RunComparison.Of(a, b);
        Assert.That(cmp.ChangedMessages.Select(c => c.Id), Is.EqualTo(new[] { "a/fail" }));
        Assert.That(cmp.ChangedFailures.Select(c => c.Id), Is.EqualTo(new[] { "a/crash" }));
        Assert.That(cmp.OtherChanges.Select(c => c.Id), Is.EqualTo(new[] { "a/unsup" }));
        Assert.That(cmp.Added.Select(c => c.Id), Is.EqualTo(new[] { "a/new" }));
        Assert.That(cmp.Removed.Select(c => c.Id), Is.EqualTo(new[] { "a/gone" }));
        Assert.That(cmp.NewFailures.Select(c => c.Id), Is.EqualTo(new[] { "a/new" }), "an added case that fails is a new failure");

        var (code, md, _) = Run("compare", Write(_dir, "a.json", a), Write(_dir, "b.json", b), "--format", "md");
        Assert.That(code, Is.EqualTo(1));
        Assert.That(md, Does.Contain("## Changed messages (1)").And.Contain("| `a/fail` | fail | a/fail went fail on impl@l | a different reason |"));
        Assert.That(md, Does.Contain("## Removed cases (1)").And.Contain("| `a/gone` | pass | absent |"));
    }

    [Test]
    public void UsageErrorsAndBadInputsExit2NamingTheFile()
    {
        var old = Write(_dir, "old.json", SampleResults.Create());
        Assert.That(Run("compare", old).Code, Is.EqualTo(2));
        Assert.That(Run("compare", old, old, "--format", "xml").Code, Is.EqualTo(2));

        var foreign = Path.Combine(_dir, "package.json");
        File.WriteAllText(foreign, "{\"name\": \"x\", \"version\": \"1.0.0\"}");
        var (code, _, stderr) = Run("compare", old, foreign);
        Assert.That(code, Is.EqualTo(2));
        Assert.That(stderr, Does.Contain(foreign + ": not an os-conformance results file"));
    }
}
