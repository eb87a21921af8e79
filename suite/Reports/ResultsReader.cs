namespace OsConformance.Reports;

/// <summary>Reads results.json files, refusing anything that is not a valid file of a known version.</summary>
public static class ResultsReader
{
    /// <exception cref="ResultsFormatException">The file is missing, unreadable, corrupt, truncated,
    /// foreign, of an unknown schema_version, or breaks the schema. The message names the file.</exception>
    public static RunResults Read(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new ResultsFormatException(path, $"cannot read: {e.Message}", e);
        }
        return ResultsJson.Parse(bytes, path);
    }
}
