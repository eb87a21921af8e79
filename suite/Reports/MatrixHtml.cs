using System.Globalization;
using System.Text;

namespace OsConformance.Reports;

/// <summary>
/// matrix.html: one self-contained page (inline CSS and JS, a CSP that forbids loading anything).
/// Data is rendered as escaped HTML; the script sorts and filters. Filters can be preset from the
/// URL fragment (#verdict=divergent&amp;text=open). When its script has run the page sets
/// data-ready="1" on &lt;html&gt;, counts script errors in data-errors and shown rows in data-shown.
/// </summary>
public static class MatrixHtml
{
    public const string FileName = "matrix.html";

    public static string Render(Matrix m)
    {
        var sb = new StringBuilder(128 * 1024);
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        sb.Append(PageParts.ContentSecurityPolicy);
        sb.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        sb.Append("<title>os-conformance matrix: ").Append(m.Columns.Count).Append(" columns</title>\n");
        sb.Append("<style>").Append(Css).Append("</style>\n</head>\n<body>\n");

        sb.Append("<header>\n<h1>os-conformance compatibility matrix</h1>\n<p>").Append(m.Rows.Count).Append(" cases × ").Append(m.Columns.Count)
          .Append(" columns. ").Append(StatusCounts.PassRateDefinition).Append("</p>\n");
        foreach (var w in m.Warnings) sb.Append("<p class=\"warning\">Warning: ").Append(H(w)).Append("</p>\n");
        // The wide descriptions (implementation, extensions, platform, suite, source) fold into
        // each column's cell, so the table fits a 1400 px window with every count visible.
        sb.Append("<table id=\"column-table\" class=\"sortable\">\n<thead><tr><th data-type=\"text\">column</th><th data-type=\"num\">pass rate</th>");
        foreach (var s in CaseStatusNames.All) sb.Append("<th data-type=\"num\">").Append(s.ToWire()).Append("</th>");
        sb.Append("</tr></thead>\n<tbody>\n");
        foreach (var c in m.Columns)
        {
            var r = c.Run;
            sb.Append("<tr").Append(c.Filtered ? " class=\"filtered\"" : "").Append("><td><details class=\"about\"><summary><code>").Append(H(c.Key)).Append("</code></summary>\n<dl>")
              .Append("<dt>implementation</dt><dd>").Append(H($"{r.Implementation.Name} {r.Implementation.Version}")).Append("</dd>")
              .Append("<dt>extensions (not judged)</dt><dd>").Append(H(r.Implementation.ExtensionsText)).Append("</dd>")
              .Append("<dt>platform</dt><dd>").Append(H($"{r.Platform.Os} {r.Platform.Arch}, kernel {r.Platform.Kernel}, {r.Platform.Libc}, uid {r.Platform.Uid}{r.Platform.VirtualizationText}")).Append("</dd>")
              .Append("<dt>suite</dt><dd>").Append(H(r.SuiteVersion)).Append(", ").Append(c.SuiteCases).Append(" cases</dd>")
              .Append("<dt>source</dt><dd><code>").Append(H(c.Source)).Append("</code></dd></dl></details></td>");
            RateCell(sb, c.Counts, c.FilteredText);
            foreach (var s in CaseStatusNames.All) sb.Append("<td class=\"n\">").Append(c.Counts[s]).Append("</td>");
            sb.Append("</tr>\n");
        }
        sb.Append("</tbody>\n</table>\n</header>\n<main>\n");

        PerformanceSection(sb, m);
        GroupTable(sb, "families", "Per family", "family", m, m.Families);
        GroupTable(sb, "functions", "Per function", "function", m, m.Functions);

        var verdicts = Enum.GetValues<CaseVerdict>();
        sb.Append("<section id=\"cases\">\n<h2>Cases</h2>\n<form class=\"filters\" onsubmit=\"return false\">\n");
        sb.Append("<label>Verdict <select id=\"f-verdict\"><option value=\"\">all (").Append(m.Rows.Count).Append(")</option>");
        sb.Append("<option value=\"!pass\">fail or divergent (").Append(m.Rows.Count(r => r.Verdict is CaseVerdict.Fail or CaseVerdict.Divergent)).Append(")</option>");
        foreach (var v in verdicts)
            sb.Append("<option value=\"").Append(v.Wire()).Append("\">").Append(v.Wire()).Append(" (").Append(m.Rows.Count(r => r.Verdict == v)).Append(")</option>");
        sb.Append("</select></label>\n<label>Divergence <select id=\"f-divergence\"><option value=\"\">any</option>");
        foreach (var d in Enum.GetValues<Divergence>())
            sb.Append("<option value=\"").Append(d.Wire()).Append("\">").Append(d.Wire()).Append(" (").Append(m.Rows.Count(r => r.Divergence == d)).Append(")</option>");
        sb.Append("</select></label>\n<label>Status in any column <select id=\"f-status\"><option value=\"\">any</option>");
        foreach (var s in CaseStatusNames.All) sb.Append("<option value=\"").Append(s.ToWire()).Append("\">").Append(s.ToWire()).Append("</option>");
        sb.Append("</select></label>\n");
        Select(sb, "f-family", "Family", m.Families.Select(f => f.Name));
        Select(sb, "f-function", "Function", m.Functions.Select(f => f.Name));
        sb.Append("<label>Text <input id=\"f-text\" type=\"search\" placeholder=\"id, message, expected...\"></label>\n");
        sb.Append("<span id=\"shown\">").Append(m.Rows.Count).Append(" of ").Append(m.Rows.Count).Append(" cases</span>\n</form>\n");

        sb.Append("<table class=\"sortable\" id=\"case-table\">\n<thead><tr><th data-type=\"text\">case</th><th data-type=\"text\">function</th><th data-type=\"text\">family</th><th data-type=\"text\">verdict</th>");
        foreach (var c in m.Columns) sb.Append("<th data-type=\"num\" title=\"").Append(H(c.Source)).Append("\">").Append(H(c.Key)).Append("</th>");
        sb.Append("</tr></thead>\n<tbody>\n");
        foreach (var r in m.Rows) CaseRow(sb, m, r);
        sb.Append("</tbody>\n</table>\n</section>\n</main>\n");
        sb.Append("<script>").Append(PageParts.ErrorMarkers).Append(Script).Append("</script>\n</body>\n</html>\n");
        return sb.ToString();
    }

