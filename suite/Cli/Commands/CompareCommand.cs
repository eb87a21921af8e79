using System.CommandLine;
using OsConformance.Reports;

namespace OsConformance.Cli.Commands;

/// <summary><c>compare OLD NEW</c>: what changed between two runs. Exit 1 on new failures, so CI can gate on it.</summary>
internal static class CompareCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var oldFile = new Argument<string>("OLD") { Description = "results.json of the earlier run." };
        var newFile = new Argument<string>("NEW") { Description = "results.json of the later run." };
        var format = new Option<string>("--format") { Description = "text (default) or md (GitHub Markdown, e.g. for $GITHUB_STEP_SUMMARY).", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "md");
        var command = new Command("compare", "List new failures, new passes, changed messages and added or removed cases between two runs.");
        command.Exits(("0", "no new failure"), ("1", "new failures (cases that newly did not pass)"), CommandHelp.Usage("an unreadable or refused OLD or NEW"));
        command.Arguments.Add(oldFile);
        command.Arguments.Add(newFile);
        command.Options.Add(format);
        command.SetAction(parse =>
        {
            string oldPath = parse.GetValue(oldFile)!, newPath = parse.GetValue(newFile)!;
            RunResults a, b;
            try
            {
                a = ResultsReader.Read(oldPath);
                b = ResultsReader.Read(newPath);
            }
            catch (ResultsFormatException e)
            {
                stderr.WriteLine($"compare: {e.Message}");
                return Program.UsageError;
            }
            var cmp = RunComparison.Of(a, b);
            stdout.Write(parse.GetValue(format) == "md" ? cmp.RenderMarkdown(oldPath, newPath) : cmp.RenderText(oldPath, newPath));
            stdout.Flush();
            if (cmp.HasNewFailures)
                stderr.WriteLine($"compare: {cmp.NewFailures.Count} new failure(s): {string.Join(", ", cmp.NewFailures.Take(10).Select(c => c.Id))}{(cmp.NewFailures.Count > 10 ? ", ..." : "")}");
            return cmp.HasNewFailures ? 1 : 0;
        });
        return command;
    }
}
