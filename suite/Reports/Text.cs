using System.Text;

namespace OsConformance.Reports;

// Harness output can hold anything (garbage is a tested case), and writers must not throw on it.
internal static class Text
{
    /// <summary>Replaces unpaired UTF-16 surrogates, which no UTF-8 output can carry, with U+FFFD.</summary>
    public static string? ValidUtf16(string? s)
    {
        if (s is null) return null;
        int i = 0;
        for (; i < s.Length; i++)
            if (char.IsSurrogate(s[i])) break;
        if (i == s.Length) return s;
        var sb = new StringBuilder(s.Length);
        sb.Append(s, 0, i);
        for (; i < s.Length; i++)
        {
            char c = s[i];
            if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                sb.Append(c).Append(s[++i]);
            }
            else if (char.IsSurrogate(c))
            {
                sb.Append('\uFFFD');
            }
            else sb.Append(c);
        }
        return sb.ToString();
    }

    /// <summary>Text XML 1.0 can hold: other control characters become visible \u{XX} escapes.</summary>
    public static string ForXml(string? s)
    {
        s = ValidUtf16(s) ?? "";
        var sb = new StringBuilder(s.Length);
        foreach (char c in s)
        {
            bool ok = c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c != '\uFFFE' && c != '\uFFFF');
            if (ok) sb.Append(c);
            else sb.Append("\\u{").Append(((int)c).ToString("X2")).Append('}');
        }
        return sb.ToString();
    }

    /// <summary>Like ForXml, for HTML: control characters are not allowed there either.</summary>
    public static string ForHtml(string? s) => System.Net.WebUtility.HtmlEncode(ForXml(s));
}
