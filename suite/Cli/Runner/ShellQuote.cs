using System.Text;

namespace OsConformance.Cli.Runner;

/// <summary>Quoting for the rerun commands (splitting is OsConformance.Protocol.ShellWords).</summary>
public static class ShellQuote
{
    /// <summary>Words as one command line that ShellWords.Split (and a POSIX shell) splits back into them.</summary>
    public static string Join(IEnumerable<string> words) => string.Join(' ', words.Select(Word));

    // Plain words stay readable; anything else is single-quoted, a ' inside as '\''.
    private static string Word(string w) =>
        w.Length > 0 && w.All(c => char.IsAsciiLetterOrDigit(c) || "_-./=:@%+,".Contains(c)) ? w : "'" + w.Replace("'", "'\\''") + "'";

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