    private static void CaseRow(StringBuilder sb, Matrix m, MatrixRow r)
    {
        var statuses = " " + string.Join(" ", r.Cells.OfType<CaseResult>().Select(c => c.Status.ToWire()).Distinct()) + " ";
        sb.Append("<tr class=\"case v-").Append(r.Verdict.Wire()).Append("\" data-verdict=\"").Append(r.Verdict.Wire())
          .Append("\" data-divergence=\"").Append(r.Divergence?.Wire() ?? "").Append("\" data-function=\"").Append(H(r.Function))
          .Append("\" data-family=\"").Append(H(r.Family)).Append("\" data-statuses=\"").Append(statuses).Append("\"><td>");
        if (r.Cells.All(c => c is null || c.Status == CaseStatus.Pass))
        {
            sb.Append("<code class=\"id\">").Append(H(r.Id)).Append("</code>");
        }
        else
        {
            sb.Append("<details><summary><code class=\"id\">").Append(H(r.Id)).Append("</code></summary>\n<div class=\"detail\">\n");
            if (r.Spec is not null) sb.Append("<blockquote class=\"spec\">").Append(H(r.Spec)).Append("</blockquote>\n");
            if (r.Decision is not null) sb.Append("<p class=\"decision\">decision: <code>").Append(H(r.Decision)).Append("</code></p>\n");
            sb.Append("<table class=\"cmp\"><thead><tr><th>column</th><th>status</th><th>expected</th><th>actual</th><th>message</th></tr></thead><tbody>\n");
            for (int i = 0; i < m.Columns.Count; i++)
            {
                var c = r.Cells[i];
                sb.Append("<tr><td><code>").Append(H(m.Columns[i].Key)).Append("</code></td>");
                if (c is null) { sb.Append("<td colspan=\"4\" class=\"na\">not run</td></tr>\n"); continue; }
                sb.Append("<td><span class=\"badge st-").Append(c.Status.ToWire()).Append("\">").Append(c.Status.ToWire()).Append("</span></td>")
                  .Append("<td><pre class=\"expected\">").Append(H(c.Expected ?? "")).Append("</pre></td>")
                  .Append("<td><pre class=\"actual\">").Append(H(c.Actual ?? "")).Append("</pre></td>")
                  .Append("<td><pre class=\"message\">").Append(H(c.Message ?? "")).Append("</pre></td></tr>\n");
            }
            sb.Append("</tbody></table>\n</div></details>");
        }
        sb.Append("</td><td>").Append(H(r.Function)).Append("</td><td>").Append(H(r.Family)).Append("</td><td>").Append(r.Verdict.Wire());
        if (r.Divergence is { } d) sb.Append(" <span class=\"div\">(").Append(d.Wire()).Append(")</span>");
        sb.Append("</td>");
        foreach (var c in r.Cells)
        {
            if (c is null) { sb.Append("<td data-value=\"-1\" class=\"na\">–</td>"); continue; }
            sb.Append("<td data-value=\"").Append((int)c.Status).Append("\" class=\"cell st-").Append(c.Status.ToWire()).Append("\">").Append(c.Status.ToWire()).Append("</td>");
        }
        sb.Append("</tr>\n");
    }

