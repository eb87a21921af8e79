using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using OsConformance.Cli.Runner;
using OsConformance.Suite.Infrastructure;

namespace OsConformance.Cli.Commands;

/// <summary>
/// <c>list</c>: the cases run would run with the same filters, one id a line; or the functions or
/// tags of those cases with how many each has; or all of it as JSON (docs/schemas/list.schema.json).
/// Runs nothing and starts no harness.
/// </summary>
internal static class ListCommand
{
    public const string Format = "os-conformance/list";
    public const int Version = 1;

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var cases = new CaseOptions();
        var functions = new Option<bool>("--functions") { Description = "Print the functions of the selected cases instead, each with its number of cases." };
        var tags = new Option<bool>("--tags") { Description = "Print the tags of the selected cases instead, each with its number of cases." };
        var json = new Option<bool>("--json") { Description = "Print one JSON document instead: the cases with their metadata, the functions and the tags (docs/schemas/list.schema.json)." };
        var command = new Command("list", "List the case ids that run would run with the same filters (or their functions or tags), without running anything.");
        cases.AddTo(command);
        foreach (var option in new Option[] { functions, tags, json })
            command.Options.Add(option);
        command.Exits(("0", "listed"), CommandHelp.Usage("an unknown --function or --tag (the message names the valid ones), a filter matching no case"));
        command.SetAction(parse =>
        {
            var (filters, fns, tagValues) = cases.Read(parse);
            var what = new[] { (functions, "--functions"), (tags, "--tags"), (json, "--json") }.Where(x => parse.GetValue(x.Item1)).Select(x => x.Item2).ToList();
            if (what.Count > 1)
            {
                stderr.WriteLine($"list: give one of --functions, --tags and --json, not {string.Join(" and ", what)} (--json holds all three)");
                return Program.UsageError;
            }
            return Run(filters, fns, tagValues, what.SingleOrDefault(), stdout, stderr);
        });
        return command;
    }

    /// <summary>The worker: <paramref name="view"/> is null (ids), --functions, --tags or --json. Returns the exit code.</summary>
    public static int Run(IReadOnlyList<string> filters, IReadOnlyList<string> functions, IReadOnlyList<string> tags, string? view, TextWriter stdout, TextWriter stderr)
    {
        var catalog = CaseCatalog.Load();
        if (CaseSelection.Unknown(functions, tags, catalog) is { } unknown)
        {
            stderr.WriteLine($"list: {unknown}");
            return Program.UsageError;
        }
        var selected = CaseSelection.Select(catalog, new CaseFilter(filters, functions, tags));
        if (selected.Count == 0)
        {
            stderr.WriteLine($"list: {CaseSelection.NoMatchMessage(filters, catalog)}");
            return Program.UsageError;
        }
        switch (view)
        {
            case "--functions": Counts(stdout, FunctionCounts(selected)); break;
            case "--tags": Counts(stdout, TagCounts(selected)); break;
            case "--json": stdout.Write(Json(catalog, selected)); break;
            default:
                foreach (var e in selected) stdout.WriteLine(e.Id);
                break;
        }
        stdout.Flush();
        return 0;
    }

    /// <summary>Functions in the spec's order, as run --function takes them.</summary>
    private static List<(string Name, int Cases)> FunctionCounts(List<CatalogEntry> selected)
    {
        var counts = selected.Where(e => e.Meta is not null).GroupBy(e => e.Meta!.Function).ToDictionary(g => g.Key, g => g.Count());
        return Functions.Documented.Where(counts.ContainsKey).Select(f => (f, counts[f])).ToList();
    }

    private static List<(string Name, int Cases)> TagCounts(List<CatalogEntry> selected) =>
        selected.Where(e => e.Meta is not null).SelectMany(e => e.Meta!.Tags).GroupBy(t => t)
            .OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => (g.Key, g.Count())).ToList();

    // "open    143": the name first, so that `awk '{print $1}'` gives the names.
    private static void Counts(TextWriter w, List<(string Name, int Cases)> counts)
    {
        int width = counts.Max(c => c.Name.Length);
        foreach (var (name, n) in counts)
            w.WriteLine($"{name.PadRight(width)}  {n}");
    }

    private static string Json(IReadOnlyList<CatalogEntry> catalog, List<CatalogEntry> selected)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("format", Format);
            w.WriteNumber("version", Version);
            w.WriteStartObject("suite");
            w.WriteString("version", SuiteRunner.SuiteVersion());
            w.WriteNumber("cases", CaseSelection.SuiteCases(catalog));
            w.WriteEndObject();
            w.WriteStartArray("cases");
            foreach (var e in selected)
            {
                w.WriteStartObject();
                w.WriteString("id", e.Id);
                w.WriteString("function", e.Meta?.Function);
                w.WriteString("spec", e.Meta?.Spec);
                w.WriteString("decision", e.Meta?.Decision);
                w.WriteStartArray("tags");
                foreach (var t in e.Meta?.Tags ?? []) w.WriteStringValue(t);
                w.WriteEndArray();
                // A case that cannot run (bad metadata, duplicate id) is reported broken by run.
                w.WriteString("not_runnable", e.Runnable ? null : e.NotRunnableReason ?? "not runnable");
                w.WriteEndObject();
            }
            w.WriteEndArray();
            foreach (var (name, counts) in new[] { ("functions", FunctionCounts(selected)), ("tags", TagCounts(selected)) })
            {
                w.WriteStartArray(name);
                foreach (var (n, c) in counts)
                {
                    w.WriteStartObject();
                    w.WriteString("name", n);
                    w.WriteNumber("cases", c);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
            }
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(ms.ToArray()) + "\n";
    }
}
