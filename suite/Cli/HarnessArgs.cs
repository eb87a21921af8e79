using System.CommandLine;
using System.CommandLine.Parsing;
using OsConformance.Cli.Runner;
using OsConformance.Protocol;

namespace OsConformance.Cli;

/// <summary>
/// The harness of run and smoke, given one of two ways: <c>--harness "CMD ARGS"</c> (split like a
/// POSIX shell) or <c>-- CMD ARGS</c> (the words as they are, toml-test's way).
/// </summary>
internal sealed class HarnessArgs
{
    public Option<string?> Option { get; } = new("--harness")
    {
        Description = "The harness command line, split like a POSIX shell (default: the reference harness, .build/harness/osc-harness). Or give it as words after the options: [options] -- CMD ARGS (not split again).",
    };

    // Hidden: help would show it as <HARNESS> without the --; --harness's description says how.
    public Argument<string[]> Argv { get; } = new("HARNESS") { Arity = ArgumentArity.ZeroOrMore, Hidden = true };

    public void AddTo(Command command)
    {
        command.Options.Add(Option);
        command.Arguments.Add(Argv);
    }

    /// <summary>
    /// The harness as given, as a command line (argv words quoted so ShellWords splits them back):
    /// null when neither form was given. False, with a message on stderr, on a usage error: both
    /// forms, words not after --, nothing after --.
    /// </summary>
    public bool TryRead(ParseResult parse, string prefix, TextWriter stderr, out string? text)
    {
        text = parse.GetValue(Option);
        var argv = parse.GetValue(Argv) ?? [];
        int dash = parse.Tokens.ToList().FindIndex(t => t.Type == TokenType.DoubleDash);
        int afterDash = dash < 0 ? 0 : parse.Tokens.Count - dash - 1;
        var command = parse.CommandResult.Command;
        if (argv.Length > afterDash)
        {
            // A word before --, taken by the argument: a mistyped option (--harnes) or a misplaced harness.
            string stray = argv[0];
            stderr.WriteLine($"os-conformance: {UsageErrors.Unrecognized(stray, command)}"
                + (stray.StartsWith('-') ? "" : $" A harness given as words goes after --, e.g. os-conformance {command.Name} [options] -- /path/to/harness ARGS"));
            stderr.WriteLine($"Try 'os-conformance {command.Name} --help'.");
            return false;
        }
        string? problem =
            dash >= 0 && argv.Length == 0 ? "nothing after --: give the harness command and its arguments there"
            : argv.Length > 0 && text is not null ? "give the harness once: --harness \"CMD ARGS\" or -- CMD ARGS, not both"
            : null;
        if (problem is not null)
        {
            stderr.WriteLine($"{prefix}: {problem}");
            return false;
        }
        if (argv.Length > 0)
            text = ShellQuote.Join(argv);
        return true;
    }

    /// <summary>The words of a harness command line; false, with a message, when it cannot be split or is empty.</summary>
    public static bool TrySplit(string text, string prefix, TextWriter stderr, out List<string> words)
    {
        words = [];
        try { words = ShellWords.Split(text); }
        catch (FormatException e)
        {
            stderr.WriteLine($"{prefix}: --harness: {e.Message}");
            return false;
        }
        if (words.Count == 0)
        {
            stderr.WriteLine($"{prefix}: --harness is empty");
            return false;
        }
        return true;
    }
}