    /// <summary>Operations × columns; each cell's title says how it was measured, or why it was not.</summary>
    private static void PerformanceSection(StringBuilder sb, Matrix m)
    {
        sb.Append("<section id=\"performance\">\n<details open><summary><h2>Performance</h2></summary>\n");
        if (m.Performance.Count == 0)
        {
            sb.Append("<p>No run measured performance (<code>run --perf</code>).</p>\n</details>\n</section>\n");
            return;
        }
        sb.Append("<p>Per operation inside each harness (<code>run --perf</code>), with the ratio to the first column that has the figure. ")
          .Append("— : the run has no figure (it did not measure performance); not measured: it tried (see below).</p>\n");
        sb.Append("<table id=\"performance-table\">\n<thead><tr><th>operation</th>");
        foreach (var c in m.Columns)
            sb.Append("<th>").Append(H(c.Key)).Append(c.Run.Platform.Emulated ? "<br><small>" + H(PerformanceText.EmulatedNote) + "</small>" : "").Append("</th>");
        sb.Append("</tr></thead>\n<tbody>\n");
        foreach (var row in m.Performance)
        {
            sb.Append("<tr><td>").Append(H(row.Operation)).Append("</td>");
            for (int i = 0; i < m.Columns.Count; i++)
            {
                var f = row.Cells[i];
                sb.Append("<td class=\"n").Append(f?.NsPerOp is null ? " na" : "").Append(f?.Error is null ? "" : " error").Append('"');
                if (f is not null) sb.Append(" title=\"").Append(H(f.Error ?? f.How)).Append('"');
                sb.Append('>').Append(H(row.CellText(i))).Append("</td>");
            }
            sb.Append("</tr>\n");
        }
        sb.Append("</tbody>\n</table>\n<ul class=\"conditions\">\n");
        foreach (var c in m.Columns)
            sb.Append("<li><code>").Append(H(c.Key)).Append("</code>: ")
              .Append(H(c.Run.Performance is { } p ? PerformanceText.Conditions(p, c.Run.Platform) : "no performance figures (run without --perf)")).Append("</li>\n");
        sb.Append("</ul>\n");
        var notMeasured = PerformanceTable.NotMeasured(m.Performance).ToList();
        if (notMeasured.Count > 0)
        {
            sb.Append("<p>Not measured:</p>\n<ul class=\"not-measured\">\n");
            foreach (var (column, f) in notMeasured)
                sb.Append("<li><code>").Append(H(m.Columns[column].Key)).Append("</code> ").Append(H(f.Operation)).Append(": ").Append(H(f.Error)).Append("</li>\n");
            sb.Append("</ul>\n");
        }
        sb.Append("</details>\n</section>\n");
    }

    private static void GroupTable(StringBuilder sb, string id, string title, string what, Matrix m, IReadOnlyList<MatrixGroup> groups)
    {
        sb.Append("<section id=\"").Append(id).Append("\">\n<details").Append(id == "families" ? " open" : "").Append("><summary><h2>").Append(title).Append(" (").Append(groups.Count).Append(")</h2></summary>\n")
          .Append("<table class=\"sortable group\">\n<thead><tr><th data-type=\"text\">").Append(what).Append("</th>");
        foreach (var c in m.Columns) sb.Append("<th data-type=\"num\">").Append(H(c.Key)).Append("</th>");
        sb.Append("</tr></thead>\n<tbody>\n");
        foreach (var g in groups)
        {
            sb.Append("<tr><td><code>").Append(H(g.Name)).Append("</code></td>");
            foreach (var c in g.PerColumn) RateCell(sb, c);
            sb.Append("</tr>\n");
        }
        sb.Append("</tbody>\n</table>\n</details>\n</section>\n");
    }

