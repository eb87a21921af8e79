using Microsoft.Win32.SafeHandles;

namespace OsConformance.Protocol;

// What is kept of a harness's output is bounded: each transcript line, the transcript's length,
// and the stderr log (per harness, and all harnesses of this process together). Every cut says
// how much was cut (docs/protocol.md#limits).
public sealed partial class HarnessProcess
{
    /// <summary>The most of one line a transcript or violation keeps.</summary>
    public const int MaxStoredLine = 4096;
    /// <summary>The transcript keeps the first and the last lines up to this many.</summary>
    public const int MaxTranscriptLines = 400;
    /// <summary>The most a harness's stderr log file keeps; the rest is drained and counted.</summary>
    public const long MaxStderrLog = 256 << 10;
    /// <summary>All stderr logs of this process together; past it, each log keeps only its first 1 KiB.</summary>
    public const long MaxStderrTotal = 4 << 20;

    static long stderrTotal;

    readonly List<string> transcript = [];
    long transcriptDropped;

    /// <summary>Every line sent and received, prefixed "> " and "< ", for failure reports (bounded).</summary>
    public IReadOnlyList<string> Transcript
    {
        get
        {
            lock (transcript)
            {
                if (transcriptDropped == 0)
                    return [.. transcript];
                int half = MaxTranscriptLines / 2;
                return [.. transcript.Take(half), $"… {transcriptDropped} lines cut", .. transcript.Skip(half)];
            }
        }
    }

    /// <summary>s itself, or its first <paramref name="max"/> characters and "… N bytes cut".</summary>
    public static string Cap(string s, int max) =>
        s.Length <= max ? s : s[..max] + $" … {System.Text.Encoding.UTF8.GetByteCount(s.AsSpan(max))} bytes cut";

    void Record(string line)
    {
        line = Cap(line, MaxStoredLine);
        lock (transcript)
        {
            transcript.Add(line);
            // Keep the first half and a sliding last half.
            if (transcript.Count > MaxTranscriptLines)
            {
                transcript.RemoveAt(MaxTranscriptLines / 2);
                transcriptDropped++;
            }
        }
    }

    static void DrainStderr(int fd, string? logPath)
    {
        using var source = new FileStream(new SafeFileHandle(fd, ownsHandle: true), FileAccess.Read, 1);
        using var log = logPath is null ? null : new FileStream(logPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite, 1);
        var buffer = new byte[65536];
        long kept = 0, cut = 0;
        try
        {
            int n;
            while ((n = source.Read(buffer)) > 0)
            {
                long room = Math.Max(0, (Interlocked.Read(ref stderrTotal) < MaxStderrTotal ? MaxStderrLog : 1024) - kept);
                int keep = (int)Math.Min(room, n);
                if (keep > 0 && log is not null)
                {
                    log.Write(buffer, 0, keep);
                    log.Flush();
                    Interlocked.Add(ref stderrTotal, keep);
                }
                kept += keep;
                cut += n - keep;
            }
        }
        catch (IOException)
        {
            // The pipe broke: nothing more to log.
        }
        if (cut > 0 && log is not null)
        {
            var marker = System.Text.Encoding.UTF8.GetBytes($"\n… {cut} bytes cut (the log keeps {kept})\n");
            log.Write(marker);
        }
    }
}
