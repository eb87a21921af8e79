using System.CommandLine;

namespace OsConformance.Cli.Commands;

// Contract stub: replaced by the command's worker.
internal static class RunCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var command = new Command("run", "Not implemented yet.");
        command.SetAction(_ => { stderr.WriteLine("run: not implemented"); return 1; });
        return command;
    }
}
