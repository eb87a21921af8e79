using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace OsConformance.Suite.Oracles;

/// <summary>
/// Small C programs compiled with the machine's C compiler on first use: they run the platform's
/// own macros, so the oracle is the platform's headers, not code the suite wrote.
/// </summary>
public static class NativeOracle
{
    private static readonly object gate = new();
    private static readonly ConcurrentDictionary<int, WaitMacros> statusCache = new();
    private static readonly Dictionary<string, string> compiled = new();
    private static string? failure;
    private static IReadOnlyDictionary<string, int>? constants, fdFlags;

    /// <summary>Where the compiled helpers go; the runner points it into the run directory.</summary>
    public static string WorkDirectory { get; set; } = Path.Combine(Path.GetTempPath(), $"osc-oracles-{Environment.ProcessId}");

    public static bool Available => Compile("wstatus") is not null && Compile("constants") is not null;

    public static string? UnavailableReason => Available ? null : failure;

    internal static string? Failure => failure;

    /// <summary>The module's constants as the platform's headers define them.</summary>
    public static IReadOnlyDictionary<string, int> Constants() => constants ??= NameValues("constants");

    /// <summary>The fd status flags the kernel reports, by name, from the kernel's headers (native/fdflags.c).</summary>
    public static IReadOnlyDictionary<string, int> FdFlags() => fdFlags ??= NameValues("fdflags");

    private static Dictionary<string, int> NameValues(string program)
    {
        var d = new Dictionary<string, int>();
        foreach (var line in Run(program, []).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var f = line.Split(' ');
            d[f[0]] = int.Parse(f[1], CultureInfo.InvariantCulture);
        }
        return d;
    }

    /// <summary>The seven W* macros of the platform for each status.</summary>
    public static WaitMacros Wait(int status)
    {
        if (statusCache.TryGetValue(status, out var cached))
            return cached;
        return WaitMany([status])[0];
    }

    public static IReadOnlyList<WaitMacros> WaitMany(IReadOnlyList<int> statuses)
    {
        string output = Run("wstatus", statuses.Select(s => s.ToString(CultureInfo.InvariantCulture)));
        var result = new List<WaitMacros>();
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var f = line.Split(' ').Select(x => int.Parse(x, CultureInfo.InvariantCulture)).ToArray();
            var macros = new WaitMacros(f[1] != 0, f[2], f[3] != 0, f[4], f[5] != 0, f[6], f[7] != 0);
            statusCache[f[0]] = macros;
            result.Add(macros);
        }
        if (result.Count != statuses.Count)
            throw new InvalidOperationException($"wait-status oracle printed {result.Count} lines for {statuses.Count} statuses");
        return result;
    }

    internal static string Run(string program, IEnumerable<string> args)
    {
        string exe = Compile(program) ?? throw new InvalidOperationException($"native oracle {program} unavailable: {failure}");
        var psi = new ProcessStartInfo(exe) { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        string output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
            throw new InvalidOperationException($"native oracle {program} exited {p.ExitCode}");
        return output;
    }

    internal static string? Compile(string program)
    {
        lock (gate)
        {
            // A run removes its directory at the end; the next run in the same process compiles again.
            if (compiled.TryGetValue(program, out var done) && File.Exists(done))
                return done;
            if (failure is not null)
                return null;
            string source = Path.Combine(AppContext.BaseDirectory, "oracles", program + ".c");
            string exe = Path.Combine(WorkDirectory, program);
            Directory.CreateDirectory(WorkDirectory);
            string cc = Environment.GetEnvironmentVariable("CC") ?? "cc";
            try
            {
                var psi = new ProcessStartInfo(cc) { UseShellExecute = false, RedirectStandardError = true };
                foreach (var a in new[] { "-O0", "-o", exe, source })
                    psi.ArgumentList.Add(a);
                psi.Environment["TMPDIR"] = WorkDirectory; // the compiler's scratch files stay with the run (OutsideWrites watches the temp dir)
                using var p = Process.Start(psi)!;
                string err = p.StandardError.ReadToEnd();
                p.WaitForExit();
                if (p.ExitCode != 0)
                    failure = $"{cc} failed: {err.Trim()}";
                else
                    compiled[program] = exe;
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                failure = $"no C compiler ({cc}): {e.Message}";
            }
            return compiled.GetValueOrDefault(program);
        }
    }
}
