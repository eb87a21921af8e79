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
            if (typed.Success && Suggest(typed.Groups[1].Value, parsed.CommandResult.Command) is { } meant)
                yield return $"{error.Message} Did you mean '{meant}'?";
            else
                yield return Plain(error.Message);
        }
    }

    /// <summary>The name of the subcommand or option of <paramref name="command"/> nearest to <paramref name="token"/>, if near enough.</summary>
    public static string? Suggest(string token, Command command)
    {
        var names = token.StartsWith('-')
            ? command.Options.Where(o => !o.Hidden).SelectMany(o => o.Aliases.Append(o.Name))
            : command.Subcommands.Where(c => !c.Hidden).SelectMany(c => c.Aliases.Append(c.Name));
        int limit = Math.Max(1, token.TrimStart('-').Length / 3);
        return names.Distinct()
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
