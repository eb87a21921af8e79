using System.Text.RegularExpressions;

namespace OsConformance.Reports;

/// <summary>Cases that ended the same way for what looks like the same reason: one status and one message shape.</summary>
public sealed record CauseGroup(CaseStatus Status, string Shape, IReadOnlyList<CaseResult> Cases);

/// <summary>The cause groups of one family, largest first.</summary>
public sealed record FamilyGroup(string Family, IReadOnlyList<CauseGroup> Causes)
{
    public int Count => Causes.Sum(c => c.Cases.Count);
}

/// <summary>
/// Groups cases by family (<see cref="Matrix.FamilyOf"/>) and by cause, so a reader sees "40 ×
/// open rejects a flag string with N" once instead of 40 rows. The shape of a message is the
/// message with what varies from case to case masked: the case's id, quoted text, paths and numbers.
/// </summary>
public static partial class FailureGroups
{
    public static IReadOnlyList<FamilyGroup> Of(IEnumerable<CaseResult> cases) =>
        cases.GroupBy(c => Matrix.FamilyOf(c.Tags), StringComparer.Ordinal)
            .Select(f => new FamilyGroup(f.Key, f
                .GroupBy(c => (c.Status, Shape: Shape(c)))
                .Select(g => new CauseGroup(g.Key.Status, g.Key.Shape, g.OrderBy(c => c.Id, StringComparer.Ordinal).ToList()))
                .OrderByDescending(g => g.Cases.Count).ThenBy(g => g.Status).ThenBy(g => g.Shape, StringComparer.Ordinal)
                .ToList()))
            .OrderByDescending(f => f.Count).ThenBy(f => f.Family, StringComparer.Ordinal)
            .ToList();

    /// <summary>The message with its varying parts masked; "(no message)" without one.</summary>
    public static string Shape(CaseResult c)
    {
        if (string.IsNullOrWhiteSpace(c.Message)) return "(no message)";
        var s = c.Message.ReplaceLineEndings(" ");
        if (s.Length > 300) s = s[..300] + "…";
        s = s.Replace(c.Id, "<case>", StringComparison.Ordinal);
        s = Quoted().Replace(s, m => m.Value[0] + "…" + m.Value[0]);
        s = AbsolutePath().Replace(s, "<path>");
        s = Number().Replace(s, "N");
        return Spaces().Replace(s, " ").Trim();
    }

    [GeneratedRegex("'[^']*'|\"[^\"]*\"")]
    private static partial Regex Quoted();

    // A path starts a word (after a space, bracket, quote or '='), so an id glob's "*/x" is not one.
    [GeneratedRegex(@"(?<=^|[\s(\[""'=])/[^\s'"",;:)\]]+")]
    private static partial Regex AbsolutePath();

    [GeneratedRegex(@"\b(0x[0-9a-fA-F]+|\d+(\.\d+)?)\b")]
    private static partial Regex Number();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
