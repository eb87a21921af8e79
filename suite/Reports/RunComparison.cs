using System.Text;

namespace OsConformance.Reports;

/// <summary>One case in a comparison: its result in the old run and the new one (null where absent).</summary>
public sealed record CaseChange(string Id, CaseResult? Old, CaseResult? New);

/// <summary>What changed between two runs, case by case (by id).</summary>
public sealed record RunComparison(
    RunResults Old,
    RunResults New,
    // Failing in NEW (fail, broken, crashed, timeout, xpass), not failing or absent in OLD.
    IReadOnlyList<CaseChange> NewFailures,
    // pass in NEW, another status in OLD.
    IReadOnlyList<CaseChange> NewPasses,
    // Failing in both, with another status (e.g. fail to crashed).
    IReadOnlyList<CaseChange> ChangedFailures,
    // Any other change of status (e.g. pass to unsupported, fail to xfail).
    IReadOnlyList<CaseChange> OtherChanges,
    // Same non-pass status in both, another message, expected or actual.
    IReadOnlyList<CaseChange> ChangedMessages,
    // In NEW only (those failing are also in NewFailures).
    IReadOnlyList<CaseChange> Added,
    // In OLD only.
    IReadOnlyList<CaseChange> Removed)
{
    public bool HasNewFailures => NewFailures.Count > 0;

    public static RunComparison Of(RunResults oldRun, RunResults newRun)
    {
        var olds = oldRun.Cases.ToDictionary(c => c.Id, StringComparer.Ordinal);
        var news = newRun.Cases.ToDictionary(c => c.Id, StringComparer.Ordinal);
        var ids = olds.Keys.Union(news.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal);
        List<CaseChange> newFailures = [], newPasses = [], changedFailures = [], other = [], messages = [], added = [], removed = [];
        foreach (var id in ids)
        {
            var o = olds.GetValueOrDefault(id);
            var n = news.GetValueOrDefault(id);
            var change = new CaseChange(id, o, n);
            if (n is null) { removed.Add(change); continue; }
            if (o is null)
            {
                added.Add(change);
                if (n.Status.NeedsAttention()) newFailures.Add(change);
                continue;
            }
            if (o.Status == n.Status)
            {
                if (n.Status != CaseStatus.Pass && (o.Message != n.Message || o.Expected != n.Expected || o.Actual != n.Actual))
                    messages.Add(change);
            }
            else if (n.Status.NeedsAttention() && !o.Status.NeedsAttention()) newFailures.Add(change);
            else if (n.Status == CaseStatus.Pass) newPasses.Add(change);
            else if (n.Status.NeedsAttention() && o.Status.NeedsAttention()) changedFailures.Add(change);
            else other.Add(change);
        }
        return new RunComparison(oldRun, newRun, newFailures, newPasses, changedFailures, other, messages, added, removed);
    }

    private string Describe(RunResults r) => $"{r.Implementation.Name} {r.Implementation.Version} on {r.Platform.Label} (suite {r.SuiteVersion}, {r.Cases.Count} cases)";

    private IEnumerable<(string Title, IReadOnlyList<CaseChange> Changes)> Sections() =>
    [
        ("New failures", NewFailures),
        ("New passes", NewPasses),
        ("Still failing, other status", ChangedFailures),
        ("Other status changes", OtherChanges),
        ("Changed messages", ChangedMessages),
        ("Added cases", Added),
        ("Removed cases", Removed),
    ];

    private static string Status(CaseResult? c) => c?.Status.ToWire() ?? "absent";

    private static string OneLine(string? s, int max = 200)
    {
        if (s is null) return "(none)";
        s = s.ReplaceLineEndings(" ");
        return s.Length > max ? s[..(max - 3)] + "..." : s;
    }

    public string RenderText(string oldName, string newName)
    {
        var sb = new StringBuilder();
        sb.Append("old: ").Append(oldName).Append(": ").Append(Describe(Old)).Append('\n');
        sb.Append("new: ").Append(newName).Append(": ").Append(Describe(New)).Append('\n');
        sb.Append(string.Join(", ", Sections().Select(s => $"{s.Changes.Count} {s.Title.ToLowerInvariant()}"))).Append('\n');
        foreach (var (title, changes) in Sections())
        {
            if (changes.Count == 0) continue;
            sb.Append('\n').Append(title).Append(" (").Append(changes.Count).Append("):\n");
            foreach (var c in changes)
            {
                sb.Append("  ").Append(c.Id).Append(": ").Append(Status(c.Old)).Append(" -> ").Append(Status(c.New)).Append('\n');
                if (ReferenceEquals(changes, ChangedMessages))
                {
                    sb.Append("    old: ").Append(OneLine(c.Old!.Message)).Append('\n');
                    sb.Append("    new: ").Append(OneLine(c.New!.Message)).Append('\n');
                }
                else if (c.New is { } n && n.Status.NeedsAttention())
                {
                    sb.Append("    ").Append(OneLine(n.Message)).Append('\n');
                }
            }
        }
        return sb.ToString();
    }

    public string RenderMarkdown(string oldName, string newName)
    {
        var sb = new StringBuilder();
        sb.Append("# os-conformance compare\n\n| | file | run |\n|---|---|---|\n");
        sb.Append("| old | ").Append(SummaryMarkdown.CodeSpan(oldName, inTable: true)).Append(" | ").Append(SummaryMarkdown.Inline(Describe(Old))).Append(" |\n");
        sb.Append("| new | ").Append(SummaryMarkdown.CodeSpan(newName, inTable: true)).Append(" | ").Append(SummaryMarkdown.Inline(Describe(New))).Append(" |\n\n");
        sb.Append(string.Join(" · ", Sections().Select(s => $"**{s.Title.ToLowerInvariant()}:** {s.Changes.Count}"))).Append("\n\n");
        foreach (var (title, changes) in Sections())
        {
            if (changes.Count == 0) continue;
            bool msgs = ReferenceEquals(changes, ChangedMessages);
            sb.Append("## ").Append(title).Append(" (").Append(changes.Count).Append(")\n\n");
            sb.Append(msgs ? "| case | status | old message | new message |\n|---|---|---|---|\n" : "| case | old | new | message |\n|---|---|---|---|\n");
            foreach (var c in changes.Take(SummaryMarkdown.MaxListed))
            {
                sb.Append("| ").Append(SummaryMarkdown.CodeSpan(c.Id, inTable: true)).Append(" | ");
                if (msgs)
                    sb.Append(Status(c.New)).Append(" | ").Append(SummaryMarkdown.Inline(OneLine(c.Old!.Message))).Append(" | ").Append(SummaryMarkdown.Inline(OneLine(c.New!.Message)));
                else
                    sb.Append(Status(c.Old)).Append(" | ").Append(Status(c.New)).Append(" | ").Append(c.New is { } n && n.Status != CaseStatus.Pass ? SummaryMarkdown.Inline(OneLine(n.Message)) : "");
                sb.Append(" |\n");
            }
            if (changes.Count > SummaryMarkdown.MaxListed) sb.Append("\nand ").Append(changes.Count - SummaryMarkdown.MaxListed).Append(" more.\n");
            sb.Append('\n');
        }
        return sb.ToString();
    }
}