    private static void RateCell(StringBuilder sb, StatusCounts c, string? filtered = null)
    {
        var rate = c.PassRate;
        string cls = rate is null ? "na" : rate >= 1 ? "good" : rate >= 0.9 ? "fair" : "bad";
        if (filtered is not null)
        {
            sb.Append("<td class=\"n ").Append(cls).Append("\" data-value=\"").Append((rate ?? -1).ToString("0.######", CultureInfo.InvariantCulture))
              .Append("\">").Append(c.PassRateText()).Append(" <span class=\"filtered-mark\">").Append(H(filtered)).Append("</span></td>");
            return;
        }
        sb.Append("<td class=\"n ").Append(cls).Append("\" data-value=\"").Append((rate ?? -1).ToString("0.######", CultureInfo.InvariantCulture))
          .Append("\" title=\"").Append(H(string.Join(", ", CaseStatusNames.All.Where(s => c[s] > 0).Select(s => $"{s.ToWire()} {c[s]}")))).Append("\">")
          .Append(c.Total == 0 ? "–" : c.PassRateText()).Append("</td>");
    }

    private static void Select(StringBuilder sb, string id, string label, IEnumerable<string> values)
    {
        sb.Append("<label>").Append(label).Append(" <select id=\"").Append(id).Append("\"><option value=\"\">all</option>");
        foreach (var v in values) sb.Append("<option value=\"").Append(H(v)).Append("\">").Append(H(v)).Append("</option>");
        sb.Append("</select></label>\n");
    }

    private static string H(string? s) => Text.ForHtml(s);

    private const string Css = """
        :root { --pass:#1a7f37; --fail:#cf222e; --xpass:#bc4c00; --broken:#8250df; --crashed:#82071e; --timeout:#9a6700; --unsupported:#6e7781; --xfail:#0969da; }
        body { font: 14px/1.45 system-ui, sans-serif; margin: 0; color: #1f2328; background: #fff; }
        header { padding: 16px 24px; background: #f6f8fa; border-bottom: 1px solid #d0d7de; } main { padding: 0 24px 40px; }
        h1 { font-size: 22px; margin: 0 0 8px; } h2 { font-size: 18px; margin: 16px 0 8px; display: inline; }
        .warning { color: #9a6700; font-weight: 600; }
        table { border-collapse: collapse; } th, td { text-align: left; padding: 3px 8px; border-bottom: 1px solid #d8dee4; vertical-align: top; }
        th { background: #f6f8fa; cursor: pointer; user-select: none; white-space: nowrap; } th.asc::after { content: " \25B2"; } th.desc::after { content: " \25BC"; }
        td.n { text-align: right; } td.good { color: var(--pass); } td.fair { color: var(--timeout); } td.bad { color: var(--fail); font-weight: 600; } td.na { color: #8c959f; }
        #case-table { width: 100%; } td.cell { font-weight: 600; font-size: 12px; text-transform: uppercase; white-space: nowrap; }
        .st-pass { color: var(--pass); } .st-fail { color: var(--fail); } .st-xpass { color: var(--xpass); } .st-broken { color: var(--broken); }
        .st-crashed { color: var(--crashed); } .st-timeout { color: var(--timeout); } .st-unsupported { color: var(--unsupported); } .st-xfail { color: var(--xfail); }
        tr.v-divergent > td:first-child { border-left: 3px solid var(--xpass); } tr.v-fail > td:first-child { border-left: 3px solid var(--fail); }
        .div { color: #57606a; font-size: 12px; } .badge { font-weight: 600; font-size: 12px; text-transform: uppercase; }
        .filters { display: flex; flex-wrap: wrap; gap: 12px; align-items: center; margin: 8px 0; } .filters input { min-width: 240px; } #shown { color: #57606a; }
        code { font: 12px/1.4 ui-monospace, monospace; } summary { cursor: pointer; } .detail { margin: 6px 0 10px 16px; }
        blockquote.spec { margin: 4px 0; padding: 4px 10px; border-left: 3px solid #d0d7de; color: #424a53; white-space: pre-wrap; }
        table.cmp th { cursor: default; } pre { margin: 0; white-space: pre-wrap; word-break: break-word; font: 12px/1.4 ui-monospace, monospace; max-width: 40em; }
        #column-table details.about dl { display: grid; grid-template-columns: max-content 1fr; gap: 0 8px; margin: 4px 0; font-size: 12px; max-width: 60em; }
        #column-table details.about dd { margin: 0; } .filtered-mark { display: block; font-size: 11px; font-weight: 600; color: var(--xpass); white-space: nowrap; }
        tr.hidden { display: none; } tr.v-unsupported > td:first-child { border-left: 3px solid var(--unsupported); }
        #case-table td:first-child { word-break: break-word; } #case-table th { white-space: normal; }
        #performance-table td.n { white-space: nowrap; } #performance-table td.error { color: var(--fail); } ul.conditions { color: #57606a; font-size: 12px; }
        """;

