using System.Text;
using P = OsConformance.Reference.Interop.Platform;

namespace OsConformance.Reference;

public static partial class Os
{
    public static int Open(string path, string flags, int mode = 438 /* 0666 */)
    {
        ArgumentNullException.ThrowIfNull(flags);
        int? bits = FlagsFromString(flags);
        if (bits is null)
            throw new ArgumentException($"unknown open flags \"{flags}\"", nameof(flags));
        return OpenChecked(path, bits.Value, mode);
    }

    public static int Open(string path, int flags, int mode = 438 /* 0666 */)
    {
        if ((flags & ~OpenFlagsMask) != 0)
            throw new ArgumentOutOfRangeException(nameof(flags), flags, "flags may only combine the module's O_* constants");
        return OpenChecked(path, flags, mode);
    }

    /// <summary>open with the mode as an octal string ("644", "0755").</summary>
    public static int Open(string path, string flags, string mode) => Open(path, flags, ParseMode(mode));

    /// <summary>open with the mode as an octal string ("644", "0755").</summary>
    public static int Open(string path, int flags, string mode) => Open(path, flags, ParseMode(mode));

    private static int OpenChecked(string path, int flags, int mode)
    {
        CheckPath(path);
        CheckMode(mode);
        int fd;
        do fd = Interop.open(path, flags | P.O_CLOEXEC, mode);
        while (fd < 0 && Interop.Errno.Last == Interop.Errno.EINTR);
        if (fd < 0) throw new OsException(Interop.Errno.Last, "open", path);
        return fd;
    }

    /// <summary>Parses an octal mode string such as "644" or "0755".</summary>
    public static int ParseMode(string octal)
    {
        ArgumentNullException.ThrowIfNull(octal);
        if (octal.Length == 0)
            throw new ArgumentException("mode must be an octal string, got an empty string", nameof(octal));
        long value = 0;
        foreach (char c in octal)
        {
            if (c < '0' || c > '7')
                throw new ArgumentException($"mode must be an octal string, got \"{octal}\"", nameof(octal));
            value = value * 8 + (c - '0');
            if (value > 0xFFF)
                throw new ArgumentOutOfRangeException(nameof(octal), octal, "mode must be at most 07777");
        }
        return (int)value;
    }

    private static void CheckMode(int mode)
    {
        if (mode < 0 || mode > 0xFFF /* 07777 */)
            throw new ArgumentOutOfRangeException(nameof(mode), mode, "mode must be between 0 and 07777");
    }

    public static void Close(int fd)
    {
        // Never retried on EINTR: Linux has released the fd by then, and it may already be reused.
        if (Interop.close(fd) < 0) throw new OsException(Interop.Errno.Last, "close");
    }

    public static int Dup(int oldfd)
    {
        int fd = Interop.fcntl(oldfd, P.F_DUPFD_CLOEXEC, 0);
        if (fd < 0) throw new OsException(Interop.Errno.Last, "dup");
        return fd;
    }

    public static int Dup2(int oldfd, int newfd, bool cloexec = true)
    {
        if (oldfd == newfd)
        {
            // docs/decisions.md#dup2-same-fd: check it is open, then set the flag as asked.
            if (Interop.fcntl(oldfd, P.F_GETFD) < 0) throw new OsException(Interop.Errno.Last, "dup2");
            SetFdFlag(oldfd, cloexec, "dup2");
            return oldfd;
        }

        if (P.IsLinux)
        {
            int r;
            do r = Interop.dup3(oldfd, newfd, cloexec ? P.O_CLOEXEC : 0);
            while (r < 0 && Interop.Errno.Last == Interop.Errno.EINTR);
            if (r < 0) throw new OsException(Interop.Errno.Last, "dup2");
            return r;
        }

        int fd;
        do fd = Interop.dup2(oldfd, newfd);
        while (fd < 0 && Interop.Errno.Last == Interop.Errno.EINTR);
        if (fd < 0) throw new OsException(Interop.Errno.Last, "dup2");
        // dup2 leaves the new fd without FD_CLOEXEC: set it, or close the fd rather than leak it.
        if (cloexec && Interop.fcntl(fd, P.F_SETFD, P.FD_CLOEXEC) < 0)
        {
            int errno = Interop.Errno.Last;
            Interop.close(fd);
            throw new OsException(errno, "dup2");
        }
        return fd;
    }

