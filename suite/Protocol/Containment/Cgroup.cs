using System.Diagnostics;

namespace OsConformance.Protocol.Containment;

/// <summary>
/// A cgroup v2 of one harness under the runner's own cgroup (Linux). The spawned shell writes its
/// pid into cgroup.procs before it execs the harness, so every descendant (double-forked,
/// setsid()ed) is inside; cgroup.kill then ends all of them at once.
/// </summary>
internal sealed class Cgroup
{
    static readonly Lazy<string?> RunBase = new(CreateRunBase);
    static int next;

    public string Path { get; }
    public string ProcsFile => System.IO.Path.Combine(Path, "cgroup.procs");

    Cgroup(string path) => Path = path;

    /// <summary>The run's cgroup (os-conformance-PID under the runner's), or null when cgroup v2 is not writable here.</summary>
    public static string? Base => RunBase.Value;

    /// <summary>A fresh cgroup for one harness, or null when cgroups cannot be used.</summary>
    public static Cgroup? Create()
    {
        if (!HarnessProcess.UseCgroups || Base is not { } root)
            return null;
        var dir = System.IO.Path.Combine(root, $"h{Interlocked.Increment(ref next)}");
        try
        {
            Directory.CreateDirectory(dir);
            return File.Exists(System.IO.Path.Combine(dir, "cgroup.kill")) ? new Cgroup(dir) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Kills every process in the cgroup and waits (up to 2 s) until it is empty; then removes it.</summary>
    public void KillAndRemove()
    {
        Kill(Path);
        var until = Stopwatch.GetTimestamp() + 2 * Stopwatch.Frequency;
        while (Populated(Path) && Stopwatch.GetTimestamp() < until)
            Thread.Sleep(2);
        try { Directory.Delete(Path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { /* still populated: the run's sweep retries */ }
    }

    /// <summary>SIGKILL to every process of the cgroup and of its children. Safe from any thread, takes no lock.</summary>
    public static void Kill(string path)
    {
        try { File.WriteAllText(System.IO.Path.Combine(path, "cgroup.kill"), "1"); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { /* gone already */ }
    }

    static bool Populated(string path)
    {
        try { return File.ReadAllText(System.IO.Path.Combine(path, "cgroup.events")).Contains("populated 1", StringComparison.Ordinal); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return false; }
    }

    /// <summary>End of a run (or SIGINT/SIGTERM): kills everything left in the run's cgroup and removes what is empty.</summary>
    public static void KillAllAndRemove()
    {
        if (!RunBase.IsValueCreated || RunBase.Value is not { } root || !Directory.Exists(root))
            return;
        Kill(root);
        var until = Stopwatch.GetTimestamp() + 2 * Stopwatch.Frequency;
        while (Populated(root) && Stopwatch.GetTimestamp() < until)
            Thread.Sleep(2);
        foreach (var dir in Directory.EnumerateDirectories(root))
            try { Directory.Delete(dir); } catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }

    static string? CreateRunBase()
    {
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable("OSC_NO_CGROUP") == "1")
            return null;
        try
        {
            string? mount = null;
            foreach (var line in File.ReadLines("/proc/self/mountinfo"))
            {
                // ... mount-point ... - fstype source options
                var parts = line.Split(' ');
                int dash = Array.IndexOf(parts, "-");
                if (dash > 0 && dash + 1 < parts.Length && parts[dash + 1] == "cgroup2")
                {
                    mount = parts[4].Replace("\\040", " ");
                    break;
                }
            }
            if (mount is null)
                return null;
            string? own = File.ReadLines("/proc/self/cgroup").FirstOrDefault(l => l.StartsWith("0::", StringComparison.Ordinal))?[3..];
            if (own is null)
                return null;
            var root = System.IO.Path.Combine(mount, own.TrimStart('/'), $"os-conformance-{Environment.ProcessId}");
            Directory.CreateDirectory(root);
            if (!File.Exists(System.IO.Path.Combine(root, "cgroup.kill")))
            {
                Directory.Delete(root);
                return null; // before Linux 5.14
            }
            AppDomain.CurrentDomain.ProcessExit += (_, _) =>
            {
                KillAllAndRemove();
                try { Directory.Delete(root); } catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
            };
            return root;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
