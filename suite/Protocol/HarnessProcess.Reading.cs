using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json.Nodes;
using OsConformance.Protocol.Interop;

namespace OsConformance.Protocol;

// Reading and writing lines, with the protocol's strictness: one reply line per request, at most
// MaxLine bytes, strict UTF-8; anything else on stdout (a duplicate, a line between requests) is
// a violation.
public sealed partial class HarnessProcess
{
    /// <summary>The longest reply line accepted, newline excluded (docs/protocol.md#limits).</summary>
    public const int MaxLine = 16 << 20;

    readonly MemoryStream pending = new();
    readonly UTF8Encoding strictUtf8 = new(false, true);

    void Send(JsonObject request, string op)
    {
        // Our own requests must be valid too: a failure here is a bug of the suite, not the harness.
        if (options.ValidateRequests)
        {
            var violations = SchemaValidator.ValidateRequest(request, op + " request");
            if (violations.Count > 0)
                throw new InvalidOperationException("the suite built an invalid request: " + string.Join("; ", violations));
        }
        var line = JsonCodec.ToLine(request);
        Record("> " + line);
        WriteAll(Encoding.UTF8.GetBytes(line + "\n"), op);
    }

    unsafe void WriteAll(byte[] bytes, string op)
    {
        int offset = 0;
        fixed (byte* p = bytes)
        {
            while (offset < bytes.Length)
            {
                nint n = Libc.write(stdinFd, p + offset, (nuint)(bytes.Length - offset));
                if (n >= 0) { offset += (int)n; continue; }
                int errno = Marshal.GetLastPInvokeError();
                if (errno == Libc.EINTR) continue;
                if (errno == Libc.EAGAIN) { WaitFd(stdinFd, Libc.POLLOUT, op); continue; }
                if (errno == Libc.EPIPE)
                    throw Crashed($"harness {pid} closed its stdin before the {op} request was sent");
                throw new IOException($"write to harness stdin: {Libc.Describe(errno)}");
            }
        }
    }

    /// <summary>Output already read past the reply: a second reply to one request.</summary>
    void ThrowIfBuffered(string op)
    {
        if (pending.Length == 0)
            return;
        var extra = Encoding.UTF8.GetString(pending.GetBuffer(), 0, (int)Math.Min(pending.Length, MaxStoredLine));
        Record("< " + extra + " (unsolicited)");
        throw Violation($"{op}: the harness wrote more than one reply line ({pending.Length} bytes after the reply)", extra, []);
    }

    /// <summary>Before a request: anything the harness wrote since the last reply was unsolicited.</summary>
    unsafe void ThrowIfUnsolicited(string op)
    {
        if (fdsClosed)
            return;
        var pfd = new Libc.PollFd { Fd = stdoutFd, Events = Libc.POLLIN };
        if (pending.Length == 0 && (Libc.poll(&pfd, 1, 0) <= 0 || (pfd.Revents & Libc.POLLIN) == 0))
            return;
        var buffer = new byte[4096];
        nint n;
        fixed (byte* p = buffer)
            n = Libc.read(stdoutFd, p, (nuint)buffer.Length);
        if (n > 0)
            pending.Write(buffer, 0, (int)n);
        if (pending.Length > 0)
        {
            var extra = Encoding.UTF8.GetString(pending.GetBuffer(), 0, (int)Math.Min(pending.Length, MaxStoredLine));
            Record("< " + extra + " (unsolicited)");
            throw Violation($"before the {op} request: the harness wrote a line nobody asked for", extra, []);
        }
    }

    /// <summary>
    /// Checks that nothing unsolicited is waiting on stdout (end of a case, or a pooled harness's
    /// lease): a ProtocolViolationException otherwise. A harness that has ended is left alone.
    /// </summary>
    public void CheckQuiet()
    {
        lock (gate)
        {
            if (disposed || end is not null)
                return;
            ThrowIfUnsolicited("next");
        }
    }

    unsafe string ReadLine(string op)
    {
        var buffer = new byte[65536];
        int scanned = 0; // bytes of pending already searched for a newline
        while (true)
        {
            var data = pending.GetBuffer().AsSpan(0, (int)pending.Length);
            int nl = data[scanned..].IndexOf((byte)'\n');
            if (nl >= 0)
            {
                nl += scanned;
                if (nl > MaxLine)
                    throw Overlong(op, nl);
                string line;
                try
                {
                    line = strictUtf8.GetString(data[..nl]);
                }
                catch (DecoderFallbackException e)
                {
                    var raw = Encoding.UTF8.GetString(data[..nl]);
                    Record("< " + raw);
                    throw Violation($"{op} reply is not valid UTF-8 (byte {e.Index + 1} of the line)", raw, []);
                }
                var rest = data[(nl + 1)..].ToArray();
                pending.SetLength(0);
                pending.Write(rest);
                Record("< " + line);
                return line;
            }
            scanned = data.Length;
            if (pending.Length > MaxLine)
                throw Overlong(op, pending.Length);
            WaitFd(stdoutFd, Libc.POLLIN, op);
            nint n;
            fixed (byte* p = buffer)
                n = Libc.read(stdoutFd, p, (nuint)buffer.Length);
            if (n > 0) { pending.Write(buffer, 0, (int)n); continue; }
            if (n == 0)
            {
                if (killRequested)
                    throw Timeout(op); // the runner's kill closed the pipe
                var partial = pending.Length > 0 ? $"; unterminated output: {Cap(Encoding.UTF8.GetString(pending.ToArray()), MaxStoredLine)}" : "";
                if (pending.Length > 0)
                    Record("< " + Encoding.UTF8.GetString(pending.ToArray()) + " (no newline)");
                throw Crashed($"harness {pid} closed its stdout while the {op} reply was due{partial}");
            }
            int errno = Marshal.GetLastPInvokeError();
            if (errno != Libc.EINTR && errno != Libc.EAGAIN)
                throw new IOException("read from harness stdout: " + Libc.Describe(errno));
        }
    }

    ProtocolViolationException Overlong(string op, long length)
    {
        var head = Encoding.UTF8.GetString(pending.GetBuffer(), 0, MaxStoredLine);
        Record("< " + head + $" … (a line of at least {length} bytes)");
        pending.SetLength(0);
        return Violation($"{op} reply line is longer than the protocol's limit of {MaxLine} bytes ({length} bytes read)", head, []);
    }
}
