using System.CommandLine;

namespace OsConformance.Cli.Commands;

// Contract stub: replaced by the command's worker.
internal static class SmokeCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var command = new Command("smoke", "Not implemented yet.");
        command.SetAction(_ => { stderr.WriteLine("smoke: not implemented"); return 1; });
        return command;
    }
}
