using System.Globalization;
using System.Text;

namespace OsConformance.Reports;

/// <summary>summary.md: GitHub-flavoured Markdown for a CI job summary ($GITHUB_STEP_SUMMARY).</summary>
public static class SummaryMarkdown
{
    public const string FileName = "summary.md";
    // GitHub caps a step summary at 1 MiB: detail the first failures and list the rest by id.
    public const int MaxDetailed = 100;
    public const int MaxListed = 400;
    private const int MaxBlock = 4000;

    public static string Render(RunResults results)
    {
        var sb = new StringBuilder();
        var impl = results.Implementation;
        var plat = results.Platform;
        var counts = results.Counts();
        var cases = results.FailuresFirst();

        sb.Append("# os-conformance: ").Append(Inline($"{impl.Name} {impl.Version}")).Append(" on ").Append(Inline(plat.Label)).Append("\n\n");
        sb.Append("**").Append(counts.Total).Append(" cases:** ")
          .Append(string.Join(" · ", CaseStatusNames.All.OrderBy(ResultsStats.ReadingRank).Where(s => counts[s] > 0).Select(s => $"{s.ToWire()} {counts[s]}")))
          .Append(counts.Total == 0 ? "none" : "").Append(" — pass rate ").Append(counts.PassRateText()).Append("\n\n");
        if (results.SuiteCases is int suiteCases && counts.Total < suiteCases)
            sb.Append("> **Filtered run:** ").Append(counts.Total).Append(" of the suite's ").Append(suiteCases).Append(" cases")
              .Append(results.Selection is { } selection ? $" ({Inline(selection.Text)})" : "").Append(".\n\n");
        if (results.Rerun is { } rerun)
            sb.Append("> **Rerun:** ").Append(Inline(rerun.Text)).Append(".\n\n");

        // The failures lead: what a reader of a CI summary came for.
        var problems = cases.Where(c => c.Status.NeedsAttention()).ToList();
        sb.Append("## Failures (").Append(problems.Count).Append(")\n\n");
        if (problems.Count == 0) sb.Append("None.\n\n");
        else
        {
            sb.Append("By family, then by cause (the same status and message shape):\n\n");
            foreach (var family in FailureGroups.Of(problems))
            {
                sb.Append("- **").Append(Inline(family.Family)).Append("** (").Append(family.Count).Append(")\n");
                foreach (var cause in family.Causes)
                    sb.Append("  - ").Append(cause.Cases.Count).Append(" × ").Append(cause.Status.ToWire()).Append(": ").Append(Inline(cause.Shape)).Append('\n');
            }
            sb.Append('\n');
        }
        foreach (var c in problems.Take(MaxDetailed)) Detail(sb, c);
        if (problems.Count > MaxDetailed)
        {
            sb.Append("### ").Append(problems.Count - MaxDetailed).Append(" more, details in report.html\n\n");
            foreach (var c in problems.Skip(MaxDetailed).Take(MaxListed))
                sb.Append("- ").Append(c.Status.ToWire()).Append(": ").Append(CodeSpan(c.Id)).Append('\n');
            if (problems.Count > MaxDetailed + MaxListed)
                sb.Append("- and ").Append(problems.Count - MaxDetailed - MaxListed).Append(" more\n");
            sb.Append('\n');
        }

        Collapsed(sb, "Expected failures (xfail)", cases.Where(c => c.Status == CaseStatus.XFail).ToList());
        Collapsed(sb, "Unsupported", cases.Where(c => c.Status == CaseStatus.Unsupported).ToList());

        sb.Append("## Run\n\n");
        Item(sb, "Implementation", Inline($"{impl.Name} {impl.Version}"));
        Item(sb, "Extensions", Inline($"{impl.ExtensionsText} (beyond the documented API; not judged)"));
        Item(sb, "Platform", Inline($"{plat.Os} {plat.Arch}, kernel {plat.Kernel}, {plat.Libc}, uid {plat.Uid}{plat.VirtualizationText} ({plat.Label})"));
        Item(sb, "Suite", Inline(results.SuiteCases is int n ? $"{results.SuiteVersion} ({n} cases)" : results.SuiteVersion));
        Item(sb, "Harness", CodeSpan(results.Harness));
        Item(sb, "Run", Inline($"{Time(results.Started)} to {Time(results.Finished)} ({Seconds(results.Finished - results.Started)})"));
        sb.Append('\n');

        sb.Append("## Counts\n\n| status | cases |\n|---|---:|\n");
        foreach (var s in CaseStatusNames.All.OrderBy(ResultsStats.ReadingRank)) sb.Append("| ").Append(s.ToWire()).Append(" | ").Append(counts[s]).Append(" |\n");
        sb.Append("| **total** | **").Append(counts.Total).Append("** |\n\n");

        var functions = results.ByFunction();
        sb.Append("<details><summary>Per function (").Append(functions.Count).Append(")</summary>\n\n")
          .Append(StatusCounts.PassRateDefinition).Append("\n\n| function | pass | fail | other | pass rate |\n|---|---:|---:|---:|---:|\n");
        foreach (var f in functions)
        {
            sb.Append("| ").Append(CodeSpan(f.Function, inTable: true))
              .Append(" | ").Append(f.Counts.Pass)
              .Append(" | ").Append(f.Counts.Fail)
              .Append(" | ").Append(f.Counts.Other).Append(OtherBreakdown(f.Counts))
              .Append(" | ").Append(f.Counts.PassRateText()).Append(" |\n");
        }
        sb.Append("\n</details>\n\n");

        if (results.Performance is { } perf) Performance(sb, perf, results.Platform);
        return sb.ToString();
    }

