using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

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
    private sealed record Row(string Op, double? Ns, string How);

    private sealed class Column
    {
        public required string Label;
        public string Implementation = "";
        public string Platform = "";
        public double? RoundTripNs;
        public readonly List<Row> Rows = [];
        public string? Error;
        public double? this[string op] => Rows.FirstOrDefault(r => r.Op == op)?.Ns;
    }

    // The operations of issue 6's goal table, in its order.
    private static readonly string[] Ops = ["getpid", "open+close", "stat", "64-byte pipe write+read", "urandom 32", "fork+_exit+waitpid"];

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
        return columns.Any(c => c.Error is not null) ? 1 : 0;
    }

    // ---- a harness over the protocol ----

    private static void MeasureHarness(string command, int n, int rounds, Column col)
    {
        string work = Directory.CreateTempSubdirectory("osc-bench-harness-").FullName;
        try
        {
            File.WriteAllBytes(Path.Combine(work, "f.txt"), new byte[64]);
            using var h = new HarnessClient(command, work);
            var start = h.Request(new JsonObject { ["op"] = "start", ["protocol"] = 1 });
            col.Implementation = $"{start["implementation"]?["name"]} {((string?)start["implementation"]?["version"])?.Split('+')[0]}";
            col.Platform = $"{start["platform"]?["os"]}-{start["platform"]?["arch"]}, kernel {start["platform"]?["kernel"]}";
            var ops = start["capabilities"]?["ops"]?.AsArray().Select(o => (string?)o).ToHashSet() ?? [];
            if (!ops.Contains("repeat")) throw new InvalidOperationException("the harness does not list the optional repeat op");

            // getpid inside the harness, then the round trip: a `call getpid` timed here, minus the getpid itself.
            double getpid = Best(rounds, () => h.RepeatNs("getpid", [], n) / n);
            int rtCalls = Math.Max(200, n / 20);
            double callGetpid = Best(rounds, () => ClientNs(rtCalls, () => h.Call("getpid", [])));
            col.RoundTripNs = callGetpid - getpid;
            col.Rows.Add(new Row("getpid", getpid, $"repeat getpid, n={n}"));

            // open+close: repeat open (n fds, all closed again); close by paired client timing (see docs).
            int batch = Math.Min(n, 500);
            var closes = new List<double>();
            double open = Best(rounds, () =>
            {
                // fds are allocated lowest-free first, but the harness may hold fds at any number (inherited
                // ones too): learn the numbers the repeat will get by opening them one by one first.
                var nums = new int[batch];
                for (int k = 0; k < batch; k++) nums[k] = (int)h.Call("open", ["f.txt", "r"])!.GetValue<double>();
                foreach (int fd in nums) h.Call("close", [fd]);
                double ns = h.RepeatNs("open", ["f.txt", "r"], batch);
                // Interleaved pairs (close fd, getpid): the median difference is close minus getpid.
                var diffs = new double[batch];
                for (int k = 0; k < batch; k++)
                {
                    long t0 = Stopwatch.GetTimestamp();
                    h.Call("close", [nums[k]]);
                    long t1 = Stopwatch.GetTimestamp();
                    h.Call("getpid", []);
                    long t2 = Stopwatch.GetTimestamp();
                    diffs[k] = ToNs((t1 - t0) - (t2 - t1));
                }
                // Had the repeat opened other numbers, one of these fds would still be open (or a close above failed).
                int probe = (int)h.Call("open", ["f.txt", "r"])!.GetValue<double>();
                h.Call("close", [probe]);
                if (probe != nums.Min())
                    throw new InvalidOperationException($"after closing the fds repeat opened, open returned {probe}, not {nums.Min()}");
                closes.Add(MedianOf(diffs) + getpid);
                return ns / batch;
            });
            double close = MedianOf(closes.ToArray());
            col.Rows.Add(new Row("open+close", open + close,
                $"repeat open n={batch} ({Fmt(open)}) + close by paired call timing ({Fmt(close)})"));

            col.Rows.Add(new Row("stat", Best(rounds, () => h.RepeatNs("stat", ["f.txt"], n) / n), $"repeat stat, n={n}"));

            // Pipe: repeat write of a 64-byte Buffer `batch` times (32 KiB, below the pipe's capacity), then
            // repeat read into a 64-byte Buffer as often.
            var fds = h.Call("pipe", [])!.AsArray();
            int r = (int)fds[0]!.GetValue<double>(), w = (int)fds[1]!.GetValue<double>();
            var data = new JsonObject { ["$buffer"] = Convert.ToHexStringLower(RandomBytes(64)) };
            var into = new JsonObject { ["$buffer"] = new string('0', 128) };
            int pipeBatch = 512, pipeBatches = Math.Max(1, n / pipeBatch);
            double pipe = Best(rounds, () =>
            {
                double total = 0;
                for (int b = 0; b < pipeBatches; b++)
                    total += h.RepeatNs("write", [w, data.DeepClone()], pipeBatch) + h.RepeatNs("read", [r, into.DeepClone()], pipeBatch);
                return total / (pipeBatch * pipeBatches);
            });
            h.Call("close", [r]);
            h.Call("close", [w]);
            col.Rows.Add(new Row("64-byte pipe write+read", pipe, $"repeat write (64-byte Buffer) + repeat read (into a 64-byte Buffer), {pipeBatches}×{pipeBatch}"));

            col.Rows.Add(new Row("urandom 32", Best(rounds, () => h.RepeatNs("urandom", [32], n) / n), $"repeat urandom(32), n={n}"));

            // fork+_exit+waitpid: N (fork op with no steps, then call waitpid), timed here, minus two round trips.
            int forks = Math.Max(20, n / 400);
            double forkIter = Best(rounds, () => ClientNs(forks, () =>
            {
                var reply = h.Request(new JsonObject { ["op"] = "fork", ["report"] = "/dev/null", ["exit"] = 0, ["steps"] = new JsonArray() });
                int pid = (int)reply["pid"]!.GetValue<double>();
                h.Call("waitpid", [pid, 0]);
            }));
            col.Rows.Add(new Row("fork+_exit+waitpid", forkIter - 2 * col.RoundTripNs.Value,
                $"{forks}× (fork op, no steps + call waitpid) timed by the client ({Fmt(forkIter)}/iteration) − 2 round trips"));

            h.Request(new JsonObject { ["op"] = "stop" });
        }
        finally
        {
            try { Directory.Delete(work, recursive: true); } catch (IOException) { }
        }
    }

    private static double ClientNs(int count, Action body)
    {
        long t0 = Stopwatch.GetTimestamp();
        for (int i = 0; i < count; i++) body();
        return ToNs(Stopwatch.GetTimestamp() - t0) / count;
    }

    private static double ToNs(long ticks) => ticks * 1e9 / Stopwatch.Frequency;

    /// <summary>The minimum over rounds (after a discarded warm-up round): on a shared, loaded machine the
    /// least-disturbed round is the best estimate of the cost itself; the other rounds add preemption.</summary>
    private static double Best(int rounds, Func<double> sample)
    {
        sample(); // warm-up round, discarded
        var xs = new double[rounds];
        for (int i = 0; i < rounds; i++) xs[i] = sample();
        return xs.Min();
    }

    private static double MedianOf(double[] xs)
    {
        Array.Sort(xs);
        return xs.Length % 2 == 1 ? xs[xs.Length / 2] : (xs[xs.Length / 2 - 1] + xs[xs.Length / 2]) / 2;
    }

    private static byte[] RandomBytes(int n)
    {
        var b = new byte[n];
        new Random(11).NextBytes(b);
        return b;
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
            if (f.Length >= 2) col.Rows.Add(new Row(f[0], double.Parse(f[1], CultureInfo.InvariantCulture), f.Length > 2 ? f[2] : "C loop"));
        }
        col.Platform = Environment.OSVersion.ToString();
    }

    // ---- output ----

    private static string Fmt(double? ns) => ns switch
    {
        null => "—",
        >= 10_000 => (ns.Value / 1000).ToString("0", CultureInfo.InvariantCulture) + " µs",
        >= 1_000 => (ns.Value / 1000).ToString("0.00", CultureInfo.InvariantCulture) + " µs",
        _ => ns.Value.ToString("0", CultureInfo.InvariantCulture) + " ns",
    };

    private static string Markdown(List<Column> columns, int n, int rounds)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"<!-- bench harness: n={n}, rounds={rounds} (minimum over rounds), {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, load average {LoadAverage()} -->");
        foreach (var c in columns)
        {
            sb.AppendLine();
            sb.AppendLine($"### {c.Implementation} — `{c.Label}`");
            sb.AppendLine();
            if (c.Error is not null) { sb.AppendLine($"Not measured: {c.Error}"); continue; }
            if (c.Platform.Length > 0) sb.AppendLine($"Platform: {c.Platform}.").AppendLine();
            sb.AppendLine("| operation | ns/op inside | how |");
            sb.AppendLine("|---|---:|---|");
            foreach (var r in c.Rows) sb.AppendLine($"| {r.Op} | {Fmt(r.Ns)} | {r.How} |");
            if (c.RoundTripNs is double rt) sb.AppendLine($"| *protocol round trip* | {Fmt(rt)} | `call getpid` timed by the client, minus getpid inside |");
        }
        var measured = columns.Where(c => c.Error is null).ToList();
        if (measured.Count > 1)
        {
            sb.AppendLine();
            sb.AppendLine("### Side by side");
            sb.AppendLine();
            sb.AppendLine("| operation | " + string.Join(" | ", measured.Select(c => c.Implementation)) + " | ratio to the first |");
            sb.AppendLine("|---|" + string.Concat(measured.Select(_ => "---:|")) + "---|");
            foreach (string op in Ops)
            {
                var first = measured[0][op];
                string ratios = string.Join(", ", measured.Skip(1).Select(c =>
                    c[op] is double v && first is double f && f > 0 ? (v / f).ToString("0.00", CultureInfo.InvariantCulture) + "×" : "—"));
                sb.AppendLine($"| {op} | " + string.Join(" | ", measured.Select(c => Fmt(c[op]))) + $" | {ratios} |");
            }
            sb.AppendLine("| *protocol round trip* | " + string.Join(" | ", measured.Select(c => Fmt(c.RoundTripNs))) + " | |");
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
            ["loadAverage"] = LoadAverage(),
            ["n"] = n,
            ["rounds"] = rounds,
            ["implementations"] = new JsonArray(columns.Select(c => (JsonNode)new JsonObject
            {
                ["label"] = c.Label,
                ["implementation"] = c.Implementation,
                ["platform"] = c.Platform,
                ["error"] = c.Error,
                ["roundTripNs"] = c.RoundTripNs,
                ["operations"] = new JsonArray(c.Rows.Select(r => (JsonNode)new JsonObject
                {
                    ["op"] = r.Op, ["ns"] = r.Ns, ["how"] = r.How,
                }).ToArray()),
            }).ToArray()),
        };
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    internal static string LoadAverage()
    {
        try { return string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)); }
        catch (IOException) { return "unknown"; }
    }
}

