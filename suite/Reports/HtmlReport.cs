using System.Globalization;
using System.Text;

namespace OsConformance.Reports;

/// <summary>
/// report.html: one self-contained page (inline CSS and JS, no external assets, a CSP that forbids
/// loading any). All data is rendered as escaped HTML; the script only filters, sorts and copies,
/// so the page reads fine without it.
/// </summary>
public static class HtmlReport
{
    public const string FileName = "report.html";

    public static string Render(RunResults results)
    {
        var impl = results.Implementation;
        var plat = results.Platform;
        var counts = results.Counts();
        var cases = results.FailuresFirst();
        var functions = results.ByFunction();
        var families = cases.Select(c => Matrix.FamilyOf(c.Tags)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var sb = new StringBuilder(64 * 1024);

        sb.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        sb.Append(PageParts.ContentSecurityPolicy);
        sb.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        sb.Append("<title>os-conformance: ").Append(H($"{impl.Name} {impl.Version} on {plat.Label}")).Append("</title>\n");
        sb.Append("<style>").Append(Css).Append("</style>\n</head>\n<body>\n");

        sb.Append("<header>\n<h1>os-conformance: ").Append(H($"{impl.Name} {impl.Version}")).Append(" on ").Append(H(plat.Label)).Append("</h1>\n<ul class=\"counts\" id=\"counts\">\n");
        sb.Append("<li class=\"total\"><b>").Append(counts.Total).Append("</b> cases</li>\n");
        foreach (var st in CaseStatusNames.All.OrderBy(ResultsStats.ReadingRank))
            sb.Append("<li class=\"st-").Append(st.ToWire()).Append(counts[st] == 0 ? " zero" : "").Append("\" data-status=\"").Append(st.ToWire())
              .Append("\"><b>").Append(counts[st]).Append("</b> ").Append(st.ToWire()).Append("</li>\n");
        sb.Append("<li class=\"total\" title=\"").Append(H(StatusCounts.PassRateDefinition)).Append("\">pass rate <b>").Append(counts.PassRateText()).Append("</b></li>\n");
        sb.Append("</ul>\n<details class=\"meta\"><summary>Run</summary>\n<dl class=\"meta\">\n");
        Meta(sb, "Platform", $"{plat.Os} {plat.Arch}, kernel {plat.Kernel}, {plat.Libc}, uid {plat.Uid}{plat.VirtualizationText}");
        Meta(sb, "Label", plat.Label);
        Meta(sb, "Extensions", $"{impl.ExtensionsText} (beyond the documented API; not judged)");
        Meta(sb, "Suite", results.SuiteCases is int n ? $"{results.SuiteVersion} ({n} cases{(counts.Total < n ? $"; this run is filtered: {counts.Total} of them{(results.Selection is { } sel ? ", " + sel.Text : "")}" : "")})" : results.SuiteVersion);
        if (results.Rerun is { } rerun)
            Meta(sb, "Rerun", rerun.Text);
        sb.Append("<dt>Harness</dt><dd><code>").Append(H(results.Harness)).Append("</code></dd>\n");
        Meta(sb, "Run", $"{Time(results.Started)} to {Time(results.Finished)} ({(results.Finished - results.Started).TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s)");
        sb.Append("</dl>\n</details>\n</header>\n<main>\n");

        sb.Append("<section id=\"overview\">\n<h2>Per family</h2>\n").Append(FamilyChart.Svg(results)).Append("</section>\n");

        var failures = cases.Where(c => c.Status.NeedsAttention()).ToList();
        sb.Append("<section id=\"failures\">\n<h2>Failures (").Append(failures.Count).Append(")</h2>\n");
        if (failures.Count == 0) sb.Append("<p class=\"none\">None: every case that applied passed, or failed as the expectations said.</p>\n");
        else sb.Append("<p>By family, then by cause: cases that ended the same way with the same message shape (what varies from case to case is masked). A case id shows that case below.</p>\n");
        Groups(sb, failures, open: true);
        sb.Append("</section>\n");

        var xfail = cases.Where(c => c.Status == CaseStatus.XFail).ToList();
        if (xfail.Count > 0)
        {
            // Open when nothing else failed: then the expected failures are what the run has to show.
            sb.Append("<section id=\"xfail\">\n<details").Append(failures.Count == 0 ? " open" : "").Append("><summary><h2>Expected failures: xfail (").Append(xfail.Count).Append(")</h2></summary>\n");
            Groups(sb, xfail, open: failures.Count == 0);
            sb.Append("</details>\n</section>\n");
        }

        if (results.Performance is { } perf) PerformanceSection(sb, perf, results.Platform);

        sb.Append("<section id=\"cases\">\n<h2>Cases, failures first</h2>\n<form class=\"filters\" onsubmit=\"return false\">\n");
        sb.Append("<label>Status <select id=\"f-status\"><option value=\"\">all (").Append(counts.Total).Append(")</option>");
        sb.Append("<option value=\"!pass\">not pass (").Append(counts.Total - counts.Pass).Append(")</option>");
        foreach (var st in CaseStatusNames.All.OrderBy(ResultsStats.ReadingRank))
            sb.Append("<option value=\"").Append(st.ToWire()).Append("\">").Append(st.ToWire()).Append(" (").Append(counts[st]).Append(")</option>");
        sb.Append("</select></label>\n");
        Select(sb, "f-family", "Family", families);
        Select(sb, "f-function", "Function", functions.Select(f => f.Function));
        sb.Append("<label>Text <input id=\"f-text\" type=\"search\" placeholder=\"id, message, spec, expected...\"></label>\n");
        sb.Append("<input id=\"f-id\" type=\"hidden\" value=\"\">\n");
        sb.Append("<span id=\"shown\">").Append(cases.Count).Append(" of ").Append(cases.Count).Append(" cases</span> <a href=\"#\" id=\"f-clear\">show all</a>\n</form>\n");

        sb.Append("<table class=\"sortable\" id=\"case-table\">\n<thead><tr><th data-type=\"num\">status</th><th data-type=\"text\">case</th><th data-type=\"text\">family</th><th data-type=\"text\">function</th><th data-type=\"num\">ms</th></tr></thead>\n<tbody>\n");
        foreach (var c in cases) CaseRow(sb, c);
        sb.Append("</tbody>\n</table>\n</section>\n");

        sb.Append("<section id=\"functions\">\n<details><summary><h2>Per function (").Append(functions.Count).Append(")</h2></summary>\n<p>").Append(StatusCounts.PassRateDefinition).Append("</p>\n<table class=\"sortable\" id=\"function-table\">\n<thead><tr>")
          .Append("<th data-type=\"text\">function</th><th data-type=\"num\">pass</th><th data-type=\"num\">fail</th><th data-type=\"num\">other</th><th data-type=\"num\">pass rate</th>")
          .Append("</tr></thead>\n<tbody>\n");
        foreach (var f in functions)
        {
            var c = f.Counts;
            var rowClass = c.Fail + c[CaseStatus.XPass] + c[CaseStatus.Broken] + c[CaseStatus.Crashed] + c[CaseStatus.Timeout] > 0 ? "bad" : "good";
            sb.Append("<tr class=\"").Append(rowClass).Append("\"><td><a href=\"#function=").Append(Uri.EscapeDataString(f.Function)).Append("\" class=\"fn\">").Append(H(f.Function)).Append("</a></td>")
              .Append("<td>").Append(c.Pass).Append("</td><td>").Append(c.Fail).Append("</td>")
              .Append("<td title=\"").Append(H(Breakdown(c))).Append("\">").Append(c.Other).Append("</td>")
              .Append("<td data-value=\"").Append((c.PassRate ?? -1).ToString("0.####", CultureInfo.InvariantCulture)).Append("\">").Append(c.PassRateText()).Append("</td></tr>\n");
        }
        sb.Append("</tbody>\n</table>\n</details>\n</section>\n");

        sb.Append("</main>\n<script>").Append(PageParts.ErrorMarkers).Append(Script).Append("</script>\n</body>\n</html>\n");
        return sb.ToString();
    }

    /// <summary>Family headings, and under each its causes, each a list of links to the cases.</summary>
    private static void Groups(StringBuilder sb, IReadOnlyList<CaseResult> cases, bool open)
    {
        foreach (var family in FailureGroups.Of(cases))
        {
            sb.Append("<div class=\"family-group\" data-family=\"").Append(H(family.Family)).Append("\">\n<h3><a href=\"#family=").Append(Uri.EscapeDataString(family.Family))
              .Append("&amp;status=!pass\">").Append(H(family.Family)).Append("</a> <span class=\"n\">(").Append(family.Count).Append(")</span></h3>\n<ul class=\"causes\">\n");
            foreach (var cause in family.Causes)
            {
                sb.Append("<li class=\"cause\"><details").Append(open && cause.Cases.Count <= 12 ? " open" : "").Append("><summary><b>").Append(cause.Cases.Count).Append("</b> × <span class=\"badge st-")
                  .Append(cause.Status.ToWire()).Append("\">").Append(cause.Status.ToWire()).Append("</span> <span class=\"shape\">").Append(H(cause.Shape)).Append("</span></summary>\n<ul class=\"ids\">");
                foreach (var c in cause.Cases)
                    sb.Append("<li><a class=\"case-link\" href=\"#id=").Append(Uri.EscapeDataString(c.Id)).Append("\"><code>").Append(H(c.Id)).Append("</code></a></li>");
                sb.Append("</ul></details></li>\n");
            }
            sb.Append("</ul>\n</div>\n");
        }
    }

    private static void Select(StringBuilder sb, string id, string label, IEnumerable<string> values)
    {
        sb.Append("<label>").Append(label).Append(" <select id=\"").Append(id).Append("\"><option value=\"\">all</option>");
        foreach (var v in values) sb.Append("<option value=\"").Append(H(v)).Append("\">").Append(H(v)).Append("</option>");
        sb.Append("</select></label>\n");
    }

    private static void PerformanceSection(StringBuilder sb, PerformanceResults perf, PlatformDesc platform)
    {
        bool errors = perf.AllFigures.Any(f => f.Error is not null);
        sb.Append("<section id=\"performance\">\n<h2>Performance</h2>\n<p>Per operation inside the harness (<code>run --perf</code>): ")
          .Append(H(PerformanceText.Conditions(perf, platform))).Append(".</p>\n<table id=\"performance-table\">\n<thead><tr><th>operation</th><th>per operation</th><th>how</th>")
          .Append(errors ? "<th>not measured because</th>" : "").Append("</tr></thead>\n<tbody>\n");
        foreach (var f in perf.AllFigures)
        {
            sb.Append("<tr><td>").Append(H(f.Operation)).Append("</td><td class=\"").Append(f.NsPerOp is null ? "na" : "n").Append("\">")
              .Append(H(PerformanceText.Ns(f.NsPerOp))).Append("</td><td>").Append(H(f.How)).Append("</td>");
            if (errors) sb.Append("<td class=\"error\">").Append(H(f.Error)).Append("</td>");
            sb.Append("</tr>\n");
        }
        sb.Append("</tbody>\n</table>\n</section>\n");
    }

    private static void CaseRow(StringBuilder sb, CaseResult c)
    {
        var st = c.Status.ToWire();
        var family = Matrix.FamilyOf(c.Tags);
        sb.Append("<tr class=\"case\" data-status=\"").Append(st).Append("\" data-function=\"").Append(H(c.Function)).Append("\" data-family=\"").Append(H(family))
          .Append("\" data-id=\"").Append(H(c.Id)).Append("\">");
        sb.Append("<td data-value=\"").Append(ResultsStats.ReadingRank(c.Status)).Append("\"><span class=\"badge st-").Append(st).Append("\">").Append(st).Append("</span></td><td>");
        if (c.Status == CaseStatus.Pass)
        {
            sb.Append("<code class=\"id\">").Append(H(c.Id)).Append("</code>");
        }
        else
        {
            sb.Append("<details><summary><code class=\"id\">").Append(H(c.Id)).Append("</code>");
            if (c.Message is not null) sb.Append(" <span class=\"msg\">").Append(H(OneLine(c.Message))).Append("</span>");
            sb.Append("</summary>\n<div class=\"detail\">\n");
            if (c.Spec is not null) sb.Append("<blockquote class=\"spec\">").Append(H(c.Spec)).Append("</blockquote>\n");
            if (c.Decision is not null) sb.Append("<p class=\"decision\">decision: <code>").Append(H(c.Decision)).Append("</code></p>\n");
            if (c.Spec is null && c.Decision is null) sb.Append("<p class=\"decision\">no spec sentence or decision recorded</p>\n");
            if (c.Expected is not null || c.Actual is not null)
                sb.Append("<div class=\"ea\"><div><h4>expected</h4><pre class=\"expected\">").Append(H(c.Expected ?? "(none)"))
                  .Append("</pre></div><div><h4>actual</h4><pre class=\"actual\">").Append(H(c.Actual ?? "(none)")).Append("</pre></div></div>\n");
            if (c.Message is not null) sb.Append("<h4>message</h4><pre class=\"message\">").Append(H(c.Message)).Append("</pre>\n");
            if (c.Rerun is not null)
                sb.Append("<div class=\"rerun\"><h4>rerun</h4><code>").Append(H(c.Rerun)).Append("</code> <button type=\"button\" class=\"copy\" data-cmd=\"")
                  .Append(H(c.Rerun)).Append("\">copy</button></div>\n");
            if (c.Tags is { Count: > 0 }) sb.Append("<p class=\"tags\">tags: ").Append(H(string.Join(", ", c.Tags))).Append("</p>\n");
            if (!string.IsNullOrEmpty(c.Log)) sb.Append("<details class=\"log\"><summary>log</summary><pre>").Append(H(c.Log)).Append("</pre></details>\n");
            sb.Append("</div></details>");
        }
        sb.Append("</td><td>").Append(H(family)).Append("</td><td>").Append(H(c.Function)).Append("</td><td data-value=\"").Append(c.DurationMs.ToString("0.###", CultureInfo.InvariantCulture)).Append("\">")
          .Append(c.DurationMs.ToString("0.#", CultureInfo.InvariantCulture)).Append("</td></tr>\n");
    }

    private static void Meta(StringBuilder sb, string name, string value) =>
        sb.Append("<dt>").Append(name).Append("</dt><dd>").Append(H(value)).Append("</dd>\n");

    private static string Breakdown(StatusCounts c) =>
        string.Join(", ", CaseStatusNames.All.Where(s => s is not (CaseStatus.Pass or CaseStatus.Fail) && c[s] > 0).Select(s => $"{s.ToWire()} {c[s]}"));

    private static string OneLine(string s)
    {
        s = s.ReplaceLineEndings(" ");
        return s.Length > 200 ? s[..197] + "..." : s;
    }

    private static string Time(DateTimeOffset t) => t.ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture);

