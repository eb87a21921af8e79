using System.Collections.Concurrent;
using NUnit.Framework;

namespace OsConformance.Suite.Infrastructure;

/// <summary>What a case recorded for the reports: the last expected/actual pair it checked, and a log.</summary>
public sealed class CaseRecord
{
    public string? Expected { get; set; }
    public string? Actual { get; set; }
    public string? Log { get; set; }
    /// <summary>Set when SetUp found the case unsupported; NUnit may still run the body, whose outcome then does not count.</summary>
    public string? Unsupported { get; set; }
    /// <summary>Set by the runner's watchdog when it killed the case's harnesses at the deadline.</summary>
    public bool TimedOut { get; set; }
    /// <summary>Entries that appeared outside case directories while the case ran (see <see cref="OutsideWrites"/>).</summary>
    public IReadOnlyList<string>? Outside { get; set; }
}

/// <summary>Per-test records keyed by NUnit test id; the runner's listener takes them when a case finishes.</summary>
public static class CaseRecords
{
    private static readonly ConcurrentDictionary<string, CaseRecord> records = new();

    public static CaseRecord For(string testId) => records.GetOrAdd(testId, _ => new CaseRecord());

    /// <summary>The record of the case running on this thread.</summary>
    public static CaseRecord Current => For(TestContext.CurrentContext.Test.ID);

    public static CaseRecord? Take(string testId) => records.TryRemove(testId, out var r) ? r : null;

    public static void Clear() => records.Clear();
}
