using System.Globalization;
using System.Text;

namespace OsConformance.Reports;

/// <summary>
/// The picture at the top of report.html: one bar per family, split by status, as inline SVG (the
/// page's CSP loads nothing, and inline SVG needs nothing loaded). Each bar is as wide as the page
/// allows, so a small family's failures show as clearly as a large one's; the counts are written
/// beside it. A bar links to the case list filtered to that family (#family=NAME).
/// </summary>
public static class FamilyChart
{
    private const int Label = 150, BarWidth = 600, Counts = 300, Row = 22, Bar = 14, Top = 4;

    public static string Svg(RunResults results)
    {
        var families = results.Cases.GroupBy(c => Matrix.FamilyOf(c.Tags), StringComparer.Ordinal)
            .Select(g => (Family: g.Key, Counts: StatusCounts.Of(g)))
            .OrderBy(f => f.Family, StringComparer.Ordinal)
            .ToList();
        int width = Label + BarWidth + Counts, height = Top * 2 + Row * Math.Max(1, families.Count) + 16;
        var sb = new StringBuilder();
        sb.Append("<svg id=\"family-chart\" role=\"img\" viewBox=\"0 0 ").Append(width).Append(' ').Append(height)
          .Append("\" width=\"").Append(width).Append("\" height=\"").Append(height).Append("\" aria-labelledby=\"family-chart-title\">\n")
          .Append("<title id=\"family-chart-title\">Cases per family and status</title>\n");
        for (int i = 0; i < families.Count; i++)
        {
            var (family, counts) = families[i];
            int y = Top + i * Row;
            sb.Append("<a href=\"#family=").Append(Uri.EscapeDataString(family)).Append("\" class=\"bar\" data-family=\"").Append(H(family)).Append("\">")
              .Append("<text x=\"").Append(Label - 8).Append("\" y=\"").Append(y + Bar - 2).Append("\" text-anchor=\"end\" class=\"label\">").Append(H(family)).Append("</text>");
            double x = Label;
            foreach (var s in CaseStatusNames.All.OrderBy(StatusCountsOrder))
            {
                if (counts[s] == 0) continue;
                double w = BarWidth * (double)counts[s] / counts.Total;
                sb.Append("<rect class=\"seg seg-").Append(s.ToWire()).Append("\" data-status=\"").Append(s.ToWire()).Append("\" x=\"").Append(F(x)).Append("\" y=\"").Append(y)
                  .Append("\" width=\"").Append(F(Math.Max(w, 1))).Append("\" height=\"").Append(Bar).Append("\"><title>")
                  .Append(H($"{family}: {counts[s]} {s.ToWire()} of {counts.Total}")).Append("</title></rect>");
                x += w;
            }
            sb.Append("<text x=\"").Append(Label + BarWidth + 8).Append("\" y=\"").Append(y + Bar - 2).Append("\" class=\"count\">")
              .Append(H(Summary(counts))).Append("</text></a>\n");
        }
        // The legend: one swatch per status that occurs.
        double lx = Label;
        int ly = Top + Math.Max(1, families.Count) * Row + 2;
        var all = results.Counts();
        foreach (var s in CaseStatusNames.All.OrderBy(StatusCountsOrder).Where(s => all[s] > 0))
        {
            sb.Append("<rect class=\"swatch seg-").Append(s.ToWire()).Append("\" x=\"").Append(F(lx)).Append("\" y=\"").Append(ly).Append("\" width=\"10\" height=\"10\"/>")
              .Append("<text x=\"").Append(F(lx + 14)).Append("\" y=\"").Append(ly + 9).Append("\" class=\"legend\">").Append(s.ToWire()).Append("</text>");
            lx += 24 + 7 * s.ToWire().Length;
        }
        sb.Append("\n</svg>\n");
        return sb.ToString();
    }

    /// <summary>"12 fail · 3 xfail · 40/55 pass": the failures first, as on the rest of the page.</summary>
    private static string Summary(StatusCounts c)
    {
        var parts = CaseStatusNames.All.Where(s => s is not CaseStatus.Pass && c[s] > 0).OrderBy(StatusCountsOrder).Select(s => $"{c[s]} {s.ToWire()}").ToList();
        parts.Add($"{c.Pass}/{c.Total} pass");
        return string.Join(" · ", parts);
    }

    // Bars read left to right as the page does: failures, then xfail, unsupported, pass.
    private static int StatusCountsOrder(CaseStatus s) => ResultsStats.ReadingRank(s);

    private static string F(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);

    private static string H(string? s) => Text.ForHtml(s);
}
