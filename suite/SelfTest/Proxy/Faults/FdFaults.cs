using System.Text;
using OsConformance.Harness;
using OsConformance.Reference;
using static OsConformance.SelfTest.Proxy.Kit;

namespace OsConformance.SelfTest.Proxy.Faults;

/// <summary>fds: dup, dup2, close, pipe, nonblock, and the data through read and write.</summary>
internal static class FdFaults
{
    public static IEnumerable<Fault> All =>
    [
        Spec("fds/pipe-ends-swapped", "pipe returns [write_fd, read_fd]",
            "The first descriptor connects to the read end of the pipe; the second connects to the write end.", ["pipe", "read", "write"],
            Result("pipe", (v, _) => { var l = (List<object?>)v!; return new List<object?> { l[1], l[0] }; })).InCi(),
        Spec("fds/dup-not-lowest", "dup returns a fresh fd above the lowest free one (F_DUPFD from 10)",
            "Duplicates the given file descriptor, returning the lowest available one.", ["dup"],
            Result("dup", (v, _) => { int fd = (int)(double)v!; int hi = Os.Dup2(fd, fd + 7, true); Os.Close(fd); return (double)hi; })),
        Decision("fds/dup2-same-fd-unchecked", "dup2(fd, fd) returns fd without checking it is open", "dup2-same-fd", ["dup2"],
            layer => layer.Wrap("dup2", f => a => a[0] is double x && a[1] is double y && x == y ? x : f(a))),
        Spec("fds/close-ignores-ebadf", "close swallows EBADF", "Close the given file descriptor.", ["close"],
            layer => layer.Wrap("close", f => a => Swallow(f, a, "EBADF"))),
        Spec("fds/nonblock-inverted", "nonblock(fd, set) does the opposite of set",
            "Sets or clears the O_NONBLOCK flag on the given fd.", ["nonblock", "read"],
            Arguments("nonblock", a => a[1] is bool b ? With(a, 1, !b) : a)),
        Spec("fds/nonblock-clobbers-flags", "nonblock(fd, true) sets O_NONBLOCK with F_SETFL over the other status flags (O_APPEND is lost)",
            "Sets or clears the O_NONBLOCK flag on the given fd.", ["nonblock", "write"], layer => layer.Wrap("nonblock", f => a =>
            {
                var r = f(a);
                if (a[1] is true) ClobberAppend(a.Int(0, "fd"));
                return r;
            })),

        // ---- read ----
        Decision("rw/read-default-1024", "read without nread reads at most 1024 bytes, not 4096", "read-string", ["read"],
            Arguments("read", a => a[1] is Undefined ? With(a, 1, 1024.0) : a)).InCi(),
        Decision("rw/read-string-stops-at-nul", "read's string ends at the first NUL byte (C-string conversion)", "read-string", ["read"],
            Result("read", (v, _) => v is string s && s.IndexOf('\0') is int i and >= 0 ? s[..i] : v)),
        Decision("rw/read-latin1", "read decodes bytes as Latin-1, not UTF-8", "read-string", ["read"],
            Result("read", (v, _) => v is string s ? Latin1(s) : v)),
        Decision("rw/read-invalid-utf8-dropped", "read drops invalid UTF-8 sequences instead of U+FFFD", "read-string", ["read"],
            Result("read", (v, _) => v is string s ? s.Replace("\uFFFD", "") : v)),
        Decision("rw/read-zero-throws", "read(fd, 0) throws a RangeError instead of returning \"\"", "read-string", ["read"],
            layer => layer.Wrap("read", f => a => a[1] is 0.0 ? throw new ArgumentOutOfRangeException("nread", "nread must be positive") : f(a))),
        Decision("rw/read-negative-is-default", "a negative nread reads the default 4096 instead of a RangeError", "read-string", ["read"],
            Arguments("read", a => a[1] is double d && d < 0 ? With(a, 1, Undefined.Value) : a)),
        Spec("rw/read-buffer-count-is-length", "read into a Buffer returns the Buffer's length, not the bytes read",
            "The data that was read as a string or the amount of data read as a number, if a Buffer was passed.", ["read"],
            Result("read", (v, a) => a[1] is byte[] b ? (double)b.Length : v)),
        Spec("rw/read-buffer-not-filled", "read into a Buffer reads into a copy: the caller's Buffer is unchanged",
            "Alternatively, a Buffer can be passed, and data will be read into it.", ["read"],
            Arguments("read", a => a[1] is byte[] b ? With(a, 1, b.ToArray()) : a)),

        // ---- write ----
        Spec("rw/write-counts-chars", "write(fd, string) returns the string's length in UTF-16 units, not bytes written",
            "The number of bytes from data which were actually written.", ["write"],
            Result("write", (v, a) => a[1] is string s ? (double)s.Length : v)).InCi(),
        Decision("rw/write-latin1", "write encodes strings as Latin-1 (non-ASCII becomes '?')", "read-string", ["write", "read"],
            Arguments("write", a => a[1] is string s ? With(a, 1, Encoding.Latin1.GetBytes(s)) : a)),
        Spec("rw/write-string-stops-at-nul", "write(fd, string) writes up to the first NUL (C-string conversion)",
            "The data that will be written (can be a string or a Buffer).", ["write", "read"],
            Arguments("write", a => a[1] is string s && s.IndexOf('\0') is int i and >= 0 ? With(a, 1, s[..i]) : a)),
        Spec("rw/write-buffer-stops-at-nul", "write(fd, Buffer) writes up to the first zero byte (strlen on the data)",
            "The data that will be written (can be a string or a Buffer).", ["write", "read"],
            Arguments("write", a => a[1] is byte[] b && Array.IndexOf(b, (byte)0) is int i and >= 0 ? With(a, 1, b[..i]) : a)),
        Spec("rw/write-ignores-short-write", "write returns the data's length even when the kernel wrote less",
            "The number of bytes from data which were actually written.", ["write"],
            Result("write", (v, a) => a[1] switch { string s => (double)Encoding.UTF8.GetByteCount(s), byte[] b => (double)b.Length, _ => v })),
        Spec("rw/write-number-accepted", "write(fd, 5) writes \"5\" instead of a TypeError",
            "The data that will be written (can be a string or a Buffer).", ["write"],
            Arguments("write", a => a[1] is double d ? With(a, 1, d.ToString(System.Globalization.CultureInfo.InvariantCulture)) : a)),
    ];

    private static object? Swallow(Dispatch.Fn f, Args a, string errno)
    {
        try { return f(a); }
        catch (OsException e) when (e.ErrnoName == errno) { return Undefined.Value; }
    }

    private static string Latin1(string utf16) => Encoding.Latin1.GetString(Encoding.UTF8.GetBytes(utf16));

    // F_SETFL(O_NONBLOCK) alone, the bug: read the flags back through the module's own fcntl use.
    private static void ClobberAppend(int fd)
    {
        int flags = Interop.fcntl(fd, Interop.Platform.F_GETFL);
        if (flags >= 0) Interop.fcntl(fd, Interop.Platform.F_SETFL, flags & ~Interop.Platform.O_APPEND);
    }
}
