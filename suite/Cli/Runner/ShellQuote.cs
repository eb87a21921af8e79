using System.Text;

namespace OsConformance.Cli.Runner;

/// <summary>Quoting for the rerun commands (splitting is OsConformance.Protocol.ShellWords).</summary>
public static class ShellQuote
{
    /// <summary>Text for inside double quotes ("...").</summary>
    public static string EscapeDoubleQuoted(string s)
    {
        var sb = new StringBuilder();
        foreach (char c in s)
        {
            if (c is '"' or '\\' or '$' or '`') sb.Append('\\');
            sb.Append(c);
        }
        return sb.ToString();
    }
}
