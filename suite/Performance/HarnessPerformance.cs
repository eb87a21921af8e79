using System.Diagnostics;
using OsConformance.Protocol;
using OsConformance.Reports;
using static OsConformance.Reports.PerformanceText;

namespace OsConformance.Performance;

/// <summary>What to measure, and how long each operation may take.</summary>
public sealed record PerformanceOptions
{
    public const int DefaultN = 2000, DefaultRounds = 3;

    /// <summary>The harness command, split.</summary>
    public required IReadOnlyList<string> Harness { get; init; }
    /// <summary>The harnesses' working directory (it gets a 64-byte f.txt to stat and open) and their stderr log, harness.stderr.</summary>
    public required string WorkDirectory { get; init; }
    /// <summary>Calls per round of the repeat-timed operations; the others derive their counts from it.</summary>
    public int N { get; init; } = DefaultN;
    public int Rounds { get; init; } = DefaultRounds;
    /// <summary>Each operation runs in a fresh harness with this deadline.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);
}

/// <summary>The figures, and what the harness said about itself (null when it never answered start).</summary>
public sealed record HarnessPerformanceRun(StartInfo? Harness, PerformanceResults Results);

/// <summary>
/// Times operations inside a harness with the protocol's `repeat` op (docs/protocol.md), so the
/// protocol's own cost is left out, and measures that cost (the round trip) separately. What
/// repeat cannot express alone (open+close, fork) is measured by the fork-free or client-timed
/// patterns of docs/performance.md, and each figure says how. An operation the harness cannot do
/// (no repeat op, a missing function) or that fails gets an error instead of a figure; nothing here
/// throws because of the harness.
/// </summary>
public static class HarnessPerformance
{
    public const string GetPid = "getpid", OpenClose = "open+close", Stat = "stat", Pipe = "64-byte pipe write+read",
        URandom = "urandom 32", ForkExitWait = "fork+_exit+waitpid", RoundTrip = PerformanceResults.RoundTripOperation;

    /// <summary>The operations of issue 6's goal table, in its order.</summary>
    public static readonly IReadOnlyList<string> Operations = [GetPid, OpenClose, Stat, Pipe, URandom, ForkExitWait];

    public static HarnessPerformanceRun Measure(PerformanceOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.N, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Rounds, 1);
        var taken = DateTimeOffset.Now;
        var load = LoadAverage.Read();
        Directory.CreateDirectory(options.WorkDirectory);
        File.WriteAllBytes(Path.Combine(options.WorkDirectory, "f.txt"), new byte[64]);