    private static string H(string? s) => Text.ForHtml(s);

    private const string Css = """
        :root { --pass:#1a7f37; --fail:#cf222e; --xpass:#bc4c00; --broken:#8250df; --crashed:#82071e; --timeout:#9a6700; --unsupported:#6e7781; --xfail:#0969da; }
        body { font: 14px/1.45 system-ui, sans-serif; margin: 0; color: #1f2328; background: #fff; }
        header { padding: 16px 24px; background: #f6f8fa; border-bottom: 1px solid #d0d7de; }
        h1 { font-size: 22px; margin: 0 0 8px; } h2 { font-size: 18px; margin: 24px 0 8px; } h3 { font-size: 15px; margin: 14px 0 4px; } h4 { margin: 8px 0 2px; font-size: 12px; text-transform: uppercase; color: #57606a; }
        summary h2 { display: inline; } main { padding: 0 24px 40px; }
        details.meta { margin-top: 8px; } dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 4px 0 0; } dl.meta dt { font-weight: 600; } dl.meta dd { margin: 0; }
        ul.counts { list-style: none; padding: 0; margin: 0; display: flex; flex-wrap: wrap; gap: 8px; }
        ul.counts li { padding: 4px 10px; border-radius: 12px; background: #fff; border: 2px solid currentColor; cursor: pointer; } ul.counts li.zero { opacity: .45; } ul.counts li.total { cursor: default; }
        .st-pass { color: var(--pass); } .st-fail { color: var(--fail); } .st-xpass { color: var(--xpass); } .st-broken { color: var(--broken); }
        .st-crashed { color: var(--crashed); } .st-timeout { color: var(--timeout); } .st-unsupported { color: var(--unsupported); } .st-xfail { color: var(--xfail); }
        .seg-pass { fill: var(--pass); } .seg-fail { fill: var(--fail); } .seg-xpass { fill: var(--xpass); } .seg-broken { fill: var(--broken); }
        .seg-crashed { fill: var(--crashed); } .seg-timeout { fill: var(--timeout); } .seg-unsupported { fill: var(--unsupported); } .seg-xfail { fill: var(--xfail); }
        #family-chart { max-width: 100%; height: auto; font: 12px system-ui, sans-serif; } #family-chart text { fill: #1f2328; } #family-chart a:hover text.label { text-decoration: underline; }
        #family-chart text.count, #family-chart text.legend { fill: #57606a; }
        .badge { font-weight: 600; font-size: 12px; text-transform: uppercase; }
        ul.causes { list-style: none; padding: 0; margin: 0 0 0 8px; } li.cause { margin: 2px 0; } .shape { font: 12px/1.4 ui-monospace, monospace; color: #424a53; }
        ul.ids { display: flex; flex-wrap: wrap; gap: 2px 14px; list-style: none; padding: 4px 0 6px 20px; margin: 0; } .family-group h3 .n { color: #57606a; font-weight: normal; }
        p.none { color: var(--pass); font-weight: 600; }
        table { border-collapse: collapse; width: 100%; } th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid #d8dee4; vertical-align: top; }
        th { background: #f6f8fa; cursor: pointer; user-select: none; white-space: nowrap; } th.asc::after { content: " \25B2"; } th.desc::after { content: " \25BC"; }
        #function-table { width: auto; } #function-table td:not(:first-child) { text-align: right; } #function-table tr.bad td:first-child { border-left: 3px solid var(--fail); }
        #case-table tr.case:not([data-status=pass]):not([data-status=unsupported]):not([data-status=xfail]) > td:first-child { border-left: 3px solid var(--fail); }
        .filters { display: flex; flex-wrap: wrap; gap: 12px; align-items: center; margin: 8px 0; } .filters input { min-width: 260px; } #shown { color: #57606a; }
        code { font: 12px/1.4 ui-monospace, monospace; } .msg { color: #57606a; } summary { cursor: pointer; }
        .detail { margin: 6px 0 10px 16px; } blockquote.spec { margin: 4px 0; padding: 4px 10px; border-left: 3px solid #d0d7de; color: #424a53; white-space: pre-wrap; }
        .ea { display: grid; grid-template-columns: 1fr 1fr; gap: 12px; } pre { margin: 0; padding: 6px 8px; background: #f6f8fa; border-radius: 4px; white-space: pre-wrap; word-break: break-word; font: 12px/1.4 ui-monospace, monospace; }
        pre.expected { border-left: 3px solid var(--pass); } pre.actual { border-left: 3px solid var(--fail); }
        .rerun code { background: #f6f8fa; padding: 2px 6px; } button.copy { font-size: 12px; }
        .tags { color: #57606a; font-size: 12px; } tr.hidden { display: none; }
        #performance-table { width: auto; } #performance-table td.n { text-align: right; white-space: nowrap; } #performance-table td.na { color: #8c959f; } #performance-table td.error { color: var(--fail); }
        """;