/// <summary>One harness process, spoken to one request at a time (docs/protocol.md).</summary>
internal sealed class HarnessClient : IDisposable
{
    private readonly Process _p;
    private long _id;

    public HarnessClient(string command, string workDir)
    {
        var argv = Split(command);
        var psi = new ProcessStartInfo(argv[0])
        {
            WorkingDirectory = workDir,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardInputEncoding = new UTF8Encoding(false),
            StandardOutputEncoding = new UTF8Encoding(false),
        };
        foreach (string a in argv.Skip(1)) psi.ArgumentList.Add(a);
        _p = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {command}");
        _p.ErrorDataReceived += (_, e) => { if (e.Data is { Length: > 0 }) Console.Error.WriteLine($"[harness stderr] {e.Data}"); };
        _p.BeginErrorReadLine();
        _p.StandardInput.AutoFlush = true;
        _p.StandardInput.NewLine = "\n";
    }

    public JsonObject Request(JsonObject req)
    {
        long id = ++_id;
        var msg = new JsonObject { ["id"] = id };
        foreach (var kv in req) msg[kv.Key] = kv.Value?.DeepClone();
        _p.StandardInput.WriteLine(msg.ToJsonString());
        string line = _p.StandardOutput.ReadLine()
            ?? throw new InvalidOperationException($"the harness closed its stdout (exited: {_p.HasExited})");
        var reply = JsonNode.Parse(line)?.AsObject() ?? throw new InvalidOperationException("a reply that is not a JSON object: " + line);
        if (reply["id"]?.GetValue<long>() != id) throw new InvalidOperationException($"reply id mismatch: {line}");
        if (reply["fault"] is JsonNode f) throw new InvalidOperationException($"fault: {f}");
        if (reply["thrown"] is JsonNode t) throw new InvalidOperationException($"thrown: {t.ToJsonString()}");
        return reply;
    }

