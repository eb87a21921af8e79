using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.Runtime.CompilerServices;
using OsConformance.Cli.Runner;
using OsConformance.Protocol;
using OsConformance.Reports;

namespace OsConformance.Cli;

/// <summary>
/// What System.CommandLine's help leaves out: each command's exit status (declared beside the
/// command with <see cref="Exits"/>), the launcher's own commands, and a --version that says
/// which protocol and results schema this build speaks.
/// </summary>
public static class CommandHelp
{
    public const string ProgramName = "os-conformance";

    private static readonly ConditionalWeakTable<Command, IReadOnlyList<(string Code, string Meaning)>> exits = new();

    /// <summary>Declares <paramref name="command"/>'s exit codes for its help; returns the command.</summary>
    public static Command Exits(this Command command, params (string Code, string Meaning)[] codes)
    {
        exits.AddOrUpdate(command, codes);
        return command;
    }

    /// <summary>The exit codes declared for <paramref name="command"/>, empty if none.</summary>
    public static IReadOnlyList<(string Code, string Meaning)> ExitsOf(Command command) =>
        exits.TryGetValue(command, out var codes) ? codes : [];

    /// <summary>Exit 2 as every command means it; a command adds what else it counts as one.</summary>
    public static (string, string) Usage(string? also = null) => ("2", "usage error: a bad option or value" + (also is null ? "" : $", {also}"));

    /// <summary>The root: named os-conformance (not the assembly's name), with help and --version.</summary>
    public static Command Root(string description)
    {
        var root = new Command(ProgramName, description);
        var help = new HelpOption();
        help.Action = new HelpWithExits((HelpAction)help.Action!);
        var version = new VersionOption { Action = new PrintVersion() };
        root.Options.Add(help);
        root.Options.Add(version);
        root.Exits(("0", "the command succeeded"), ("1", "conformance failures (run, smoke, compare, selftest, coverage --check)"),
            ("2", "usage error"), ("3", "infrastructure failure: a harness that did not start, reports that could not be written"),
            ("130/143", "run interrupted by SIGINT/SIGTERM"));
        return root;
    }

    /// <summary>test and build: the launcher (./os-conformance) runs them before the CLI starts; listed so that help shows them.</summary>
    public static Command LauncherCommand(string name, string description, TextWriter stderr)
    {
        var command = new Command(name, $"{description} (the launcher's: ./os-conformance {name})");
        command.TreatUnmatchedTokensAsErrors = false; // whatever follows is for the launcher
        command.SetAction(_ =>
        {
            stderr.WriteLine($"{ProgramName}: {name} is a command of the launcher; run ./os-conformance {name}");
            return Program.UsageError;
        });
        return name == "test"
            ? command.Exits(("0", "every unit test passed"), ("1", "a unit test or the build failed"), ("3", "a prerequisite is missing and could not be installed"))
            : command.Exits(("0", "built"), ("1", "the build failed"));
    }

    /// <summary>"os-conformance 0.1.0 (commit aa12fecd2066; harness protocol 1, results.json schema 1)".</summary>
    public static string VersionText()
    {
        string informational = typeof(CommandHelp).Assembly
            .GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion ?? "";
        string commit = informational.Contains('+') ? informational.Split('+')[1] : "";
        return $"{ProgramName} {SuiteRunner.SuiteVersion()} ({(commit.Length > 0 ? $"commit {commit[..Math.Min(12, commit.Length)]}; " : "")}"
            + $"harness protocol {HarnessProcess.ProtocolVersion}, results.json schema {ResultsJson.SchemaVersion})";
    }

    private sealed class PrintVersion : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parse)
        {
            parse.InvocationConfiguration.Output.WriteLine(VersionText());
            return 0;
        }
    }

    private sealed class HelpWithExits(HelpAction inner) : SynchronousCommandLineAction
    {
        public override bool ClearsParseErrors => true;

        public override int Invoke(ParseResult parse)
        {
            int code = inner.Invoke(parse);
            var w = parse.InvocationConfiguration.Output;
            var codes = ExitsOf(parse.CommandResult.Command);
            if (codes.Count > 0)
            {
                w.WriteLine("Exit status:");
                int width = codes.Max(c => c.Code.Length);
                foreach (var (c, meaning) in codes)
                    w.WriteLine($"  {c.PadRight(width)}  {meaning}");
                w.WriteLine();
            }
            return code;
        }
    }
}