    public static unsafe int[] Pipe()
    {
        int* fds = stackalloc int[2];
        if (P.IsLinux)
        {
            if (Interop.pipe2(fds, P.O_CLOEXEC) < 0) throw new OsException(Interop.Errno.Last, "pipe");
            return [fds[0], fds[1]];
        }

        if (Interop.pipe(fds) < 0) throw new OsException(Interop.Errno.Last, "pipe");
        if (Interop.fcntl(fds[0], P.F_SETFD, P.FD_CLOEXEC) < 0 || Interop.fcntl(fds[1], P.F_SETFD, P.FD_CLOEXEC) < 0)
        {
            int errno = Interop.Errno.Last;
            Interop.close(fds[0]);
            Interop.close(fds[1]);
            throw new OsException(errno, "pipe");
        }
        return [fds[0], fds[1]];
    }

    public static void Cloexec(int fd, bool set) => SetFdFlag(fd, set, "cloexec");

    private static void SetFdFlag(int fd, bool cloexec, string syscall)
    {
        int flags = Interop.fcntl(fd, P.F_GETFD);
        if (flags < 0) throw new OsException(Interop.Errno.Last, syscall);
        int wanted = cloexec ? flags | P.FD_CLOEXEC : flags & ~P.FD_CLOEXEC;
        if (wanted != flags && Interop.fcntl(fd, P.F_SETFD, wanted) < 0)
            throw new OsException(Interop.Errno.Last, syscall);
    }

    public static void NonBlock(int fd, bool set)
    {
        int flags = Interop.fcntl(fd, P.F_GETFL);
        if (flags < 0) throw new OsException(Interop.Errno.Last, "nonblock");
        int wanted = set ? flags | P.O_NONBLOCK : flags & ~P.O_NONBLOCK;
        if (wanted != flags && Interop.fcntl(fd, P.F_SETFL, wanted) < 0)
            throw new OsException(Interop.Errno.Last, "nonblock");
    }

    /// <summary>Reads up to nread bytes (default 4096) and returns them as a string (UTF-8, docs/decisions.md).</summary>
    public static string Read(int fd, int nread = 4096)
    {
        if (nread < 0)
            throw new ArgumentOutOfRangeException(nameof(nread), nread, "nread must be >= 0");
        // nread 0 still makes the call (read(2) with count 0), so a bad fd is still reported.
        byte[] buffer = nread == 0 ? [] : new byte[nread];
        int n = ReadInto(fd, buffer);
        return Encoding.UTF8.GetString(buffer, 0, n);
    }

    /// <summary>Reads into the caller's buffer and returns the count.</summary>
    public static int Read(int fd, Span<byte> buffer)
    {
        if (buffer.IsEmpty)
            throw new ArgumentOutOfRangeException(nameof(buffer), "the buffer must not be empty");
        return ReadInto(fd, buffer);
    }

    private static unsafe int ReadInto(int fd, Span<byte> buffer)
    {
        nint n;
        fixed (byte* p = buffer)
        {
            do n = Interop.read(fd, p, (nuint)buffer.Length);
            while (n < 0 && Interop.Errno.Last == Interop.Errno.EINTR);
        }
        if (n < 0) throw new OsException(Interop.Errno.Last, "read");
        return (int)n;
    }

    public static int Write(int fd, string data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return Write(fd, Encoding.UTF8.GetBytes(data));
    }

    /// <summary>One write(2): returns what it wrote, which may be less than data.Length.</summary>
    public static unsafe int Write(int fd, ReadOnlySpan<byte> data)
    {
        nint n;
        fixed (byte* p = data)
        {
            do n = Interop.write(fd, p, (nuint)data.Length);
            while (n < 0 && Interop.Errno.Last == Interop.Errno.EINTR);
        }
        if (n < 0) throw new OsException(Interop.Errno.Last, "write");
        return (int)n;
    }

    public static bool IsATty(int fd) => Interop.isatty(fd) == 1;

    public static unsafe string TtyName(int fd)
    {
        int size = 256;
        while (true)
        {
            byte[] buffer = new byte[size];
            int err;
            fixed (byte* p = buffer) err = Interop.ttyname_r(fd, p, (nuint)size);
            if (err == 0)
                return Encoding.UTF8.GetString(buffer, 0, Array.IndexOf(buffer, (byte)0));
            if (err != Interop.Errno.ERANGE || size >= 1 << 16)
                throw new OsException(err, "ttyname");
            size *= 4;
        }
    }

    /// <summary>Paths with NUL cannot reach C intact: refuse them rather than truncate them.</summary>
    private static void CheckPath(string path, string name = "path")
    {
        ArgumentNullException.ThrowIfNull(path, name);
        if (path.Contains('\0'))
            throw new ArgumentException("the string must not contain NUL characters", name);
    }
}
