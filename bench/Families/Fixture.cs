namespace OsConformance.Bench;

/// <summary>Scratch files for the benchmarks, in a fresh directory removed at cleanup.</summary>
internal sealed class Fixture : IDisposable
{
    public string Dir { get; } = Directory.CreateTempSubdirectory("osc-bench-").FullName;

    public string File(string name, long size)
    {
        string path = Path.Combine(Dir, name);
        using var fs = new FileStream(path, FileMode.Create, FileAccess.Write);
        var chunk = new byte[Math.Min(size, 1 << 20)];
        new Random(42).NextBytes(chunk);
        for (long left = size; left > 0; left -= chunk.Length)
            fs.Write(chunk, 0, (int)Math.Min(left, chunk.Length));
        return path;
    }

    public void Dispose()
    {
        try { Directory.Delete(Dir, recursive: true); } catch (IOException) { }
    }
}