        var m = new Measurement(options);
        m.Probe();
        var figures = Operations.Select(m.Measure).ToList();
        return new(m.Info, new PerformanceResults(options.N, options.Rounds, taken, load, figures, m.Measure(RoundTrip)));
    }

    private sealed class Measurement(PerformanceOptions o)
    {
        private readonly int n = o.N;
        public StartInfo? Info { get; private set; }
        // Set when no later operation can be measured: the harness did not start, or an operation hung.
        private string? notMeasured;

        public void Probe()
        {
            try
            {
                using var h = Spawn();
                Info = h.Start();
            }
            catch (Exception e)
            {
                notMeasured = $"not measured: the harness did not start: {e.Message}";
            }
        }

        public PerformanceFigure Measure(string op) => op switch
        {
            GetPid => Figure(op, $"repeat getpid, n={n}", ["getpid"], repeat: true,
                h => (Best(() => InsideNs(h, "getpid", [], n)), $"repeat getpid, n={n}")),
            Stat => Figure(op, $"repeat stat(\"f.txt\"), n={n}", ["stat"], repeat: true,
                h => (Best(() => InsideNs(h, "stat", ["f.txt"], n)), $"repeat stat(\"f.txt\") of a 64-byte file, n={n}")),
            URandom => Figure(op, $"repeat urandom(32), n={n}", ["urandom"], repeat: true,
                h => (Best(() => InsideNs(h, "urandom", [32], n)), $"repeat urandom(32) (a new 32-byte Buffer each call), n={n}")),
            OpenClose => Figure(op, "repeat open, close by paired call timing", ["open", "close", "getpid"], repeat: true, OpenAndClose),
            Pipe => Figure(op, "repeat write (64-byte Buffer) + repeat read (into a 64-byte Buffer)", ["pipe", "write", "read", "close"], repeat: true, PipeRoundTrip),
            ForkExitWait => Figure(op, "fork op with no steps + call waitpid, timed by the client, minus 2 round trips", ["fork", "waitpid", "getpid"], repeat: false, ForkAndWait, "fork"),
            RoundTrip => Figure(op, "call getpid timed by the client, minus getpid inside", ["getpid"], repeat: false, h => RoundTripNs(h)),
            _ => throw new ArgumentException($"unknown operation {op}", nameof(op)),
        };

        /// <summary>Runs one operation in a fresh harness; whatever goes wrong becomes the figure's error.</summary>
        private PerformanceFigure Figure(string op, string how, string[] functions, bool repeat, Func<HarnessProcess, (double Ns, string How)> body, string? optionalOp = null)
        {
            if (notMeasured is not null) return PerformanceFigure.Failed(op, how, notMeasured);
            var caps = Info!.Capabilities;
            foreach (var needed in new[] { repeat ? "repeat" : null, optionalOp }.OfType<string>())
                if (!caps.Ops.Contains(needed))
                    return PerformanceFigure.Failed(op, how, $"unsupported: the harness does not list the optional {needed} op");
            if (functions.FirstOrDefault(f => !caps.Functions.Contains(f)) is { } missing)
                return PerformanceFigure.Failed(op, how, $"unsupported: the implementation does not have {missing}");
            try
            {
                using var h = Spawn();
                h.Start();
                var (ns, measuredHow) = body(h);
                try { h.Stop(); } catch (HarnessException) { /* measured already; stop is checked by smoke */ }
                // A difference of two timings can come out at or below zero when noise exceeds the cost.
                return ns > 0 && double.IsFinite(ns)
                    ? PerformanceFigure.Measured(op, ns, measuredHow)
                    : PerformanceFigure.Failed(op, measuredHow, $"the estimate came out at {ns:0.#} ns (noise larger than the cost, or a clock too coarse); take more calls (--perf-n)");
            }
            catch (HarnessTimeoutException e)
            {
                notMeasured = $"not measured: {op} missed its {o.Timeout.TotalSeconds:0.#} s deadline before it";
                return PerformanceFigure.Failed(op, how, e.Message);
            }
            // A harness can answer anything, or die: one operation's failure is its figure's error, never the caller's.
            catch (Exception e)
            {
                return PerformanceFigure.Failed(op, how, e is HarnessThrewException or HarnessException ? e.Message : $"{e.GetType().Name}: {e.Message}");
            }
        }

        private HarnessProcess Spawn() => HarnessProcess.Spawn(new HarnessOptions(
            o.Harness, o.WorkDirectory, o.Timeout, Path.Combine(o.WorkDirectory, "harness.stderr"),
            ValidateRequests: false, ValidateReplies: false)); // the schema checks would be most of a round trip

        // ---- the operations repeat cannot express alone ----

        private (double, string) RoundTripNs(HarnessProcess h)
        {
            int calls = Math.Max(10, n / 20);
            double call = Best(() => ClientNs(calls, () => Value(h, "getpid")));
            if (!Info!.Capabilities.Ops.Contains("repeat"))
                return (call, $"{calls}× call getpid timed by the client, getpid itself included (the harness has no repeat op)");
            double inside = Best(() => InsideNs(h, "getpid", [], n));
            return (call - inside, $"{calls}× call getpid timed by the client ({Ns(call)}) minus getpid inside ({Ns(inside)})");
        }

        /// <summary>
        /// repeat can run one function only, and close cannot be repeated on one fd: learn the fds the
        /// harness will hand out by opening and closing them, repeat open, then close each one paired
        /// with a getpid call; close ≈ median(close call − getpid call) + getpid inside.
        /// </summary>
        private (double, string) OpenAndClose(HarnessProcess h)
        {
            int batch = Math.Min(n, 500);
            double getpid = Best(() => InsideNs(h, "getpid", [], n));
            var closes = new List<double>();
            double open = Best(() =>
            {
                // fds are allocated lowest-free first, but the harness may hold fds at any number (inherited ones too).
                var fds = new int[batch];
                for (int k = 0; k < batch; k++) fds[k] = Int(Value(h, "open", "f.txt", "r"));
                foreach (int fd in fds) Value(h, "close", fd);
                double ns = InsideNs(h, "open", ["f.txt", "r"], batch);
                var diffs = new double[batch];
                for (int k = 0; k < batch; k++)
                {
                    long t0 = Stopwatch.GetTimestamp();
                    Value(h, "close", fds[k]);
                    long t1 = Stopwatch.GetTimestamp();
                    Value(h, "getpid");
                    long t2 = Stopwatch.GetTimestamp();
                    diffs[k] = ToNs((t1 - t0) - (t2 - t1));
                }
                // Had repeat opened other numbers, one of them would still be open now.
                int probe = Int(Value(h, "open", "f.txt", "r"));
                Value(h, "close", probe);
                if (probe != fds.Min())
                    throw new InvalidOperationException($"after closing the fds repeat opened, open returned {probe}, not {fds.Min()}");
                closes.Add(MedianOf(diffs) + getpid);
                return ns;
            });
            double close = MedianOf([.. closes]);
            return (open + close, $"repeat open n={batch} ({Ns(open)}) + close by paired call timing ({Ns(close)})");
        }

        /// <summary>Batches of 512 writes (32 KiB, below a pipe's capacity), then as many reads; the two summed per pair.</summary>
        private (double, string) PipeRoundTrip(HarnessProcess h)
        {
            if (Value(h, "pipe") is not JsArray { Items: [var r, var w] })
                throw new InvalidOperationException("pipe did not return an Array of two fds");
            var data = new byte[64];
            new Random(11).NextBytes(data);
            const int batch = 512;
            int batches = Math.Max(1, n / batch);
            double ns = Best(() =>
            {
                double total = 0;
                for (int b = 0; b < batches; b++)
                    total += InsideNs(h, "write", [w, data], batch) + InsideNs(h, "read", [r, new byte[64]], batch);
                return total / batches;
            });
            Value(h, "close", r);
            Value(h, "close", w);
            return (ns, $"repeat write (64-byte Buffer) + repeat read (into a 64-byte Buffer), {batches}×{batch}");
        }

        /// <summary>repeat cannot fork: the fork op (no steps, report /dev/null) then call waitpid, timed here, minus two round trips.</summary>
        private (double, string) ForkAndWait(HarnessProcess h)
        {
            var (roundTrip, _) = RoundTripNs(h);
            int forks = Math.Max(20, n / 400);
            double iteration = Best(() => ClientNs(forks, () => Value(h, "waitpid", h.Fork("/dev/null", []), 0)));
            return (iteration - 2 * roundTrip,
                $"{forks}× (fork op, no steps + call waitpid) timed by the client ({Ns(iteration)}/iteration) minus 2 round trips ({Ns(roundTrip)} each)");
        }

        // ---- timing ----

        /// <summary>ns per call of one repeat request of <paramref name="count"/> calls, as the harness timed it.</summary>
        private static double InsideNs(HarnessProcess h, string fn, JsValue[] args, int count)
        {
            var r = h.Repeat(fn, args, count);
            if (r.N != count)
                throw new InvalidOperationException($"repeat {fn} reported n={r.N}, asked for {count}");
            return (double)r.ElapsedNs / count;
        }

        private static double ClientNs(int count, Action body)
        {
            long t0 = Stopwatch.GetTimestamp();
            for (int i = 0; i < count; i++) body();
            return ToNs(Stopwatch.GetTimestamp() - t0) / count;
        }

        /// <summary>The minimum over rounds after a discarded warm-up round: on a shared machine the least-disturbed round is the best estimate.</summary>
        private double Best(Func<double> sample)
        {
            sample();
            double best = double.PositiveInfinity;
            for (int i = 0; i < o.Rounds; i++) best = Math.Min(best, sample());
            return best;
        }

        private static double ToNs(long ticks) => ticks * 1e9 / Stopwatch.Frequency;

        private static double MedianOf(double[] xs)
        {
            Array.Sort(xs);
            return xs.Length % 2 == 1 ? xs[xs.Length / 2] : (xs[xs.Length / 2 - 1] + xs[xs.Length / 2]) / 2;
        }

        private static JsValue Value(HarnessProcess h, string fn, params JsValue[] args)
        {
            var outcome = h.Call(fn, args);
            return outcome.Thrown is { } thrown ? throw new HarnessThrewException(fn, thrown) : outcome.Value ?? JsValue.Undefined;
        }

        private static int Int(JsValue v) => v is JsNumber { Value: var x } && x == Math.Floor(x)
            ? (int)x : throw new InvalidOperationException($"expected an integer fd, got {v}");
    }
}
