using System.Text;

namespace OsConformance.Protocol;

/// <summary>
/// Splits a command line into words the way a POSIX shell does, without expansions: blanks
/// separate words; '...' is literal; in "..." a backslash escapes only $ ` " \ and newline;
/// elsewhere a backslash makes the next character literal; backslash-newline joins lines.
/// $, ~ and globs are kept literally: --harness names a program, it is not run through a shell.
/// </summary>
public static class ShellWords
{
    /// <exception cref="FormatException">an unterminated quote or a trailing backslash</exception>
    public static List<string> Split(string text)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        bool inWord = false;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            switch (c)
            {
                case ' ' or '\t' or '\n':
                    if (inWord)
                    {
                        words.Add(word.ToString());
                        word.Clear();
                        inWord = false;
                    }
                    break;
                case '\'':
                    int close = text.IndexOf('\'', i + 1);
                    if (close < 0)
                        throw new FormatException($"unterminated single quote at offset {i}");
                    word.Append(text, i + 1, close - i - 1);
                    inWord = true;
                    i = close;
                    break;
                case '"':
                    int start = i;
                    for (i++; ; i++)
                    {
                        if (i >= text.Length)
                            throw new FormatException($"unterminated double quote at offset {start}");
                        char d = text[i];
                        if (d == '"')
                            break;
                        if (d == '\\' && i + 1 < text.Length && text[i + 1] is '$' or '`' or '"' or '\\' or '\n')
                        {
                            i++;
                            if (text[i] != '\n')
                                word.Append(text[i]);
                        }
                        else
                            word.Append(d);
                    }
                    inWord = true;
                    break;
                case '\\':
                    if (i + 1 >= text.Length)
                        throw new FormatException("trailing backslash");
                    i++;
                    if (text[i] != '\n')
                    {
                        word.Append(text[i]);
                        inWord = true;
                    }
                    break;
                default:
                    word.Append(c);
                    inWord = true;
                    break;
            }
        }
        if (inWord)
            words.Add(word.ToString());
        return words;
    }
}
