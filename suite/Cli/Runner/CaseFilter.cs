using System.Text;
using System.Text.RegularExpressions;
using NUnit.Framework.Interfaces;
using NUnit.Framework.Internal;
using OsConformance.Suite.Infrastructure;

namespace OsConformance.Cli.Runner;

/// <summary>
/// Selects cases by id glob (<c>*</c> within a segment, <c>**</c> across segments), function and
/// tag (<c>!tag</c> excludes), and exact ids (run --rerun-failed). Values of one kind are OR-ed,
/// kinds are AND-ed.
/// </summary>
public sealed class CaseFilter : TestFilter
{
    private readonly Regex[] globs;
    private readonly HashSet<string> functions;
    private readonly HashSet<string>? ids;
    private readonly string[] includeTags, excludeTags;

    /// <param name="ids">Only these case ids (null: any); an [Explicit] case named here runs.</param>
    public CaseFilter(IEnumerable<string> globs, IEnumerable<string> functions, IEnumerable<string> tags, IEnumerable<string>? ids = null)
    {
        this.globs = globs.Select(GlobToRegex).ToArray();
        this.functions = new HashSet<string>(functions, StringComparer.Ordinal);
        this.ids = ids is null ? null : new HashSet<string>(ids, StringComparer.Ordinal);
        var t = tags.ToList();
        includeTags = t.Where(x => !x.StartsWith('!')).ToArray();
        excludeTags = t.Where(x => x.StartsWith('!')).Select(x => x[1..]).ToArray();
    }

    // No filter given: the run selects every case (not NUnit's TestFilter.IsEmpty, an EmptyFilter test).
    public new bool IsEmpty => globs.Length == 0 && functions.Count == 0 && includeTags.Length == 0 && excludeTags.Length == 0 && ids is null;

    public static Regex GlobToRegex(string glob)
    {
        var sb = new StringBuilder("^");
        for (int i = 0; i < glob.Length; i++)
        {
            if (glob[i] == '*' && i + 1 < glob.Length && glob[i + 1] == '*') { sb.Append(".*"); i++; }
            else if (glob[i] == '*') sb.Append("[^/]*");
            else if (glob[i] == '?') sb.Append("[^/]");
            else sb.Append(Regex.Escape(glob[i].ToString()));
        }
        return new Regex(sb.Append('$').ToString(), RegexOptions.CultureInvariant);
    }

    public bool Matches(CaseMeta meta) =>
        (ids is null || ids.Contains(meta.Id))
        && (globs.Length == 0 || globs.Any(g => g.IsMatch(meta.Id)))
        && (functions.Count == 0 || functions.Contains(meta.Function))
        && (includeTags.Length == 0 || includeTags.Any(meta.Tags.Contains))
        && !excludeTags.Any(meta.Tags.Contains);

    public override bool Match(ITest test)
    {
        if (test.IsSuite)
            return false;
        var meta = CaseMeta.Of(test);
        // A test without metadata is reported (broken) only by an unfiltered run.
        return meta is null ? IsEmpty : Matches(meta);
    }

    // An [Explicit] case runs only when named: by a glob without wildcards, or among the ids.
    public override bool IsExplicitMatch(ITest test) =>
        CaseMeta.Of(test) is { } meta
        && (ids?.Contains(meta.Id) == true || globs.Any(g => g.IsMatch(meta.Id) && !g.ToString().Contains("[^/]") && !g.ToString().Contains(".*")));

    public override TNode AddToXml(TNode parentNode, bool recursive) => parentNode.AddElement("osc-case-filter");
}
