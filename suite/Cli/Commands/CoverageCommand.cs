using System.CommandLine;
using OsConformance.Cli.Runner;
using OsConformance.Suite.Infrastructure;

namespace OsConformance.Cli.Commands;

/// <summary><c>coverage</c>: writes docs/coverage.md from the cases' metadata, or checks it is current.</summary>
internal static class CoverageCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var check = new Option<bool>("--check") { Description = "Write nothing; exit 1 if docs/coverage.md differs from what would be generated." };
        var command = new Command("coverage", "Map each spec sentence and decision to the cases that check it (docs/coverage.md).");
        command.Options.Add(check);
        command.Exits(("0", "docs/coverage.md written, or with --check up to date"), ("1", "--check: docs/coverage.md is stale or missing"),
            CommandHelp.Usage("no os-conformance root found (set OSC_ROOT)"));
        command.SetAction(parse =>
        {
            string? root = RepoRoot.Find();
            if (root is null)
            {
                stderr.WriteLine("coverage: cannot find the os-conformance root; set OSC_ROOT");
                return 2;
            }
            var catalog = CaseCatalog.Load();
            var coverage = CoverageReport.Compute(catalog, SpecDocument.Current, Decisions.Anchors);
            string text = CoverageReport.Render(coverage);
            string path = Path.Combine(root, CoverageReport.RelativePath);
            int uncovered = coverage.Uncovered.Count();
            foreach (var bad in catalog.Where(e => !e.Runnable && e.NotRunnableReason is not null))
                stderr.WriteLine($"coverage: warning: {bad.Id}: {bad.NotRunnableReason}");
            if (parse.GetValue(check))
            {
                string? current = File.Exists(path) ? File.ReadAllText(path) : null;
                if (current != text)
                {
                    stderr.WriteLine($"coverage: {CoverageReport.RelativePath} is {(current is null ? "missing" : "stale")}; run ./os-conformance coverage");
                    return 1;
                }
                stdout.WriteLine($"coverage: {CoverageReport.RelativePath} is up to date ({uncovered} of {coverage.Sentences.Count} sentences uncovered)");
                return 0;
            }
            File.WriteAllText(path + ".tmp", text);
            File.Move(path + ".tmp", path, overwrite: true);
            stdout.WriteLine($"coverage: wrote {path} ({uncovered} of {coverage.Sentences.Count} sentences uncovered)");
            return 0;
        });
        return command;
    }
}
