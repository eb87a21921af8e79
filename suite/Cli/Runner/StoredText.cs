using OsConformance.Protocol;

namespace OsConformance.Cli.Runner;

/// <summary>
/// Caps what a run stores of any text that came from a harness, before any writer sees it, so
/// every report inherits the bound (docs/results.md#size). Each cut ends with "… N bytes cut".
/// A run has a budget for messages and logs together; once it is spent, each keeps only a head.
/// </summary>
public sealed class StoredText
{
    public const int MaxShort = 200, MaxValue = 2048, MaxMessage = 2048, MaxLog = 16384;
    public const long RunBudget = 2 << 20;
    const int AfterBudget = 256;

    long spent;

    public static string Short(string s) => HarnessProcess.Cap(s, MaxShort);

    public static string? Value(string? s) => s is null ? null : HarnessProcess.Cap(s, MaxValue);

    public string? Message(string? s) => Budgeted(s, MaxMessage);

    public string? Log(string? s) => Budgeted(s, MaxLog);

    string? Budgeted(string? s, int max)
    {
        if (s is null)
            return null;
        var capped = HarnessProcess.Cap(s, Interlocked.Read(ref spent) < RunBudget ? max : AfterBudget);
        Interlocked.Add(ref spent, capped.Length);
        return capped;
    }
}
