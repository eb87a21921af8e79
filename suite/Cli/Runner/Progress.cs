using System.Diagnostics;
using OsConformance.Reports;

namespace OsConformance.Cli.Runner;

/// <summary>
/// Progress on the terminal: a live counter rewritten in place on a tty, else a line every ~5 s
/// or every 10% of the cases.
/// </summary>
public sealed class Progress(TextWriter output, int total, bool tty)
{
    private readonly Lock gate = new();
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly Dictionary<CaseStatus, int> counts = new();
    private int done, lastDecile;
    private TimeSpan lastLine, lastDraw;

    public void Finished(CaseStatus status)
    {
        lock (gate)
        {
            done++;
            counts[status] = counts.GetValueOrDefault(status) + 1;
            var now = clock.Elapsed;
            if (tty)
            {
                if (now - lastDraw >= TimeSpan.FromMilliseconds(100) || done == total)
                {
                    output.Write($"\r\x1b[K{Line()}");
                    output.Flush();
                    lastDraw = now;
                }
                return;
            }
            int decile = total == 0 ? 10 : done * 10 / total;
            if (decile > lastDecile || now - lastLine >= TimeSpan.FromSeconds(5))
            {
                output.WriteLine(Line());
                output.Flush();
                lastDecile = decile;
                lastLine = now;
            }
        }
    }

    /// <summary>Ends the live line so the summary starts on a fresh one.</summary>
    public void End()
    {
        lock (gate)
            if (tty && done > 0)
            {
                output.WriteLine();
                output.Flush();
            }
    }

    private string Line()
    {
        var parts = counts.OrderBy(p => p.Key).Select(p => $"{p.Value} {p.Key.ToString().ToLowerInvariant()}");
        return $"[{done}/{total}] {clock.Elapsed.TotalSeconds:0.0}s  {string.Join(", ", parts)}";
    }
}
