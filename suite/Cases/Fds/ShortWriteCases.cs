using Mono.Unix.Native;
using NUnit.Framework;
using OsConformance.Protocol;
using OsConformance.Suite.Infrastructure;
using static OsConformance.Suite.Fds.FdSupport;

namespace OsConformance.Suite.Fds;

/// <summary>
/// write when the kernel takes only part of the data: a non-blocking pipe holds less than what is
/// written, so write(2) completes short. The pipe's contents, read by the suite through
/// /proc/PID/fd, are the oracle for the count and for the bytes (NUL and bytes above 0x7f included).
/// </summary>
public sealed class ShortWriteCases : ConformanceFixture
{
    private const string Written = "The number of bytes from data which were actually written.";
    private const int Size = 1 << 20; // above any default pipe capacity (64 KiB on Linux, 16-64 KiB on macOS)

    public static IEnumerable<TestCaseData> Table() =>
    [
        CaseData.Of("write/short/buffer/count-is-bytes-in-pipe", "write", spec: Written, tags: "fds,linux-only", args: "buffer"),
        CaseData.Of("write/short/string/count-is-bytes-in-pipe", "write", spec: Written, tags: "fds,linux-only", args: "string"),
    ];

    [TestCaseSource(nameof(Table))]
    public void ShortWriteReturnsWhatTheKernelTook(string form)
    {
        using var h = StartHarness("pipe", "nonblock");
        var ends = Verdict.Returns(h.Call("pipe"), "pipe()");
        Verdict.That(ends is JsArray { Items.Count: 2 }, "pipe()", "[read_fd, write_fd]", ends.ToString());
        int r = (int)((JsNumber)((JsArray)ends).Items[0]).Value, w = (int)((JsNumber)((JsArray)ends).Items[1]).Value;
        Verdict.Returns(h.Call("nonblock", w, true), "nonblock(write end, true)");

        // A Buffer of every byte value; a string of NUL, ASCII and two- and three-byte characters.
        byte[] data;
        JsValue arg;
        if (form == "buffer")
        {
            data = Enumerable.Range(0, Size).Select(i => (byte)(i * 7)).ToArray();
            arg = new JsBuffer(data);
        }
        else
        {
            string text = string.Concat(Enumerable.Repeat("a\0é€z", Size / 8));
            data = System.Text.Encoding.UTF8.GetBytes(text);
            arg = new JsString(text);
        }
        var n = Verdict.Returns(h.Call("write", w, arg), $"write(non-blocking pipe, {data.Length}-byte {form})");
        byte[] inPipe = Drain(h.Pid, r);
        if (inPipe.Length >= data.Length)
            Verdict.Unsupported($"the pipe took all {data.Length} bytes: no short write to judge");
        Verdict.Equal<JsValue>(inPipe.Length, n, $"write's count when the pipe took {inPipe.Length} of {data.Length} bytes");
        Verdict.That(inPipe.AsSpan().SequenceEqual(data.AsSpan(0, inPipe.Length)), "the bytes in the pipe",
            $"the first {inPipe.Length} bytes of the data", "other bytes");
    }

    // The suite's own fd on the harness's pipe: /proc/PID/fd/N opens the same pipe.
    private static byte[] Drain(int pid, int fd)
    {
        int mine = Syscall.open($"/proc/{pid}/fd/{fd}", OpenFlags.O_RDONLY | OpenFlags.O_NONBLOCK);
        if (mine < 0) throw new InvalidOperationException($"setup: open /proc/{pid}/fd/{fd}: {Stdlib.GetLastError()}");
        try
        {
            var all = new MemoryStream();
            var buf = new byte[65536];
            while (true)
            {
                long got;
                unsafe { fixed (byte* p = buf) got = Syscall.read(mine, p, (ulong)buf.Length); }
                if (got > 0) { all.Write(buf, 0, (int)got); continue; }
                if (got < 0 && Stdlib.GetLastError() == Errno.EINTR) continue;
                return all.ToArray(); // 0 or EAGAIN: empty
            }
        }
        finally { Syscall.close(mine); }
    }
}
