using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OsConformance.Performance;
using OsConformance.Protocol;
using OsConformance.Reports;

namespace OsConformance.Bench;

/// <summary>
/// `bench harness`: times the same operations inside each harness with the protocol's `repeat` op
/// (docs/protocol.md), so the protocol's own cost is left out, and measures that cost (the round
/// trip) separately. Operations repeat cannot express alone are measured by the fork-free or
/// client-timed patterns described in docs/performance.md and printed next to each figure.
///
///   harness [--harness "CMD ARGS"]... [--c PATH] [--n N] [--rounds R] [--json FILE] [--markdown FILE]
///
/// Default harness: .build/harness/osc-harness (./os-conformance build). --c runs the C comparison
/// program (bench/c/osbench.c, compiled by the user) in the same run and adds its column.
/// </summary>
internal static class HarnessTiming
{
    private sealed class Column
    {
        public required string Label;
        public string Implementation = "";
        public string Platform = "";
        /// <summary>The operations, then (for a harness) the protocol round trip.</summary>
        public readonly List<PerformanceFigure> Figures = [];
        /// <summary>Why the column has no figures at all (the harness or program did not start).</summary>
        public string? Error;
        public double? RoundTripNs => Figures.FirstOrDefault(f => f.Operation == PerformanceResults.RoundTripOperation)?.NsPerOp;
    }

    public static int Run(string[] args)
    {
        var harnesses = new List<string>();
        string? cProgram = null, jsonOut = null, mdOut = null;
        int n = 20000, rounds = 5;
        for (int i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--harness": harnesses.Add(Next()); break;
                case "--c": cProgram = Next(); break;
                case "--n": n = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--rounds": rounds = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--json": jsonOut = Next(); break;
                case "--markdown": mdOut = Next(); break;
                case "-h" or "--help":
                    Console.WriteLine("bench harness [--harness \"CMD ARGS\"]... [--c PATH] [--n N] [--rounds R] [--json FILE] [--markdown FILE]");
                    return 0;
                default: Console.Error.WriteLine($"bench harness: unknown argument {args[i]}"); return 2;
            }
        }
        if (harnesses.Count == 0) harnesses.Add(Path.Combine(RepoRoot.Find(), ".build", "harness", "osc-harness"));

        var columns = new List<Column>();
        foreach (string h in harnesses)
        {
            var col = new Column { Label = h };
            try { MeasureHarness(h, n, rounds, col); }
            catch (Exception e) { col.Error = $"{e.GetType().Name}: {e.Message}"; }
            columns.Add(col);
        }
        if (cProgram is not null)
        {
            var col = new Column { Label = cProgram, Implementation = "C program (bench/c/osbench.c)" };
            try { MeasureC(cProgram, n, rounds, col); }
            catch (Exception e) { col.Error = $"{e.GetType().Name}: {e.Message}"; }
            columns.Add(col);
        }

