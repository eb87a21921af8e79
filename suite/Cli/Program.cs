using System.CommandLine;
using OsConformance.Cli.Commands;

namespace OsConformance.Cli;

public static class Program
{
    public const int UsageError = 2;

    public static int Main(string[] args) => Run(args, Console.Out, Console.Error);

    /// <summary>Parses and runs one command. Usage errors are reported on stderr and exit 2.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var root = CommandHelp.Root("os-conformance: the conformance suite for the sjs os module.");
        root.Subcommands.Add(RunCommand.Create(stdout, stderr));
        root.Subcommands.Add(ListCommand.Create(stdout, stderr));
        root.Subcommands.Add(SmokeCommand.Create(stdout, stderr));
        root.Subcommands.Add(CoverageCommand.Create(stdout, stderr));
        root.Subcommands.Add(MergeCommand.Create(stdout, stderr));
        root.Subcommands.Add(CompareCommand.Create(stdout, stderr));
        root.Subcommands.Add(ExpectationsCommand.Create(stdout, stderr));
        root.Subcommands.Add(ReportCommand.Create(stdout, stderr));
        root.Subcommands.Add(SelftestCommand.Create(stdout, stderr));
        root.Subcommands.Add(CommandHelp.LauncherCommand("test", "Get the prerequisites, build, and run every unit test", stderr));
        root.Subcommands.Add(CommandHelp.LauncherCommand("build", "Rebuild the reference harness and the CLI", stderr));

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (string message in UsageErrors.Describe(parsed))
                stderr.WriteLine($"os-conformance: {message}");
            stderr.WriteLine($"Try '{CommandPath(parsed.CommandResult)} --help'.");
            return UsageError;
        }
        return parsed.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr });
    }

    /// <summary>"os-conformance expectations write": the command as typed, for the hint after an error.</summary>
    private static string CommandPath(System.CommandLine.Parsing.CommandResult result)
    {
        var names = new List<string>();
        for (var r = result; r is not null; r = r.Parent as System.CommandLine.Parsing.CommandResult)
            names.Insert(0, r.Command.Name);
        return string.Join(' ', names);
    }
}