    public JsonNode? Call(string fn, JsonNode?[] args) =>
        Request(new JsonObject { ["op"] = "call", ["fn"] = fn, ["args"] = new JsonArray(args) })["value"];

    /// <summary>The elapsed_ns of one repeat request: n calls in all.</summary>
    public double RepeatNs(string fn, JsonNode?[] args, int n)
    {
        var reply = Request(new JsonObject { ["op"] = "repeat", ["fn"] = fn, ["args"] = new JsonArray(args), ["n"] = n });
        return reply["elapsed_ns"]!.GetValue<double>();
    }

    /// <summary>Splits "CMD ARGS" on spaces; double or single quotes group.</summary>
    internal static List<string> Split(string command)
    {
        var parts = new List<string>();
        var cur = new StringBuilder();
        char quote = '\0';
        bool any = false;
        foreach (char ch in command)
        {
            if (quote != '\0') { if (ch == quote) quote = '\0'; else cur.Append(ch); }
            else if (ch is '"' or '\'') { quote = ch; any = true; }
            else if (char.IsWhiteSpace(ch)) { if (any || cur.Length > 0) parts.Add(cur.ToString()); cur.Clear(); any = false; }
            else cur.Append(ch);
        }
        if (any || cur.Length > 0) parts.Add(cur.ToString());
        if (parts.Count == 0) throw new ArgumentException("empty harness command");
        return parts;
    }

    public void Dispose()
    {
        try { _p.StandardInput.Close(); } catch (IOException) { }
        if (!_p.WaitForExit(5000)) { try { _p.Kill(entireProcessTree: true); } catch (InvalidOperationException) { } }
        _p.Dispose();
    }
}
