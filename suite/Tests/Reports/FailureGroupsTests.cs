using NUnit.Framework;
using OsConformance.Reports;

namespace OsConformance.Suite.Tests.Reports;

/// <summary>Failures grouped by family and by cause, for summary.md and report.html.</summary>
[TestFixture]
public sealed class FailureGroupsTests
{
    private static CaseResult Fail(string id, string? message, string family = "open-flags", CaseStatus status = CaseStatus.Fail) =>
        SampleResults.Case(id, "open", status, message: message) with { Tags = [family, "linux-only"] };

    [TestCase("open('/tmp/x1', 'rs') returned fd 5", "open('…', '…') returned fd N")]
    [TestCase("stat of /work/out/case-17/f.txt gave mode 0x1a4", "stat of <path> gave mode N")]
    [TestCase("entry open/flags/unknown/*/type-error: see \"decision\"", "entry open/flags/unknown/*/type-error: see \"…\"")]
    [TestCase("", "(no message)")]
    public void AShapeMasksWhatVaries(string message, string shape) =>
        Assert.That(FailureGroups.Shape(Fail("a/b", message)), Is.EqualTo(shape));

    [Test]
    public void TheCaseIdIsMaskedToo() =>
        Assert.That(FailureGroups.Shape(Fail("open/x/1", "open/x/1 went wrong")), Is.EqualTo("<case> went wrong"));

    [Test]
    public void CasesGroupByFamilyThenStatusAndShapeLargestFirst()
    {
        var groups = FailureGroups.Of(
        [
            Fail("o/1", "open('/a', 'x') returned 3"), Fail("o/2", "open('/b', 'y') returned 4"), Fail("o/3", "other"),
            Fail("o/4", "open('/c', 'z') returned 5", status: CaseStatus.Crashed),
            Fail("s/1", "boom", family: "stat"),
        ]);
        Assert.That(groups.Select(g => (g.Family, g.Count)), Is.EqualTo(new[] { ("open-flags", 4), ("stat", 1) }));
        var open = groups[0].Causes;
        Assert.That(open.Select(c => (c.Status, c.Shape, c.Cases.Count)), Is.EqualTo(new[]
        {
            (CaseStatus.Fail, "open('…', '…') returned N", 2),
            (CaseStatus.Fail, "other", 1),
            (CaseStatus.Crashed, "open('…', '…') returned N", 1),
        }));
        Assert.That(open[0].Cases.Select(c => c.Id), Is.EqualTo(new[] { "o/1", "o/2" }));
    }
}
