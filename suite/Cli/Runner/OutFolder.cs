using System.Runtime.InteropServices;
using OsConformance.Reports;

namespace OsConformance.Cli.Runner;

/// <summary>A --out folder that cannot be used: a usage error (exit 2), one line.</summary>
public sealed class OutFolderException(string message) : Exception(message);

/// <summary>
/// The --out folder of a run. Nothing of the user's is deleted: the folder must be new, empty, or
/// one a previous run wrote (it holds <see cref="Marker"/> and nothing but the run's own entries).
/// It is checked before anything starts, taken (marker, fresh work/) only once the harness has
/// started and cases were selected, and the reports are replaced as one set at the end.
/// </summary>
public sealed class OutFolder
{
    /// <summary>The file that says a run of os-conformance wrote this folder.</summary>
    public const string Marker = ".os-conformance-run";
    public const string Work = "work";
    /// <summary>Where the rerun commands of a run write (rerun/CASE), kept by later runs.</summary>
    public const string Rerun = "rerun";
    const string StagingPrefix = ".staging-";

    public string FullPath { get; }
    public string WorkPath => Path.Combine(FullPath, Work);

    OutFolder(string path) => FullPath = path;

    /// <summary>Checks the folder without changing anything; OutFolderException says why it cannot be used.</summary>
    public static OutFolder Check(string path, string? repoRoot)
    {
        string full = Path.GetFullPath(path);
        if (File.Exists(full))
            throw new OutFolderException($"--out {path} is a file, not a folder");
        // The repository itself (--out . at its root, or a folder above it) would be refused below
        // for holding files not ours; say why plainly.
        if (repoRoot is not null && (Path.GetFullPath(repoRoot).TrimEnd('/') + "/").StartsWith(full.TrimEnd('/') + "/", StringComparison.Ordinal))
            throw new OutFolderException($"--out {path} holds the repository; use out/ or results/ in it (git-ignored) or a folder elsewhere");
        var existing = full;
        while (!Directory.Exists(existing))
            existing = Path.GetDirectoryName(existing) ?? "/";
        if (!Writable(existing))
            throw new OutFolderException($"--out {path}: {existing} is not writable");
        if (Directory.Exists(full))
        {
            var entries = Directory.EnumerateFileSystemEntries(full).Select(Path.GetFileName).OfType<string>().ToList();
            if (Directory.Exists(Path.Combine(full, "results.json")))
                throw new OutFolderException($"--out {path}: its results.json is a folder");
            if (entries.Count > 0)
            {
                if (!entries.Contains(Marker))
                    throw new OutFolderException($"--out {path} holds files os-conformance did not write ({Names(entries)}); give a new or empty folder");
                var foreign = entries.Where(e => !IsOwn(e)).ToList();
                if (foreign.Count > 0)
                    throw new OutFolderException($"--out {path} holds files that are not a run's reports ({Names(foreign)}); move them away or give another folder");
            }
        }
        return new OutFolder(full);
    }

    static string Names(List<string> names) => string.Join(", ", names.Order(StringComparer.Ordinal).Take(5)) + (names.Count > 5 ? $" and {names.Count - 5} more" : "");

    static bool IsOwn(string name) =>
        name is Marker or Work or Rerun || ReportOutput.FileNames.Contains(name) || name.StartsWith(StagingPrefix, StringComparison.Ordinal);

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    static extern int Kill(int pid, int signal);

    static void RaiseForTest(string signal)
    {
        Kill(Environment.ProcessId, signal == "TERM" ? 15 : 2);
        Thread.Sleep(500); // the handler runs on another thread meanwhile
    }

    [DllImport("libc", EntryPoint = "access", SetLastError = true)]
    static extern int Access(string path, int mode);

    static bool Writable(string dir) => Access(dir, 2 /* W_OK */ | 1 /* X_OK */) == 0;

    /// <summary>Takes the folder for this run: the marker, and work/ emptied of the previous run's case directories.</summary>
    public void Take()
    {
        Directory.CreateDirectory(FullPath);
        File.WriteAllText(Path.Combine(FullPath, Marker), "written by os-conformance run; a later run replaces this folder's reports and work/\n");
        // A staging folder of a run killed while publishing (SIGKILL): ours, and stale.
        foreach (var stale in Directory.EnumerateDirectories(FullPath, StagingPrefix + "*"))
            Directory.Delete(stale, recursive: true);
        if (Directory.Exists(WorkPath))
            Directory.Delete(WorkPath, recursive: true);
        Directory.CreateDirectory(WorkPath);
    }

    /// <summary>
    /// Renders every report into a staging folder, then renames each into place and removes the
    /// staging folder. The runner defers SIGINT and SIGTERM meanwhile (<see cref="Interrupts"/>),
    /// so the folder holds the old set or the new one.
    /// </summary>
    public IReadOnlyList<string> Publish(RunResults results)
    {
        string staging = Path.Combine(FullPath, StagingPrefix + Guid.NewGuid().ToString("N"));
        try
        {
            ReportOutput.Write(results, staging);
            if (Environment.GetEnvironmentVariable("OSC_TEST_SIGNAL_WHILE_PUBLISHING") is { Length: > 0 } signal)
                RaiseForTest(signal); // the fault catalogue's hook: a signal between staging and renaming
            var written = new List<string>();
            foreach (var file in Directory.EnumerateFiles(staging).Where(f => !Path.GetFileName(f).StartsWith('.')).Order(StringComparer.Ordinal))
            {
                string target = Path.Combine(FullPath, Path.GetFileName(file));
                File.Move(file, target, overwrite: true);
                written.Add(target);
            }
            // In the writers' order, as before.
            return [.. ReportOutput.FileNames.Select(n => Path.Combine(FullPath, n)).Where(written.Contains), .. written.Where(w => !ReportOutput.FileNames.Contains(Path.GetFileName(w)))];
        }
        finally
        {
            if (Directory.Exists(staging))
                Directory.Delete(staging, recursive: true);
        }
    }
}
