using System.Globalization;
using System.Text;
using System.Xml;

namespace OsConformance.Reports;

/// <summary>
/// junit.xml in the dialect of Jenkins xunit's junit-10.xsd, which CI systems read: one testsuite
/// per function, one testcase per id. fail and xpass are failures; broken, crashed and timeout are
/// errors; unsupported and xfail are skipped. The element's type attribute keeps the exact status,
/// so the message is the case's own, never prefixed with it. The root carries only the attributes
/// that schema allows there (name, time, tests, failures, errors).
/// </summary>
public static class JUnitReport
{
    public const string FileName = "junit.xml";

    public static byte[] Render(RunResults results)
    {
        var settings = new XmlWriterSettings
        {
            Indent = true,
            Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
            NewLineChars = "\n",
        };
        using var ms = new MemoryStream();
        using (var w = XmlWriter.Create(ms, settings))
        {
            var all = results.Counts();
            w.WriteStartDocument();
            w.WriteStartElement("testsuites");
            w.WriteAttributeString("name", X($"os-conformance {results.Implementation.Name} {results.Implementation.Version} on {results.Platform.Label}"));
            WriteCountAttributes(w, all, results.Cases.Sum(c => c.DurationMs), withSkipped: false);

            var byFunction = results.SortedCases().GroupBy(c => c.Function, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal);
            foreach (var group in byFunction)
            {
                w.WriteStartElement("testsuite");
                w.WriteAttributeString("name", X(group.Key));
                WriteCountAttributes(w, StatusCounts.Of(group), group.Sum(c => c.DurationMs), withSkipped: true);
                w.WriteAttributeString("timestamp", results.Started.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture));
                w.WriteAttributeString("hostname", X(results.Platform.Label));

                w.WriteStartElement("properties");
                Property(w, "implementation", $"{results.Implementation.Name} {results.Implementation.Version}");
                Property(w, "platform", $"{results.Platform.Os} {results.Platform.Arch} kernel {results.Platform.Kernel} {results.Platform.Libc} uid {results.Platform.Uid}{results.Platform.VirtualizationText}");
                Property(w, "suite.version", results.SuiteVersion);
                Property(w, "harness", results.Harness);
                w.WriteEndElement();

                foreach (var c in group) WriteCase(w, c);
                w.WriteEndElement();
            }
            w.WriteEndElement();
            w.WriteEndDocument();
        }
        return ms.ToArray();
    }

    private static void WriteCase(XmlWriter w, CaseResult c)
    {
        w.WriteStartElement("testcase");
        w.WriteAttributeString("name", X(c.Id));
        w.WriteAttributeString("classname", X(c.Function));
        w.WriteAttributeString("time", Seconds(c.DurationMs));

        string? element = c.Status switch
        {
            CaseStatus.Fail or CaseStatus.XPass => "failure",
            CaseStatus.Broken or CaseStatus.Crashed or CaseStatus.Timeout => "error",
            CaseStatus.Unsupported or CaseStatus.XFail => "skipped",
            _ => null,
        };
        if (element is not null)
        {
            w.WriteStartElement(element);
            w.WriteAttributeString("message", X(ShortMessage(c)));
            w.WriteAttributeString("type", c.Status.ToWire());
            w.WriteString(X(Details(c)));
            w.WriteEndElement();
        }
        if (!string.IsNullOrEmpty(c.Log))
            w.WriteElementString("system-out", X(c.Log));
        w.WriteEndElement();
    }

    /// <summary>The case's message (or its status when it has none), with expected and actual.</summary>
    private static string ShortMessage(CaseResult c)
    {
        var sb = new StringBuilder(string.IsNullOrEmpty(c.Message) ? c.Status.ToWire() : c.Message);
        if (c.Expected is not null || c.Actual is not null)
            sb.Append(" (expected ").Append(c.Expected ?? "(none)").Append(", actual ").Append(c.Actual ?? "(none)").Append(')');
        return sb.ToString();
    }

    private static string Details(CaseResult c)
    {
        var sb = new StringBuilder();
        sb.Append("status: ").Append(c.Status.ToWire()).Append('\n');
        if (c.Spec is not null) sb.Append("spec: ").Append(c.Spec).Append('\n');
        if (c.Decision is not null) sb.Append("decision: ").Append(c.Decision).Append('\n');
        if (c.Expected is not null) sb.Append("expected: ").Append(c.Expected).Append('\n');
        if (c.Actual is not null) sb.Append("actual: ").Append(c.Actual).Append('\n');
        if (c.Message is not null) sb.Append("message: ").Append(c.Message).Append('\n');
        if (c.Rerun is not null) sb.Append("rerun: ").Append(c.Rerun).Append('\n');
        return sb.ToString();
    }

    private static void WriteCountAttributes(XmlWriter w, StatusCounts counts, double durationMs, bool withSkipped)
    {
        w.WriteAttributeString("tests", counts.Total.ToString(CultureInfo.InvariantCulture));
        w.WriteAttributeString("failures", (counts.Fail + counts[CaseStatus.XPass]).ToString(CultureInfo.InvariantCulture));
        w.WriteAttributeString("errors", (counts[CaseStatus.Broken] + counts[CaseStatus.Crashed] + counts[CaseStatus.Timeout]).ToString(CultureInfo.InvariantCulture));
        if (withSkipped) w.WriteAttributeString("skipped", (counts[CaseStatus.Unsupported] + counts[CaseStatus.XFail]).ToString(CultureInfo.InvariantCulture));
        w.WriteAttributeString("time", Seconds(durationMs));
    }

    private static void Property(XmlWriter w, string name, string value)
    {
        w.WriteStartElement("property");
        w.WriteAttributeString("name", name);
        w.WriteAttributeString("value", X(value));
        w.WriteEndElement();
    }

    private static string Seconds(double ms) =>
        (double.IsFinite(ms) ? ms / 1000.0 : 0).ToString("0.000", CultureInfo.InvariantCulture);

    private static string X(string? s) => Text.ForXml(s);
}
