namespace OsConformance.Reports;

/// <summary>
/// Writes several files into one folder as a unit: all are staged in a hidden folder inside it,
/// then renamed into place; if any step fails, files already moved are taken back out and the
/// files they replaced restored, so the folder holds the old set or the whole new one.
/// </summary>
public static class FileSet
{
    /// <param name="files">Paths relative to <paramref name="dir"/> ('/'-separated), and their bytes.</param>
    /// <returns>The full paths written.</returns>
    public static IReadOnlyList<string> WriteAll(string dir, IReadOnlyList<(string RelativePath, byte[] Bytes)> files)
    {
        dir = Path.GetFullPath(dir);
        var targets = files.Select(f => Path.GetFullPath(Path.Combine(dir, f.RelativePath))).ToList();
        foreach (var t in targets)
            if (!t.StartsWith(dir + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                throw new ArgumentException($"{t} is outside {dir}", nameof(files));
        if (targets.Distinct(StringComparer.Ordinal).Count() != targets.Count)
            throw new ArgumentException("two files have the same path", nameof(files));

        var createdDirs = new List<string>();
        void Mkdir(string d)
        {
            if (Directory.Exists(d)) return;
            Mkdir(Path.GetDirectoryName(d)!);
            Directory.CreateDirectory(d);
            createdDirs.Add(d);
        }

        string staging = Path.Combine(dir, $".staging-{Guid.NewGuid():N}");
        var moved = new List<(string Target, string? Backup)>();
        try
        {
            Mkdir(dir);
            Directory.CreateDirectory(staging);
            for (int i = 0; i < files.Count; i++)
            {
                string staged = Path.Combine(staging, "new", i.ToString(System.Globalization.CultureInfo.InvariantCulture));
                Directory.CreateDirectory(Path.GetDirectoryName(staged)!);
                using var fs = new FileStream(staged, FileMode.CreateNew, FileAccess.Write, FileShare.None);
                fs.Write(files[i].Bytes);
                fs.Flush(flushToDisk: true);
            }
            for (int i = 0; i < files.Count; i++)
            {
                string target = targets[i];
                Mkdir(Path.GetDirectoryName(target)!);
                string? backup = null;
                if (File.Exists(target))
                {
                    backup = Path.Combine(staging, "old", i.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    Directory.CreateDirectory(Path.GetDirectoryName(backup)!);
                    File.Move(target, backup);
                }
                moved.Add((target, backup));
                File.Move(Path.Combine(staging, "new", i.ToString(System.Globalization.CultureInfo.InvariantCulture)), target);
            }
        }
        catch
        {
            // Undo in reverse: the folder goes back to what it held before.
            for (int i = moved.Count - 1; i >= 0; i--)
            {
                var (target, backup) = moved[i];
                Try(() => { if (File.Exists(target)) File.Delete(target); });
                if (backup is not null) Try(() => File.Move(backup, target));
            }
            Try(() => { if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true); });
            for (int i = createdDirs.Count - 1; i >= 0; i--)
                Try(() => { if (Directory.Exists(createdDirs[i]) && !Directory.EnumerateFileSystemEntries(createdDirs[i]).Any()) Directory.Delete(createdDirs[i]); });
            throw;
        }
        Try(() => Directory.Delete(staging, recursive: true));
        return targets;
    }

    private static void Try(Action a)
    {
        try { a(); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
