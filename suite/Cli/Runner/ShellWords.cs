using System.Text;

namespace OsConformance.Cli.Runner;

/// <summary>
/// Splits a command line as a POSIX shell would (quotes, backslashes; no expansions), and quotes
/// words back. Written here because the protocol helper's tokenizer did not exist yet; merge them.
/// </summary>
public static class ShellWords
{
    public static IReadOnlyList<string> Split(string line)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        bool inWord = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            switch (c)
            {
                case ' ' or '\t' or '\n':
                    if (inWord) { words.Add(word.ToString()); word.Clear(); inWord = false; }
                    break;
                case '\'':
                    inWord = true;
                    int close = line.IndexOf('\'', i + 1);
                    if (close < 0) throw new FormatException("unterminated ' quote");
                    word.Append(line, i + 1, close - i - 1);
                    i = close;
                    break;
                case '"':
                    inWord = true;
                    for (i++; ; i++)
                    {
                        if (i >= line.Length) throw new FormatException("unterminated \" quote");
                        if (line[i] == '"') break;
                        if (line[i] == '\\' && i + 1 < line.Length && line[i + 1] is '"' or '\\' or '$' or '`' or '\n')
                            i++;
                        word.Append(line[i]);
                    }
                    break;
                case '\\':
                    inWord = true;
                    if (i + 1 >= line.Length) throw new FormatException("trailing backslash");
                    if (line[i + 1] != '\n') word.Append(line[i + 1]);
                    i++;
                    break;
                default:
                    inWord = true;
                    word.Append(c);
                    break;
            }
        }
        if (inWord) words.Add(word.ToString());
        return words;
    }

    /// <summary>A word as a shell reads it back: bare when safe, else single-quoted.</summary>
    public static string Quote(string word) =>
        word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || "@%+=:,./_-".Contains(c))
            ? word
            : "'" + word.Replace("'", "'\\''") + "'";

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
