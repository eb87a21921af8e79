using System.Text.RegularExpressions;
using NUnit.Framework;
using OsConformance.Cli.Runner;
using OsConformance.Suite.Infrastructure;

namespace OsConformance.Suite.Tests.Runner;

/// <summary>A case that checks a decision cites an anchor docs/decisions.md has, so no case fails on a position nobody wrote down.</summary>
public sealed partial class CitationTests
{
    [GeneratedRegex(@"docs/decisions\.md#[a-z0-9-]+")]
    private static partial Regex DecisionReference();

    [Test]
    public void EveryCitedDecisionIsAnAnchorOfDecisionsMd()
    {
        var cited = CaseCatalog.Load().Where(e => e.Meta?.Decision is not null).ToList();
        Assert.That(cited, Is.Not.Empty, "no case cites a decision: the catalog did not load");
        Assert.That(cited.Where(e => !Decisions.Anchors.Contains(e.Meta!.Decision!)).Select(e => $"{e.Id}: {e.Meta!.Decision}"), Is.Empty);
    }

    [Test]
    public void EveryDecisionNamedInTheCasesSourcesExists()
    {
        // Verdict messages and constants name decisions too; a renamed heading must not leave them
        // dangling. Infrastructure only describes the form (docs/decisions.md#anchor).
        string cases = Path.Combine(RepoRoot.Require(), "suite", "Cases");
        var dangling = Directory.EnumerateFiles(cases, "*.cs", SearchOption.AllDirectories)
            .Where(f => Path.GetRelativePath(cases, f).Split(Path.DirectorySeparatorChar)[0] is not ("obj" or "bin" or "Infrastructure"))
            .SelectMany(f => DecisionReference().Matches(File.ReadAllText(f)).Select(m => $"{Path.GetRelativePath(cases, f)}: {m.Value}"))
            .Where(r => !Decisions.Anchors.Contains(r[(r.IndexOf(": ", StringComparison.Ordinal) + 2)..]))
            .Distinct();
        Assert.That(dangling, Is.Empty);
    }
}
