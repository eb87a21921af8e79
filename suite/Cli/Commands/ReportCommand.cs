using System.CommandLine;
using OsConformance.Reports;

namespace OsConformance.Cli.Commands;

/// <summary><c>report RESULTS --out DIR</c>: renders every report of a saved run again (junit.xml, summary.md, report.html, and results.json itself).</summary>
internal static class ReportCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var input = new Argument<string>("RESULTS") { Description = "A results.json written by run." };
        var outDir = new Option<string>("--out") { Description = "Output folder; the reports in it are replaced, nothing else is touched.", Required = true };
        var command = new Command("report", "Render every report of a saved run again from its results.json, e.g. after an upgrade of the suite.");
        command.Exits(("0", "written"), CommandHelp.Usage("a refused input (the message names the file and where it is bad), --out naming a file"), ("3", "writing failed"));
        command.Arguments.Add(input);
        command.Options.Add(outDir);
        command.SetAction(parse => Run(parse.GetValue(input)!, parse.GetValue(outDir)!, stdout, stderr));
        return command;
    }

    /// <summary>The worker: reads, renders, writes. Returns the exit code.</summary>
    public static int Run(string input, string outDir, TextWriter stdout, TextWriter stderr)
    {
        RunResults results;
        try { results = ResultsReader.Read(input); }
        catch (ResultsFormatException e)
        {
            stderr.WriteLine($"report: {e.Message}");
            return Program.UsageError;
        }
        if (File.Exists(outDir))
        {
            stderr.WriteLine($"report: --out {outDir} is a file, not a folder");
            return Program.UsageError;
        }
        ReportPaths paths;
        try { paths = ResultsWriter.WriteAll(results, outDir); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"report: writing {outDir} failed: {e.Message}");
            return Runner.SuiteRunner.Infrastructure;
        }
        var counts = results.Counts();
        stdout.WriteLine($"report: {counts.Total} cases of {results.Implementation.Name} {results.Implementation.Version} on {results.Platform.Label} ({input})");
        foreach (var p in new[] { paths.ResultsJson, paths.JUnitXml, paths.SummaryMarkdown, paths.ReportHtml })
            stdout.WriteLine($"  wrote {p}");
        return 0;
    }
}
