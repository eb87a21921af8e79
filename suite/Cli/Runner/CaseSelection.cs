using NUnit.Framework.Interfaces;
using OsConformance.Suite.Infrastructure;

namespace OsConformance.Cli.Runner;

/// <summary>
/// Which cases of a catalogue a filter selects, as run runs them and list lists them, and the
/// usage errors of a selection: names that are not functions or tags, and a filter that matches nothing.
/// </summary>
public static class CaseSelection
{
    public const string NoMatch = "no case matches the filters";

    /// <summary>The entries a run with <paramref name="filter"/> runs, in catalogue order.</summary>
    public static List<CatalogEntry> Select(IEnumerable<CatalogEntry> catalog, CaseFilter filter) => catalog
        // A suite that failed to build has no metadata: only an unfiltered run reports it (broken).
        .Where(e => e.Test.IsSuite ? filter.IsEmpty : filter.Match(e.Test))
        .Where(e => e.Test.RunState != RunState.Explicit || filter.IsExplicitMatch(e.Test))
        .ToList();

    /// <summary>How many cases an unfiltered run selects ([Explicit] ones run only when named).</summary>
    public static int SuiteCases(IEnumerable<CatalogEntry> catalog) => catalog.Count(e => e.Test.RunState != RunState.Explicit);

    /// <summary>Every tag some case of the catalogue carries, sorted.</summary>
    public static List<string> TagsOf(IEnumerable<CatalogEntry> catalog) =>
        catalog.Where(e => e.Meta is not null).SelectMany(e => e.Meta!.Tags).Distinct().Order(StringComparer.Ordinal).ToList();

    /// <summary>
    /// The first --function or --tag value that names nothing, as a message naming the valid ones
    /// (and the nearest, when one is near); null when every value is known.
    /// </summary>
    public static string? Unknown(IReadOnlyList<string> functions, IReadOnlyList<string> tags, IEnumerable<CatalogEntry> catalog)
    {
        foreach (var fn in functions.Where(f => !Functions.IsDocumented(f)))
            return $"--function {fn}: not one of the documented functions{Meant(fn, Functions.Documented)}; they are {string.Join(", ", Functions.Documented)}";
        var known = TagsOf(catalog);
        foreach (var tag in tags)
        {
            string name = tag.TrimStart('!');
            if (!known.Contains(name, StringComparer.Ordinal))
                return $"--tag {tag}: no case has the tag {name}{Meant(name, known)}; the tags are {string.Join(", ", known)}";
        }
        return null;
    }

    private static string Meant(string typed, IEnumerable<string> names) =>
        UsageErrors.Nearest(typed, names) is { } meant ? $" (did you mean {meant}?)" : "";

    /// <summary>"no case matches the filters", with what to try: a glob that matches only ids below it, where to see the ids.</summary>
    public static string NoMatchMessage(IReadOnlyList<string> globs, IEnumerable<CatalogEntry> catalog)
    {
        var ids = catalog.Select(e => e.Id).ToList();
        var widen = globs
            .Where(g => !g.EndsWith("**", StringComparison.Ordinal))
            .Where(g => ids.Any(CaseFilter.GlobToRegex(g.TrimEnd('/') + "/**").IsMatch))
            .Select(g => $"--filter '{g.TrimEnd('/')}/**'").ToList();
        string hint = widen.Count > 0
            ? $"A glob matches whole ids: did you mean {string.Join(" ", widen)}?"
            : "A glob matches whole ids (open/** for every open case), and different options must all hold.";
        return $"{NoMatch}. {hint} 'os-conformance list' shows the ids, 'list --functions' and 'list --tags' the names.";
    }
}
