using System.CommandLine;
using System.CommandLine.Parsing;
using System.Text.RegularExpressions;

namespace OsConformance.Cli;

/// <summary>
/// Parse errors as a user reads them: the mistyped word first, with the command or option it was
/// probably meant to be, and value errors without .NET type names.
/// </summary>
public static partial class UsageErrors
{
    public static IEnumerable<string> Describe(ParseResult parsed)
    {
        var unmatched = parsed.UnmatchedTokens.ToList();
        foreach (var error in parsed.Errors)
        {
            // "Required command was not provided" only hides the real mistake when a word was not understood.
            if (unmatched.Count > 0 && error.Message.StartsWith("Required command", StringComparison.Ordinal)) continue;
            var typed = UnrecognizedToken().Match(error.Message);
            yield return typed.Success ? Unrecognized(typed.Groups[1].Value, parsed.CommandResult.Command) : Plain(error.Message);
        }
    }

    /// <summary>"Unrecognized command or argument 'X'.", with the name it was probably meant to be.</summary>
    public static string Unrecognized(string token, Command command) =>
        $"Unrecognized command or argument '{token}'." + (Suggest(token, command) is { } meant ? $" Did you mean '{meant}'?" : "");

    /// <summary>The name of the subcommand or option of <paramref name="command"/> nearest to <paramref name="token"/>, if near enough.</summary>
    public static string? Suggest(string token, Command command)
    {
        var names = token.StartsWith('-')
            ? command.Options.Where(o => !o.Hidden).SelectMany(o => o.Aliases.Append(o.Name))
            : command.Subcommands.Where(c => !c.Hidden).SelectMany(c => c.Aliases.Append(c.Name));
        return Nearest(token, names);
    }

    /// <summary>The name nearest to <paramref name="token"/>: the same but for case, else within a third of its length in edits.</summary>
    public static string? Nearest(string token, IEnumerable<string> names)
    {
        var distinct = names.Distinct().ToList();
        if (distinct.FirstOrDefault(n => string.Equals(n, token, StringComparison.OrdinalIgnoreCase)) is { } sameButCase)
            return sameButCase;
        int limit = Math.Max(1, token.TrimStart('-').Length / 3);
        return distinct
            .Select(n => (Name: n, Distance: Distance(token, n)))
            .Where(x => x.Distance <= limit)
            .OrderBy(x => x.Distance).ThenBy(x => x.Name, StringComparer.Ordinal)
            .Select(x => x.Name).FirstOrDefault();
    }

    // "as expected type 'System.Nullable`1[System.Int32]'" says nothing to a user of the command line.
    private static string Plain(string message) =>
        ExpectedType().Replace(message, m => m.Groups[1].Value switch
        {
            "Int32" or "Int64" or "UInt32" => "as a whole number",
            "Double" => "as a number",
            "Boolean" => "as true or false",
            var other => $"as a value of type {other}",
        });

    /// <summary>Levenshtein distance, with a transposition costing one edit.</summary>
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (int j = 0; j <= b.Length; j++) d[0, j] = j;
        for (int i = 1; i <= a.Length; i++)
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        return d[a.Length, b.Length];
    }

    [GeneratedRegex(@"^Unrecognized command or argument '(.+)'\.$")]
    private static partial Regex UnrecognizedToken();

    [GeneratedRegex(@"as expected type '(?:System\.Nullable`1\[)?System\.(\w+)\]?'")]
    private static partial Regex ExpectedType();
}
