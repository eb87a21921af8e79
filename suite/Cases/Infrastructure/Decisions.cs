using System.Text.RegularExpressions;

namespace OsConformance.Suite.Infrastructure;

/// <summary>The anchors of docs/decisions.md (its "## name" headings), as "docs/decisions.md#name".</summary>
public static partial class Decisions
{
    public const string RelativePath = "docs/decisions.md";
    public const string Prefix = RelativePath + "#";

    private static readonly Lock gate = new();
    private static (string Path, IReadOnlyList<string> Anchors)? cached;

    [GeneratedRegex(@"^##\s+(?<a>[a-z0-9][a-z0-9-]*)\s*$", RegexOptions.Multiline)]
    private static partial Regex Heading();

    public static IReadOnlyList<string> Anchors
    {
        get
        {
            string path = Path.Combine(RepoRoot.Require(), RelativePath);
            lock (gate)
            {
                if (cached is { } c && c.Path == path)
                    return c.Anchors;
                var anchors = Heading().Matches(File.ReadAllText(path)).Select(m => Prefix + m.Groups["a"].Value).ToList();
                cached = (path, anchors);
                return anchors;
            }
        }
    }
}
