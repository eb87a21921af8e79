using System.Collections.Concurrent;
using System.Diagnostics;
using NUnit.Framework.Interfaces;
using OsConformance.Reports;
using OsConformance.Suite.Infrastructure;

namespace OsConformance.Cli.Runner;

/// <summary>Turns NUnit's events for the selected cases into CaseResults, and drives the progress display.</summary>
public sealed class RunListener(IReadOnlyDictionary<string, CatalogEntry> selected, Func<string, string> rerun, Progress progress) : ITestListener
{
    private readonly ConcurrentDictionary<string, CaseResult> results = new();
    private readonly ConcurrentDictionary<string, long> running = new();
    private readonly StoredText stored = new();

    public IReadOnlyDictionary<string, CaseResult> Results => results;

    /// <summary>Cases started and not finished, with their start time (Stopwatch ticks).</summary>
    public IReadOnlyDictionary<string, long> Running => running;

    public void TestStarted(ITest test)
    {
        if (!test.IsSuite && selected.ContainsKey(test.Id))
            running[test.Id] = Stopwatch.GetTimestamp();
    }

    public void TestFinished(ITestResult result)
    {
        if (result.Test.IsSuite || !selected.TryGetValue(result.Test.Id, out var entry))
            return;
        running.TryRemove(result.Test.Id, out _);
        var record = CaseRecords.Take(result.Test.Id);
        var (status, message) = record?.Unsupported is { } reason
            ? (CaseStatus.Unsupported, reason)
            : StatusMapper.Map(result.ResultState, result.Message, record?.TimedOut == true);
        // A broken case is the suite's own bug: where it broke matters more than the transcript.
        if (status == CaseStatus.Broken && !string.IsNullOrWhiteSpace(result.StackTrace))
        {
            record ??= new CaseRecord();
            string trace = string.Join("\n", result.StackTrace.Split('\n').Take(15).Select(l => l.TrimEnd()));
            record.Log = record.Log is null ? trace : trace + "\n" + record.Log;
        }
        Add(entry, status, message, record, result.Duration * 1000);
    }

    /// <summary>Records a result the runner decided itself (no NUnit result, or abandoned past the deadline).</summary>
    public bool Add(CatalogEntry entry, CaseStatus status, string? message, CaseRecord? record, double durationMs)
    {
        var meta = entry.Meta;
        var result = new CaseResult(
            entry.Id, meta?.Function ?? "", meta?.Spec, meta?.Decision, meta?.Tags ?? [],
            status, StoredText.Value(record?.Expected), StoredText.Value(record?.Actual), stored.Message(message), Math.Round(durationMs, 3), rerun(entry.Id),
            status == CaseStatus.Pass && record?.Outside is null ? null : stored.Log(record?.Log));
        if (!results.TryAdd(entry.Test.Id, result))
            return false;
        progress.Finished(status);
        return true;
    }

    public void TestOutput(TestOutput output) { }
    public void SendMessage(TestMessage message) { }
}