    private const string Script = """
        (function () {
          'use strict';
          var root = document.documentElement; // PageParts.ErrorMarkers counts errors; this script marks rows and readiness
          var rows = Array.prototype.slice.call(document.querySelectorAll('#case-table tbody tr.case'));
          var f = {
            verdict: document.getElementById('f-verdict'), divergence: document.getElementById('f-divergence'),
            status: document.getElementById('f-status'), family: document.getElementById('f-family'),
            'function': document.getElementById('f-function'), text: document.getElementById('f-text')
          };
          var shown = document.getElementById('shown');
          rows.forEach(function (r) { r._text = r.textContent.toLowerCase(); });
          function apply() {
            var v = f.verdict.value, d = f.divergence.value, st = f.status.value, fam = f.family.value, fn = f['function'].value;
            var q = f.text.value.trim().toLowerCase(), n = 0;
            rows.forEach(function (r) {
              var ok = (v === '' || (v === '!pass' ? (r.dataset.verdict === 'fail' || r.dataset.verdict === 'divergent') : r.dataset.verdict === v))
                && (d === '' || r.dataset.divergence === d)
                && (st === '' || r.dataset.statuses.indexOf(' ' + st + ' ') >= 0)
                && (fam === '' || r.dataset.family === fam)
                && (fn === '' || r.dataset['function'] === fn)
                && (q === '' || r._text.indexOf(q) >= 0);
              r.classList.toggle('hidden', !ok);
              if (ok) n++;
            });
            shown.textContent = n + ' of ' + rows.length + ' cases';
            root.setAttribute('data-shown', String(n));
          }
          Object.keys(f).forEach(function (k) { f[k].addEventListener(k === 'text' ? 'input' : 'change', apply); });
          // Filters from the fragment, e.g. matrix.html#verdict=divergent&family=fds
          (location.hash || '').replace(/^#/, '').split('&').forEach(function (kv) {
            var i = kv.indexOf('='); if (i < 0) return;
            var k = decodeURIComponent(kv.slice(0, i)), val = decodeURIComponent(kv.slice(i + 1));
            if (Object.prototype.hasOwnProperty.call(f, k)) f[k].value = val;
          });
          document.querySelectorAll('table.sortable').forEach(function (table) {
            var ths = table.tHead.rows[0].cells;
            Array.prototype.forEach.call(ths, function (th, col) {
              th.addEventListener('click', function () {
                var desc = th.classList.contains('asc');
                Array.prototype.forEach.call(ths, function (h) { h.classList.remove('asc', 'desc'); });
                th.classList.add(desc ? 'desc' : 'asc');
                var num = th.dataset.type === 'num', body = table.tBodies[0];
                var list = Array.prototype.slice.call(body.rows);
                function key(r) {
                  var c = r.cells[col]; if (!c) return '';
                  if (num) { var x = parseFloat(c.dataset.value !== undefined ? c.dataset.value : c.textContent); return isNaN(x) ? -Infinity : x; }
                  return c.textContent.trim().toLowerCase();
                }
                list.sort(function (a, b) { var ka = key(a), kb = key(b); var r = ka < kb ? -1 : ka > kb ? 1 : 0; return desc ? -r : r; });
                list.forEach(function (r) { body.appendChild(r); });
              });
            });
          });
          apply();
          root.setAttribute('data-rows', String(rows.length));
          root.setAttribute('data-ready', '1');
        })();
        """;
}
