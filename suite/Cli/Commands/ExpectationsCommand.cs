using System.CommandLine;
using OsConformance.Reports;

namespace OsConformance.Cli.Commands;

/// <summary><c>expectations write RESULTS</c>: an expectations file accepting a run's failures, to adopt the suite on an implementation with known gaps.</summary>
internal static class ExpectationsCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var results = new Argument<string>("RESULTS") { Description = "A results.json written by run." };
        var outFile = new Option<string>("--out") { Description = "Write here (atomically) instead of to stdout, e.g. expectations/<implementation>/<label>.json." };
        var write = new Command("write", "Write an expectations file with one entry per case that neither passed nor was unsupported; reasons are the cases' messages, marked TODO(review) for a person to edit.");
        write.Exits(("0", "written"), CommandHelp.Usage("a refused RESULTS"), ("3", "the file could not be written"));
        write.Arguments.Add(results);
        write.Options.Add(outFile);
        write.SetAction(parse =>
        {
            RunResults run;
            try { run = ResultsReader.Read(parse.GetValue(results)!); }
            catch (ResultsFormatException e)
            {
                stderr.WriteLine($"expectations write: {e.Message}");
                return Program.UsageError;
            }
            var file = Expectations.FromResults(run);
            var bytes = Expectations.Serialize(file);
            string? path = parse.GetValue(outFile);
            if (path is null)
            {
                stdout.Write(System.Text.Encoding.UTF8.GetString(bytes));
                stdout.Flush();
            }
            else
            {
                try { AtomicFile.WriteAllBytes(path, bytes); }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    stderr.WriteLine($"expectations write: cannot write {path}: {e.Message}");
                    return Runner.SuiteRunner.Infrastructure;
                }
                stdout.WriteLine($"expectations write: wrote {path} ({file.Entries.Count} entries; edit each {Expectations.ReviewMarker} reason)");
            }
            return 0;
        });

        var command = new Command("expectations", "Expectations files: known failures of one implementation on one platform (docs/reports.md).");
        command.Subcommands.Add(write);
        command.Exits(CommandHelp.Usage("no subcommand given (the one is write: see expectations write --help)"));
        return command;
    }
}
