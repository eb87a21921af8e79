using System.Text;
using OsConformance.Reference;

namespace OsConformance.Harness;

/// <summary>Line-buffered reads of one fd (stdin for the harness) through the library's read: no
/// Console, which may start threads (a forked child must stay single-threaded).</summary>
internal sealed class LineReader(int fd)
{
    private byte[] _buf = new byte[64 * 1024];
    private int _start, _end;
    private bool _eof;

    /// <summary>The next line without its "\n" (and a trailing "\r"), or null at end of input.</summary>
    public byte[]? ReadLine()
    {
        int scanned = _start;
        while (true)
        {
            int nl = Array.IndexOf(_buf, (byte)'\n', scanned, _end - scanned);
            if (nl >= 0)
            {
                var line = _buf.AsSpan(_start, nl - _start);
                _start = nl + 1;
                return (line.Length > 0 && line[^1] == '\r' ? line[..^1] : line).ToArray();
            }
            scanned = _end;
            if (_eof)
            {
                if (_start == _end) return null;
                var rest = _buf.AsSpan(_start, _end - _start).ToArray();
                _start = _end;
                return rest;
            }
            Fill(ref scanned);
        }
    }

    private void Fill(ref int scanned)
    {
        if (_start > 0) // compact
        {
            Buffer.BlockCopy(_buf, _start, _buf, 0, _end - _start);
            scanned -= _start; _end -= _start; _start = 0;
        }
        if (_end == _buf.Length) Array.Resize(ref _buf, _buf.Length * 2);
        while (true)
        {
            try
            {
                int n = Os.Read(fd, _buf.AsSpan(_end));
                if (n == 0) _eof = true; else _end += n;
                return;
            }
            catch (OsException e) when (e.ErrnoName == "EINTR") { }
        }
    }
}

/// <summary>Unbuffered writes through the library's write, for the same reason.</summary>
internal static class Stdio
{
    /// <summary>Writes everything, looping over partial writes and EINTR.</summary>
    public static void WriteAll(int fd, ReadOnlySpan<byte> data)
    {
        while (data.Length > 0)
        {
            try { data = data[Os.Write(fd, data)..]; }
            catch (OsException e) when (e.ErrnoName == "EINTR") { }
        }
    }

    /// <summary>A diagnostic on stderr (free for the harness, captured into the case's log).</summary>
    public static void Log(string message)
    {
        try { WriteAll(2, Encoding.UTF8.GetBytes("osc-harness: " + message + "\n")); }
        catch (Exception) { } // diagnostics are best effort
    }
}