    private static void Item(StringBuilder sb, string name, string value) =>
        sb.Append("- **").Append(name).Append(":** ").Append(value).Append('\n');

    private static void Performance(StringBuilder sb, PerformanceResults perf, PlatformDesc platform)
    {
        sb.Append("## Performance\n\nPer operation inside the harness (`run --perf`): ").Append(Inline(PerformanceText.Conditions(perf, platform))).Append(".\n\n");
        bool errors = perf.AllFigures.Any(f => f.Error is not null);
        sb.Append("| operation | per operation | how |").Append(errors ? " not measured because |" : "").Append("\n|---|---:|---|").Append(errors ? "---|" : "").Append('\n');
        foreach (var f in perf.AllFigures)
        {
            sb.Append("| ").Append(Inline(f.Operation)).Append(" | ").Append(PerformanceText.Ns(f.NsPerOp)).Append(" | ").Append(Inline(f.How)).Append(" |");
            if (errors) sb.Append(' ').Append(Inline(f.Error)).Append(" |");
            sb.Append('\n');
        }
        sb.Append('\n');
    }

    private static void Detail(StringBuilder sb, CaseResult c)
    {
        sb.Append("### ").Append(c.Status.ToWire()).Append(": ").Append(CodeSpan(c.Id)).Append("\n\n");
        sb.Append("- function: ").Append(CodeSpan(c.Function)).Append('\n');
        if (c.Spec is not null) sb.Append("- spec: ").Append(Inline(c.Spec)).Append('\n');
        if (c.Decision is not null) sb.Append("- decision: ").Append(Inline(c.Decision)).Append('\n');
        if (c.Message is not null) sb.Append("- message: ").Append(Inline(c.Message)).Append('\n');
        sb.Append('\n');
        if (c.Expected is not null || c.Actual is not null)
        {
            sb.Append("Expected:\n\n").Append(Fenced(c.Expected ?? "(none)", ""));
            sb.Append("Actual:\n\n").Append(Fenced(c.Actual ?? "(none)", ""));
        }
        if (c.Rerun is not null) sb.Append("Rerun:\n\n").Append(Fenced(c.Rerun, "sh"));
    }

    private static void Collapsed(StringBuilder sb, string title, List<CaseResult> cases)
    {
        if (cases.Count == 0) return;
        sb.Append("<details><summary>").Append(System.Net.WebUtility.HtmlEncode(title)).Append(" (").Append(cases.Count).Append(")</summary>\n\n");
        foreach (var c in cases.Take(MaxListed))
        {
            sb.Append("- ").Append(CodeSpan(c.Id));
            if (c.Message is not null) sb.Append(": ").Append(Inline(c.Message));
            sb.Append('\n');
        }
        if (cases.Count > MaxListed) sb.Append("- and ").Append(cases.Count - MaxListed).Append(" more\n");
        sb.Append("\n</details>\n\n");
    }

    private static string OtherBreakdown(StatusCounts c)
    {
        var parts = CaseStatusNames.All.Where(s => s is not (CaseStatus.Pass or CaseStatus.Fail) && c[s] > 0).Select(s => $"{s.ToWire()} {c[s]}").ToList();
        return parts.Count == 0 ? "" : $" ({string.Join(", ", parts)})";
    }

    /// <summary>One line of text with Markdown and HTML syntax escaped, so results render as written.</summary>
    internal static string Inline(string? s)
    {
        s = Text.ForXml(s);
        var sb = new StringBuilder(s.Length + 8);
        foreach (char ch in s)
        {
            if (ch is '\r') continue;
            if (ch is '\n') { sb.Append(' '); continue; }
            // Inline text never starts a line here, so only inline syntax needs escaping.
            if ("\\`*_[]<>|~&".Contains(ch)) sb.Append('\\');
            sb.Append(ch);
        }
        return sb.ToString();
    }

    /// <summary>A code span whose delimiter is longer than any backtick run inside.</summary>
    internal static string CodeSpan(string? s, bool inTable = false)
    {
        s = Text.ForXml(s).Replace("\r", "").Replace('\n', ' ');
        if (inTable) s = s.Replace("|", "\\|"); // GFM splits cells on | even inside code spans
        var fence = new string('`', LongestRun(s, '`') + 1);
        var pad = s.StartsWith('`') || s.EndsWith('`') ? " " : "";
        return fence + pad + s + pad + fence;
    }

    private static string Fenced(string s, string info)
    {
        s = Text.ForXml(s);
        if (s.Length > MaxBlock) s = s[..MaxBlock] + $"\n... ({s.Length - MaxBlock} more characters in results.json)";
        var fence = new string('`', Math.Max(3, LongestRun(s, '`') + 1));
        return $"{fence}{info}\n{s.TrimEnd('\n')}\n{fence}\n\n";
    }

    private static int LongestRun(string s, char ch)
    {
        int best = 0, run = 0;
        foreach (char c in s) { run = c == ch ? run + 1 : 0; best = Math.Max(best, run); }
        return best;
    }

    private static string Time(DateTimeOffset t) => t.ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture);

    private static string Seconds(TimeSpan d) => d.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s";
}
