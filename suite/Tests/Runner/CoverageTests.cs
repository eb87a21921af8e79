using NUnit.Framework;
using OsConformance.Cli.Runner;
using OsConformance.Suite.Infrastructure;
using static OsConformance.Suite.Tests.Runner.RunnerFixture;

namespace OsConformance.Suite.Tests.Runner;

[NonParallelizable]
public sealed class CoverageTests
{
    [Test]
    public void CommittedCoverageIsUpToDate()
    {
        var (code, stdout, stderr) = RunCli("coverage", "--check");
        Assert.That(code, Is.EqualTo(0), stdout + stderr);
    }

    [Test]
    public void CoverageMapsTheExampleCases()
    {
        var coverage = CoverageReport.Compute(CaseCatalog.Load(), SpecDocument.Current, Decisions.Anchors);
        var getpid = coverage.Sentences.Single(s => s.Sentence.Text == "Returns the process id of the calling process.");
        Assert.That(getpid.Cases, Does.Contain("getpid/equals-spawned-pid"));
        Assert.That(coverage.Decisions.Select(d => d.Anchor), Does.Contain("docs/decisions.md#open-flags"));
    }

    [Test]
    public void EverySentenceIsCovered()
    {
        var coverage = CoverageReport.Compute(CaseCatalog.Load(), SpecDocument.Current, Decisions.Anchors);
        Assert.That(coverage.Uncovered.Select(s => $"{s.Index + 1}. {s.Section.Heading}: {s.Text}"), Is.Empty);
    }
}