        string md = Markdown(columns, n, rounds);
        Console.WriteLine(md);
        if (mdOut is not null) File.WriteAllText(mdOut, md);
        if (jsonOut is not null) File.WriteAllText(jsonOut, Json(columns, n, rounds));
        return columns.Any(c => c.Error is not null || c.Figures.Any(f => f.Error is not null)) ? 1 : 0;
    }

    // ---- a harness over the protocol: the suite's measurement (suite/Performance), as run --perf takes it ----

    private static void MeasureHarness(string command, int n, int rounds, Column col)
    {
        string work = Directory.CreateTempSubdirectory("osc-bench-harness-").FullName;
        try
        {
            var run = HarnessPerformance.Measure(new PerformanceOptions
            {
                Harness = ShellWords.Split(command),
                WorkDirectory = work,
                N = n,
                Rounds = rounds,
                Timeout = TimeSpan.FromMinutes(10), // the default --n takes far longer than run --perf's
            });
            if (run.Harness is not { } info)
            {
                col.Error = run.Results.RoundTrip.Error;
                return;
            }
            col.Implementation = $"{info.Implementation.Name} {info.Implementation.Version.Split('+')[0]}";
            col.Platform = $"{info.Platform.Os}-{info.Platform.Arch}, kernel {info.Platform.Kernel}";
            col.Figures.AddRange(run.Results.AllFigures);
        }
        finally
        {
            try { Directory.Delete(work, recursive: true); } catch (IOException) { }
        }
    }

    // ---- the C comparison program: prints "op<TAB>ns" lines ----

    private static void MeasureC(string path, int n, int rounds, Column col)
    {
        var psi = new ProcessStartInfo(path) { RedirectStandardOutput = true, UseShellExecute = false };
        psi.ArgumentList.Add(n.ToString(CultureInfo.InvariantCulture));
        psi.ArgumentList.Add(rounds.ToString(CultureInfo.InvariantCulture));
        using var p = Process.Start(psi)!;
        string output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{path} exited with {p.ExitCode}");
        foreach (string line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] f = line.Split('\t');
            if (f.Length >= 2) col.Figures.Add(PerformanceFigure.Measured(f[0], double.Parse(f[1], CultureInfo.InvariantCulture), f.Length > 2 ? f[2] : "C loop"));
        }
        col.Platform = Environment.OSVersion.ToString();
    }

    // ---- output ----

    private static string Markdown(List<Column> columns, int n, int rounds)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"<!-- bench harness: n={n}, rounds={rounds} (minimum over rounds), {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, load average {LoadAverageText()} -->");
        foreach (var c in columns)
        {
            sb.AppendLine();
            sb.AppendLine($"### {c.Implementation} — `{c.Label}`");
            sb.AppendLine();
            if (c.Error is not null) { sb.AppendLine($"Not measured: {c.Error}"); continue; }
            if (c.Platform.Length > 0) sb.AppendLine($"Platform: {c.Platform}.").AppendLine();
            sb.AppendLine("| operation | ns/op inside | how |");
            sb.AppendLine("|---|---:|---|");
            foreach (var f in c.Figures)
                sb.AppendLine($"| {f.Operation} | {PerformanceText.Ns(f.NsPerOp)} | {(f.Error is null ? f.How : $"not measured: {f.Error}")} |");
        }
        // The same table as merge's matrix.md: ratios to the first column with the figure.
        var measured = columns.Where(c => c.Error is null).ToList();
        if (measured.Count > 1)
        {
            sb.AppendLine();
            sb.AppendLine("### Side by side");
            sb.AppendLine();
            sb.AppendLine("| operation | " + string.Join(" | ", measured.Select(c => c.Implementation)) + " |");
            sb.AppendLine("|---|" + string.Concat(measured.Select(_ => "---:|")));
            foreach (var row in PerformanceTable.Rows(measured.Select(c => c.Figures).ToList()))
                sb.AppendLine($"| {row.Operation} | " + string.Join(" | ", measured.Select((_, i) => row.CellText(i))) + " |");
        }
        return sb.ToString();
    }

    private static string Json(List<Column> columns, int n, int rounds)
    {
        var root = new JsonObject
        {
            ["format"] = "os-conformance-bench-harness",
            ["version"] = 1,
            ["taken"] = DateTime.UtcNow.ToString("o", CultureInfo.InvariantCulture),
            ["loadAverage"] = LoadAverageText(),
            ["n"] = n,
            ["rounds"] = rounds,
            ["implementations"] = new JsonArray(columns.Select(c => (JsonNode)new JsonObject
            {
                ["label"] = c.Label,
                ["implementation"] = c.Implementation,
                ["platform"] = c.Platform,
                ["error"] = c.Error,
                ["roundTripNs"] = c.RoundTripNs,
                ["operations"] = new JsonArray(c.Figures.Where(f => f.Operation != PerformanceResults.RoundTripOperation).Select(f => (JsonNode)new JsonObject
                {
                    ["op"] = f.Operation, ["ns"] = f.NsPerOp, ["how"] = f.Error is null ? f.How : $"not measured: {f.Error}",
                }).ToArray()),
            }).ToArray()),
        };
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    private static string LoadAverageText() =>
        LoadAverage.Read() is { } load ? string.Join(" ", load.Select(x => x.ToString("0.00", CultureInfo.InvariantCulture))) : "unknown";
}
