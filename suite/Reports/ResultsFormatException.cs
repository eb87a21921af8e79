namespace OsConformance.Reports;

/// <summary>An input that is not a readable results file. The message names the file and the fault.</summary>
public sealed class ResultsFormatException : Exception
{
    /// <summary>The file (or other source) that was refused.</summary>
    public string Input { get; }
    /// <summary>What is wrong, without the file name.</summary>
    public string Reason { get; }

    public ResultsFormatException(string source, string reason, Exception? inner = null)
        : base($"{source}: {reason}", inner)
    {
        Input = source;
        Reason = reason;
    }
}
