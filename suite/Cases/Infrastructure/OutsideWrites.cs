using System.Collections.Concurrent;

namespace OsConformance.Suite.Infrastructure;

/// <summary>
/// Sees what a harness creates outside its case directory: new entries at the top of the run
/// directory (work/), of the --out folder, of the folder above it and of the runner's temp dir,
/// compared with what they held when the run started. Checked at the end of each case; with
/// several workers an entry is charged to the case that ended first after it appeared. Not seen:
/// files changed or created deeper inside existing folders, and anything elsewhere (docs/results.md).
/// </summary>
public static class OutsideWrites
{
    private static readonly ConcurrentDictionary<string, byte> known = new(StringComparer.Ordinal);
    private static readonly ConcurrentQueue<(string Case, string Path)> found = new();
    private static string[] watched = [];
    private static string? runDirectory;
    private static readonly Lock gate = new();

    /// <summary>Everything found in this run, by case id.</summary>
    public static IReadOnlyList<(string Case, string Path)> Found => [.. found];

    /// <summary>Starts watching for a run: remembers what the watched folders hold now.</summary>
    public static void Begin(string runDir, IEnumerable<string> folders)
    {
        lock (gate)
        {
            known.Clear();
            found.Clear();
            runDirectory = Path.GetFullPath(runDir);
            watched = [.. folders.Select(Path.GetFullPath).Append(runDirectory).Distinct(StringComparer.Ordinal)];
            foreach (var entry in List())
                known.TryAdd(entry, 0);
        }
    }

    public static void End()
    {
        lock (gate)
        {
            watched = [];
            runDirectory = null;
        }
    }

    /// <summary>New entries since the last check, charged to <paramref name="caseId"/>; empty when not watching.</summary>
    public static IReadOnlyList<string> Check(string caseId)
    {
        lock (gate)
        {
            if (watched.Length == 0)
                return [];
            var fresh = List().Where(e => known.TryAdd(e, 0)).ToList();
            foreach (var path in fresh)
                found.Enqueue((caseId, path));
            return fresh;
        }
    }

    private static IEnumerable<string> List()
    {
        foreach (var dir in watched)
        {
            IEnumerable<string> entries;
            try { entries = Directory.EnumerateFileSystemEntries(dir).ToList(); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { continue; }
            foreach (var entry in entries)
            {
                if (IsTheSuites(entry))
                    continue;
                yield return entry;
            }
        }
    }

    // The run directory's own entries: case directories (ids hold '/', made '~'), and the
    // runner's dot-folders and pool logs; the run directory itself in its parent.
    private static bool IsTheSuites(string entry)
    {
        string name = Path.GetFileName(entry);
        if (entry == runDirectory)
            return true;
        if (Path.GetDirectoryName(entry) == runDirectory)
            return name.Contains('~') || name.StartsWith('.') || (name.StartsWith("pool-", StringComparison.Ordinal) && name.EndsWith(".stderr", StringComparison.Ordinal));
        return false;
    }
}
