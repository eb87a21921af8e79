using System.CommandLine;
using OsConformance.Reports;

namespace OsConformance.Cli.Commands;

/// <summary><c>merge RESULTS... --out DIR</c>: the compatibility matrix of many runs (matrix.html, matrix.md, matrix.json, badges/).</summary>
internal static class MergeCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var inputs = new Argument<string[]>("RESULTS") { Description = "results.json files, one per implementation@platform-label.", Arity = ArgumentArity.OneOrMore };
        var outDir = new Option<string>("--out") { Description = "Output folder.", Required = true };
        var command = new Command("merge", "Merge results from several implementations and platforms into one compatibility matrix.");
        command.Exits(("0", "written"), CommandHelp.Usage("a refused input (the message names the file and where it is bad)"), ("3", "writing failed; nothing was written"));
        command.Arguments.Add(inputs);
        command.Options.Add(outDir);
        command.SetAction(parse =>
        {
            string dir = parse.GetValue(outDir)!;
            Matrix matrix;
            try { matrix = MatrixWriter.Load(parse.GetValue(inputs)!); }
            catch (ResultsFormatException e)
            {
                stderr.WriteLine($"merge: {e.Message}");
                return Program.UsageError;
            }
            foreach (var w in matrix.Warnings) stderr.WriteLine($"merge: warning: {w}");
            MatrixPaths paths;
            try { paths = MatrixWriter.WriteAll(matrix, dir); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
            {
                stderr.WriteLine($"merge: writing {dir} failed, nothing was written: {e.Message}");
                return Runner.SuiteRunner.Infrastructure;
            }
            int divergent = matrix.Rows.Count(r => r.Verdict == CaseVerdict.Divergent);
            int failing = matrix.Rows.Count(r => r.Verdict == CaseVerdict.Fail);
            stdout.WriteLine($"merge: {matrix.Rows.Count} cases x {matrix.Columns.Count} columns; {divergent} divergent, {failing} failing everywhere");
            foreach (var c in matrix.Columns)
                stdout.WriteLine($"  {c.Key}: {c.Counts.PassRateText()} ({c.Source})");
            foreach (var p in new[] { paths.Html, paths.Markdown, paths.Json }.Concat(paths.Badges))
                stdout.WriteLine($"  wrote {p}");
            return 0;
        });
        return command;
    }
}