    private const string Script = """
        (function () {
          'use strict';
          var root = document.documentElement; // PageParts.ErrorMarkers counts errors; this script marks rows and readiness
          var rows = Array.prototype.slice.call(document.querySelectorAll('#case-table tbody tr.case'));
          var f = {
            status: document.getElementById('f-status'), family: document.getElementById('f-family'),
            'function': document.getElementById('f-function'), text: document.getElementById('f-text'), id: document.getElementById('f-id')
          };
          var shown = document.getElementById('shown');
          rows.forEach(function (r) { r._text = r.textContent.toLowerCase(); });
          function apply() {
            var st = f.status.value, fam = f.family.value, fn = f['function'].value, id = f.id.value, q = f.text.value.trim().toLowerCase(), n = 0;
            rows.forEach(function (r) {
              var ok = (st === '' || (st === '!pass' ? r.dataset.status !== 'pass' : r.dataset.status === st))
                && (fam === '' || r.dataset.family === fam)
                && (fn === '' || r.dataset['function'] === fn)
                && (id === '' || r.dataset.id === id)
                && (q === '' || r._text.indexOf(q) >= 0);
              r.classList.toggle('hidden', !ok);
              if (ok) n++;
              if (ok && id !== '') { var d = r.querySelector('details'); if (d) d.open = true; }
            });
            shown.textContent = n + ' of ' + rows.length + ' cases';
            root.setAttribute('data-shown', String(n));
          }
          // The filters live in the fragment too (report.html#status=fail&family=fds, #id=CASE), so a view can be linked.
          function fromHash() {
            Object.keys(f).forEach(function (k) { f[k].value = ''; });
            (location.hash || '').replace(/^#/, '').split('&').forEach(function (kv) {
              var i = kv.indexOf('='); if (i < 0) return;
              var k = decodeURIComponent(kv.slice(0, i)), val = decodeURIComponent(kv.slice(i + 1));
              if (Object.prototype.hasOwnProperty.call(f, k)) f[k].value = val;
            });
            apply();
          }
          function toHash() {
            var parts = Object.keys(f).filter(function (k) { return f[k].value !== ''; })
              .map(function (k) { return encodeURIComponent(k) + '=' + encodeURIComponent(f[k].value); });
            if (history.replaceState) history.replaceState(null, '', parts.length ? '#' + parts.join('&') : location.pathname + location.search);
          }
          Object.keys(f).forEach(function (k) {
            f[k].addEventListener(k === 'text' ? 'input' : 'change', function () { f.id.value = ''; apply(); toHash(); });
          });
          window.addEventListener('hashchange', function () {
            fromHash();
            if (location.hash) document.getElementById('cases').scrollIntoView();
          });
          document.getElementById('f-clear').addEventListener('click', function (e) {
            e.preventDefault(); Object.keys(f).forEach(function (k) { f[k].value = ''; }); apply(); toHash();
          });
          document.querySelectorAll('#counts li[data-status]').forEach(function (li) {
            li.addEventListener('click', function () {
              Object.keys(f).forEach(function (k) { f[k].value = ''; });
              f.status.value = li.dataset.status; apply(); toHash(); document.getElementById('cases').scrollIntoView();
            });
          });
          function cellValue(row, i, type) {
            var c = row.cells[i], v = c.hasAttribute('data-value') ? c.getAttribute('data-value') : c.textContent.trim();
            return type === 'num' ? parseFloat(v) || 0 : v.toLowerCase();
          }
          document.querySelectorAll('table.sortable').forEach(function (table) {
            var ths = table.querySelectorAll('thead th');
            ths.forEach(function (th, i) {
              th.addEventListener('click', function () {
                var asc = !th.classList.contains('asc'), type = th.dataset.type, body = table.tBodies[0];
                ths.forEach(function (h) { h.classList.remove('asc', 'desc'); });
                th.classList.add(asc ? 'asc' : 'desc');
                Array.prototype.slice.call(body.rows).sort(function (a, b) {
                  var x = cellValue(a, i, type), y = cellValue(b, i, type);
                  return (x < y ? -1 : x > y ? 1 : 0) * (asc ? 1 : -1);
                }).forEach(function (r) { body.appendChild(r); });
              });
            });
          });
          function copied(b) { b.textContent = 'copied'; setTimeout(function () { b.textContent = 'copy'; }, 1500); }
          function fallbackCopy(text, b) {
            var ta = document.createElement('textarea');
            ta.value = text; ta.style.position = 'fixed'; ta.style.opacity = '0';
            document.body.appendChild(ta); ta.select();
            try { if (document.execCommand('copy')) copied(b); } catch (e) { }
            document.body.removeChild(ta);
          }
          document.querySelectorAll('button.copy').forEach(function (b) {
            b.addEventListener('click', function (e) {
              e.preventDefault();
              var text = b.dataset.cmd;
              if (navigator.clipboard && window.isSecureContext)
                navigator.clipboard.writeText(text).then(function () { copied(b); }, function () { fallbackCopy(text, b); });
              else fallbackCopy(text, b);
            });
          });
          fromHash();
          root.setAttribute('data-rows', String(rows.length));
          root.setAttribute('data-ready', '1');
        })();
        """;
}
