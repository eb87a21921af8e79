using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using OsConformance.Reference;

namespace OsConformance.Bench;

/// <summary>
/// osc-bench-fork [--smoke] [--n N] [--rounds R] [--markdown FILE] [--json FILE]
///
/// The fork families, timed in a NativeAOT process: each method runs N times per round; rounds
/// interleave the methods (so a burst of load from elsewhere hits them alike), one warm-up round is
/// discarded, and each figure is the median over rounds. Ratio: the median over rounds of
/// method / baseline in the same round. Allocated: managed bytes allocated per operation on this thread.
/// </summary>
internal static unsafe class ForkProgram
{
    private sealed record Method(string Family, string Name, bool Baseline, Func<int> Body);

    private static string s_true = "/bin/true";
    private static string[] s_args = [];
    private static byte* s_path;
    private static byte** s_argv;

    private static int Main(string[] args)
    {
        if (RuntimeFeature.IsDynamicCodeSupported)
        {
            Console.Error.WriteLine("osc-bench-fork forks and runs managed code in the child: run it only as the NativeAOT build");
            return 2;
        }
        int n = 50, rounds = 7;
        string? md = null, json = null;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--smoke": n = 2; rounds = 1; break;
                case "--n": n = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--rounds": rounds = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--markdown": md = args[++i]; break;
                case "--json": json = args[++i]; break;
                default: Console.Error.WriteLine($"osc-bench-fork: unknown argument {args[i]}"); return 2;
            }
        }

        s_true = File.Exists("/bin/true") ? "/bin/true" : "/usr/bin/true";
        s_args = [s_true];
        s_path = (byte*)Marshal.StringToCoTaskMemUTF8(s_true);
        s_argv = (byte**)NativeMemory.AllocZeroed(2, (nuint)sizeof(byte*));
        s_argv[0] = s_path;

        Method[] methods =
        [
            new("fork+_exit+waitpid", "ForkExitWait_PInvoke", true, ForkExitWaitPInvoke),
            new("fork+_exit+waitpid", "ForkExitWait_Reference", false, ForkExitWaitReference),
            new("fork+exec+waitpid", "ForkExecWait_PInvoke", true, ForkExecWaitPInvoke),
            new("fork+exec+waitpid", "ForkExecWait_Reference", false, ForkExecWaitReference),
            new("fork+exec+waitpid", "PosixSpawnWait_PInvoke", false, PosixSpawnWait),
            new("fork+exec+waitpid", "ProcessStart", false, ProcessStart),
        ];

        // Sanity first: every method must really run its child to a clean exit.
        foreach (var m in methods)
        {
            int status = m.Body();
            if (status != 0) { Console.Error.WriteLine($"{m.Name}: child wait status {status}, expected 0"); return 1; }
        }

        var ns = methods.Select(_ => new List<double>()).ToArray();
        var alloc = methods.Select(_ => new List<double>()).ToArray();
        for (int r = -1; r < rounds; r++)
        {
            for (int k = 0; k < methods.Length; k++)
            {
                int count = r < 0 ? Math.Max(1, n / 10) : n;
                long a0 = GC.GetAllocatedBytesForCurrentThread();
                long t0 = Stopwatch.GetTimestamp();
                for (int i = 0; i < count; i++) methods[k].Body();
                long t1 = Stopwatch.GetTimestamp();
                long a1 = GC.GetAllocatedBytesForCurrentThread();
                if (r < 0) continue;
                ns[k].Add((t1 - t0) * 1e9 / Stopwatch.Frequency / count);
                alloc[k].Add((double)(a1 - a0) / count);
            }
        }

        var sb = new StringBuilder();
        string load = File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
        sb.AppendLine($"<!-- osc-bench-fork (NativeAOT): n={n} per round, {rounds} rounds (median), {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, load average {load} -->");
        sb.AppendLine();
        sb.AppendLine("| Family | Method | Median | Min | Ratio | Allocated |");
        sb.AppendLine("|---|---|---:|---:|---:|---:|");
        var jsonRows = new List<string>();
        for (int k = 0; k < methods.Length; k++)
        {
            int b = Array.FindIndex(methods, x => x.Family == methods[k].Family && x.Baseline);
            var ratios = ns[k].Zip(ns[b], (x, y) => x / y).ToArray();
            double med = Median(ns[k]), min = ns[k].Min(), ratio = Median(ratios), bytes = Median(alloc[k]);
            sb.AppendLine($"| {methods[k].Family} | {methods[k].Name}{(methods[k].Baseline ? " (baseline)" : "")} | {Us(med)} | {Us(min)} | {ratio:0.00} | {bytes:0} B |");
            jsonRows.Add(string.Create(CultureInfo.InvariantCulture,
                $"{{\"family\":\"{methods[k].Family}\",\"method\":\"{methods[k].Name}\",\"baseline\":{(methods[k].Baseline ? "true" : "false")},\"medianNs\":{med:0.0},\"minNs\":{min:0.0},\"ratio\":{ratio:0.000},\"allocatedBytes\":{bytes:0}}}"));
        }
        Console.Write(sb.ToString());
        if (md is not null) File.WriteAllText(md, sb.ToString());
        if (json is not null)
            File.WriteAllText(json, string.Create(CultureInfo.InvariantCulture,
                $"{{\"format\":\"os-conformance-bench-fork\",\"version\":1,\"runtime\":\"NativeAOT\",\"n\":{n},\"rounds\":{rounds},\"loadAverage\":\"{load}\",\"results\":[\n{string.Join(",\n", jsonRows)}\n]}}\n"));
        return 0;
    }

    private static string Us(double ns) => (ns / 1000).ToString("0.0", CultureInfo.InvariantCulture) + " µs";

    private static double Median(IEnumerable<double> values)
    {
        var xs = values.OrderBy(x => x).ToArray();
        return xs.Length % 2 == 1 ? xs[xs.Length / 2] : (xs[xs.Length / 2 - 1] + xs[xs.Length / 2]) / 2;
    }

    private static int Wait(int pid)
    {
        int status;
        int r;
        do r = Interop.waitpid(pid, &status, 0);
        while (r < 0 && Marshal.GetLastPInvokeError() == 4 /* EINTR */);
        Interop.Check(r, "waitpid");
        return status;
    }

    // ---- fork+_exit+waitpid ----

    private static int ForkExitWaitPInvoke()
    {
        int pid = Interop.Check(Interop.fork(), "fork");
        if (pid == 0) Interop._exit(0);
        return Wait(pid);
    }

    private static int ForkExitWaitReference()
    {
        int pid = Os.Fork();
        if (pid == 0) Os._Exit(0);
        return Os.WaitPid(pid).Status;
    }

    // ---- fork+exec(/bin/true)+waitpid ----

    private static int ForkExecWaitPInvoke()
    {
        int pid = Interop.Check(Interop.fork(), "fork");
        if (pid == 0)
        {
            Interop.execv(s_path, s_argv);
            Interop._exit(127);
        }
        return Wait(pid);
    }

    private static int ForkExecWaitReference()
    {
        int pid = Os.Fork();
        if (pid == 0)
        {
            try { Os.Execv(s_true, s_args); }
            finally { Os._Exit(127); }
        }
        return Os.WaitPid(pid).Status;
    }

    /// <summary>posix_spawn: the child runs only libc code (glibc: clone(CLONE_VM|CLONE_VFORK)).</summary>
    private static int PosixSpawnWait()
    {
        int pid;
        int err = Interop.posix_spawn(&pid, s_path, null, null, s_argv, null);
        if (err != 0) throw new InvalidOperationException($"posix_spawn failed: errno {err}");
        return Wait(pid);
    }

    /// <summary>The BCL: Process.Start (fork/vfork+exec in native code, a pipe to report exec failure, a SIGCHLD reaper).</summary>
    private static int ProcessStart()
    {
        using var p = Process.Start(new ProcessStartInfo(s_true) { UseShellExecute = false })!;
        p.WaitForExit();
        return p.ExitCode;
    }
}
