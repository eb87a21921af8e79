using System.Reflection;
using NUnit.Framework.Api;
using NUnit.Framework.Interfaces;
using NUnit.Framework.Internal;
using OsConformance.Suite.Infrastructure;

namespace OsConformance.Cli.Runner;

/// <summary>One case of a loaded suite: its NUnit test and its metadata (null when it has none).</summary>
public sealed record CatalogEntry(ITest Test, CaseMeta? Meta)
{
    public string Id => Meta?.Id ?? Test.FullName;
    public bool Runnable => Test.RunState is RunState.Runnable or RunState.Explicit;
    public string? NotRunnableReason => Test.Properties.Get(PropertyNames.SkipReason) as string;
}

/// <summary>
/// The cases of a built test tree. Completes the metadata checks that need every case at once:
/// a duplicate id or a test without metadata becomes not runnable (reported broken).
/// </summary>
public static class CaseCatalog
{
    public static Assembly SuiteAssembly => typeof(ConformanceFixture).Assembly;

    /// <summary>Builds the suite's tests without running them.</summary>
    public static IReadOnlyList<CatalogEntry> Load(Assembly? assembly = null)
    {
        var root = new DefaultTestAssemblyBuilder().Build(assembly ?? SuiteAssembly, new Dictionary<string, object>());
        return Collect(root);
    }

    public static IReadOnlyList<CatalogEntry> Collect(ITest root)
    {
        var entries = new List<CatalogEntry>();
        Walk(root, entries);
        if (root.RunState == RunState.NotRunnable && entries.Count == 0)
            entries.Add(new CatalogEntry(root, null));

        foreach (var group in entries.Where(e => e.Meta is not null).GroupBy(e => e.Meta!.Id, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            string where = string.Join(", ", group.Select(e => e.Test.ClassName + "." + e.Test.MethodName));
            foreach (var e in group)
                MarkNotRunnable(e.Test, $"duplicate case id '{group.Key}' (used by {where})");
        }
        foreach (var e in entries.Where(e => e.Meta is null))
            MarkNotRunnable(e.Test, "the case has no metadata: use [Case(...)] on a [Test] or CaseData.Of(...) in a TestCaseSource");
        return entries;
    }

    private static void Walk(ITest test, List<CatalogEntry> into)
    {
        if (!test.IsSuite)
        {
            into.Add(new CatalogEntry(test, CaseMeta.Of(test)));
            return;
        }
        // A suite that failed to build (bad TestCaseSource, invalid fixture) and has no children
        // would otherwise vanish from the results.
        if (test.RunState == RunState.NotRunnable && !test.HasChildren && test is not TestAssembly)
        {
            into.Add(new CatalogEntry(test, CaseMeta.Of(test)));
            return;
        }
        foreach (var child in test.Tests)
            Walk(child, into);
    }

    private static void MarkNotRunnable(ITest test, string reason)
    {
        if (test is not Test t)
            return;
        string? existing = t.Properties.Get(PropertyNames.SkipReason) as string;
        bool already = t.RunState == RunState.NotRunnable && existing is not null;
        t.RunState = RunState.NotRunnable;
        t.Properties.Set(PropertyNames.SkipReason, already ? existing + "; " + reason : reason);
    }
}
