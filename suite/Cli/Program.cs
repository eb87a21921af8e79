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
        var root = new RootCommand("os-conformance: the conformance suite for the sjs os module.");
        root.Subcommands.Add(RunCommand.Create(stdout, stderr));
        root.Subcommands.Add(SmokeCommand.Create(stdout, stderr));
        root.Subcommands.Add(CoverageCommand.Create(stdout, stderr));
        root.Subcommands.Add(MergeCommand.Create(stdout, stderr));
        root.Subcommands.Add(CompareCommand.Create(stdout, stderr));
        root.Subcommands.Add(ExpectationsCommand.Create(stdout, stderr));
        root.Subcommands.Add(ReportCommand.Create(stdout, stderr));
        root.Subcommands.Add(SelftestCommand.Create(stdout, stderr));

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (string message in UsageErrors.Describe(parsed))
                stderr.WriteLine($"os-conformance: {message}");
            stderr.WriteLine("Try 'os-conformance --help'.");
            return UsageError;
        }
        return parsed.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr });
    }
}
