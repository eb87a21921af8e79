using System.Text;
using System.Text.Json;

namespace OsConformance.Reports;

/// <summary>shields.io endpoint badges (https://shields.io/badges/endpoint-badge), one per matrix column.</summary>
public static class Badges
{
    public const string Folder = "badges";
    public const string Label = "os conformance";

    /// <summary>badges/&lt;column&gt;.json, the column key with characters unsafe in a file name or URL replaced by '_'.</summary>
    public static string RelativePath(MatrixColumn c)
    {
        var sb = new StringBuilder(c.Key.Length);
        foreach (char ch in c.Key)
            sb.Append(char.IsAsciiLetterOrDigit(ch) || ch is '.' or '-' or '_' or '@' ? ch : '_');
        var name = sb.ToString().TrimStart('.');
        return $"{Folder}/{(name.Length == 0 ? "_" : name)}.json";
    }

    public static byte[] Render(MatrixColumn c)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteNumber("schemaVersion", 1);
            w.WriteString("label", Label);
            // A filtered run's rate covers a part of the suite: say so, and claim no colour.
            w.WriteString("message", c.Filtered ? $"{c.Counts.PassRateText()} ({c.FilteredText})" : c.Counts.PassRateText());
            w.WriteString("color", c.Filtered ? "lightgrey" : Color(c.Counts.PassRate));
            w.WriteEndObject();
        }
        ms.WriteByte((byte)'\n');
        return ms.ToArray();
    }

    /// <summary>shields.io named colours by pass rate; grey when nothing applied.</summary>
    public static string Color(double? rate) => rate switch
    {
        null => "lightgrey",
        >= 1.0 => "brightgreen",
        >= 0.95 => "green",
        >= 0.90 => "yellowgreen",
        >= 0.75 => "yellow",
        >= 0.50 => "orange",
        _ => "red",
    };
}
