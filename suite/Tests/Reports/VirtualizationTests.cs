using System.Text.Json.Nodes;
using NUnit.Framework;
using OsConformance.Reports;

namespace OsConformance.Suite.Tests.Reports;

/// <summary>platform.virtualization (ci/vm.sh's kvm or tcg) through results.json, the reports and merge.</summary>
[TestFixture]
public sealed class VirtualizationTests
{
    private static RunResults Run(string label, string? virtualization)
    {
        var sample = SampleResults.Create();
        return sample with { Platform = sample.Platform with { Label = label, Virtualization = virtualization } };
    }

    [TestCase("tcg")]
    [TestCase(null)]
    public void TheFieldSurvivesTheRoundTripThroughTheSchema(string? virtualization)
    {
        var bytes = ResultsJson.Serialize(Run("debian13-x64-root", virtualization));
        var platform = JsonNode.Parse(bytes)!["platform"]!.AsObject();
        Assert.That(platform.ContainsKey("virtualization"), Is.EqualTo(virtualization is not null), "absent when unknown, not null or empty");
        Assert.That(ResultsJson.Parse(bytes, "in.json").Platform.Virtualization, Is.EqualTo(virtualization));
    }

    [Test]
    public void AnEmulatedRunSaysItsFiguresAreNotComparableNextToThem()
    {
        var run = Run("debian13-x64-root", "tcg");
        Assert.That(SummaryMarkdown.Render(run), Does.Contain(PerformanceText.EmulatedNote).And.Contain("uid 1000, tcg"));
        Assert.That(HtmlReport.Render(run), Does.Contain(PerformanceText.EmulatedNote));
        var native = Run("linux-x64-root", null);
        Assert.That(SummaryMarkdown.Render(native), Does.Not.Contain(PerformanceText.EmulatedNote));
    }

    [Test]
    public void TheMatrixMarksTheEmulatedColumnOfThePerformanceTable()
    {
        var m = Matrix.Build([(Run("linux-x64-root", "kvm"), "a.json"), (Run("debian13-x64-root", "tcg"), "b.json")]);
        var md = MatrixMarkdown.Render(m);
        var header = md.Split('\n').Single(l => l.StartsWith("| operation", StringComparison.Ordinal));
        Assert.That(header, Does.Contain($"`sjs-os-reference@debian13-x64-root` ({PerformanceText.EmulatedNote})"));
        Assert.That(header, Does.Not.Contain($"`sjs-os-reference@linux-x64-root` ("));
        Assert.That(MatrixHtml.Render(m), Does.Contain($"sjs-os-reference@debian13-x64-root<br><small>{PerformanceText.EmulatedNote}</small>"));
        var bytes = MatrixJson.Serialize(m, c => $"badges/{c.Key}.json");
        MatrixJson.Validate(bytes, "matrix.json");
        Assert.That(JsonNode.Parse(bytes)!["columns"]![1]!["platform"]!["virtualization"]!.GetValue<string>(), Is.EqualTo("tcg"));
    }
}
