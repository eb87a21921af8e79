using System.Buffers;
using System.Text;
using System.Text.Json;
using OsConformance.Harness;
using OsConformance.SelfTest.Proxy.Faults;

namespace OsConformance.SelfTest.Proxy;

/// <summary>The fault catalogue: every family's faults, in a fixed order.</summary>
internal static class Catalogue
{
    public static IReadOnlyList<Fault> All { get; } =
    [
        .. CloexecFaults.All, .. OpenFaults.All, .. FdFaults.All, .. StatFaults.All, .. ProcessFaults.All,
        .. ExecFaults.All, .. IdFaults.All, .. FileFaults.All, .. MiscFaults.All, .. ProtocolWideFaults.All,
    ];

    public static Fault? Find(string id) => All.FirstOrDefault(f => f.Id == id);

    /// <summary>One JSON object per line: id, family, description, spec or decision, observers, ci, answer.</summary>
    public static string ListJson()
    {
        var text = new StringBuilder();
        var buffer = new ArrayBufferWriter<byte>(512);
        foreach (var f in All)
        {
            buffer.ResetWrittenCount();
            using (var w = new Utf8JsonWriter(buffer, Session.WriterOptions))
            {
                w.WriteStartObject();
                w.WriteString("id", f.Id);
                w.WriteString("family", f.Family);
                w.WriteString("description", f.Description);
                if (f.Spec is null) w.WriteNull("spec"); else w.WriteString("spec", f.Spec);
                if (f.Decision is null) w.WriteNull("decision"); else w.WriteString("decision", f.Decision);
                w.WriteStartArray("observers");
                foreach (var o in f.Observers) w.WriteStringValue(o);
                w.WriteEndArray();
                w.WriteBoolean("ci", f.Ci);
                if (f.Answer is null) w.WriteNull("answer"); else w.WriteString("answer", f.Answer);
                w.WriteEndObject();
            }
            text.Append(Encoding.UTF8.GetString(buffer.WrittenSpan)).Append('\n');
        }
        return text.ToString();
    }
}
