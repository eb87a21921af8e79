using System.Runtime.InteropServices;
using System.Text;
using P = OsConformance.Reference.Interop.Platform;

namespace OsConformance.Reference;

public static partial class Os
{
    public static void Chdir(string path)
    {
        CheckPath(path);
        if (Interop.chdir(path) < 0) throw new OsException(Interop.Errno.Last, "chdir", path);
    }

    public static void Unlink(string path)
    {
        CheckPath(path);
        if (Interop.unlink(path) < 0) throw new OsException(Interop.Errno.Last, "unlink", path);
    }

    /// <summary>The names in the directory without "." and "..", in byte order (docs/decisions.md#scandir-order).</summary>
    public static unsafe string[] ScanDir(string path)
    {
        CheckPath(path);
        IntPtr dir = Interop.opendir(path);
        if (dir == IntPtr.Zero) throw new OsException(Interop.Errno.Last, "scandir", path);

        var names = new List<byte[]>();
        try
        {
            while (true)
            {
                IntPtr entry = Interop.readdir(dir);
                if (entry == IntPtr.Zero)
                {
                    int errno = Interop.Errno.Last;
                    if (errno != 0) throw new OsException(errno, "scandir", path);
                    break;
                }
                var name = MemoryMarshal.CreateReadOnlySpanFromNullTerminated((byte*)entry + Interop.DirentNameOffset);
                if (name.SequenceEqual("."u8) || name.SequenceEqual(".."u8)) continue;
                names.Add(name.ToArray());
            }
        }
        finally
        {
            Interop.closedir(dir);
        }

        names.Sort((a, b) => a.AsSpan().SequenceCompareTo(b));
        return names.ConvertAll(n => Encoding.UTF8.GetString(n)).ToArray();
    }

    public static StatResult Stat(string path)
    {
        CheckPath(path);
        return P.IsMacOS ? StatDarwin(path) : StatLinux(path);
    }

    private static unsafe StatResult StatLinux(string path)
    {
        byte* b = stackalloc byte[Interop.StatxSize];
        new Span<byte>(b, Interop.StatxSize).Clear();
        if (Interop.statx(P.AT_FDCWD, path, 0, Interop.STATX_BASIC_STATS | Interop.STATX_BTIME, b) < 0)
            throw new OsException(Interop.Errno.Last, "stat", path);

        // struct statx is in the machine's byte order.
        uint U32(int off) => *(uint*)(b + off);
        ulong U64(int off) => *(ulong*)(b + off);
        DateTimeOffset Time(int off) => TimeFromNs(*(long*)(b + off), U32(off + Interop.StatxOffsets.TvNsec));

        uint mask = U32(Interop.StatxOffsets.Mask);
        DateTimeOffset ctime = Time(Interop.StatxOffsets.Ctime);
        return new StatResult(
            Dev: MakeDevLinux(U32(Interop.StatxOffsets.DevMajor), U32(Interop.StatxOffsets.DevMinor)),
            Mode: (ushort)U32(Interop.StatxOffsets.Mode),
            Nlink: U32(Interop.StatxOffsets.Nlink),
            Uid: U32(Interop.StatxOffsets.Uid),
            Gid: U32(Interop.StatxOffsets.Gid),
            Rdev: MakeDevLinux(U32(Interop.StatxOffsets.RdevMajor), U32(Interop.StatxOffsets.RdevMinor)),
            Ino: U64(Interop.StatxOffsets.Ino),
            Size: (long)U64(Interop.StatxOffsets.Size),
            Blksize: U32(Interop.StatxOffsets.Blksize),
            Blocks: (long)U64(Interop.StatxOffsets.Blocks),
            Flags: 0, Gen: 0, // docs/decisions.md#stat-flags-gen
            Atime: Time(Interop.StatxOffsets.Atime),
            Mtime: Time(Interop.StatxOffsets.Mtime),
            Ctime: ctime,
            // docs/decisions.md#birthtime-fallback
            Birthtime: (mask & Interop.STATX_BTIME) != 0 ? Time(Interop.StatxOffsets.Btime) : ctime);
    }

    /// <summary>glibc's makedev: major bits 0-11 at 8, 12-31 at 44; minor bits 0-7 at 0, 8-31 at 20.</summary>
    internal static ulong MakeDevLinux(uint major, uint minor) =>
        ((ulong)(major & 0x00000fffu) << 8) | ((ulong)(major & 0xfffff000u) << 32)
        | (minor & 0x000000ffu) | ((ulong)(minor & 0xffffff00u) << 12);

    /// <summary>docs/decisions.md#stat-times: floor(ns / 1e6) ms since the epoch.</summary>
    internal static DateTimeOffset TimeFromNs(long seconds, long nanoseconds) =>
        DateTimeOffset.FromUnixTimeMilliseconds(seconds * 1000 + Math.DivRem(nanoseconds, 1_000_000L, out long rem) - (rem < 0 ? 1 : 0));

    // macOS: from <sys/stat.h> (64-bit-inode struct stat), not yet run here.
    private static unsafe StatResult StatDarwin(string path)
    {
        byte* b = stackalloc byte[Interop.DarwinStatSize];
        new Span<byte>(b, Interop.DarwinStatSize).Clear();
        if (Interop.stat(path, b) < 0)
            throw new OsException(Interop.Errno.Last, "stat", path);

        T At<T>(int off) where T : unmanaged => *(T*)(b + off);
        DateTimeOffset Time(int off) => TimeFromNs(At<long>(off), At<long>(off + Interop.DarwinStatOffsets.TvNsec));

        return new StatResult(
            Dev: (uint)At<int>(Interop.DarwinStatOffsets.Dev),
            Mode: At<ushort>(Interop.DarwinStatOffsets.Mode),
            Nlink: At<ushort>(Interop.DarwinStatOffsets.Nlink),
            Uid: At<uint>(Interop.DarwinStatOffsets.Uid),
            Gid: At<uint>(Interop.DarwinStatOffsets.Gid),
            Rdev: (uint)At<int>(Interop.DarwinStatOffsets.Rdev),
            Ino: At<ulong>(Interop.DarwinStatOffsets.Ino),
            Size: At<long>(Interop.DarwinStatOffsets.Size),
            Blksize: At<int>(Interop.DarwinStatOffsets.Blksize),
            Blocks: At<long>(Interop.DarwinStatOffsets.Blocks),
            Flags: At<uint>(Interop.DarwinStatOffsets.Flags),
            Gen: At<uint>(Interop.DarwinStatOffsets.Gen),
            Atime: Time(Interop.DarwinStatOffsets.Atime),
            Mtime: Time(Interop.DarwinStatOffsets.Mtime),
            Ctime: Time(Interop.DarwinStatOffsets.Ctime),
            Birthtime: Time(Interop.DarwinStatOffsets.Birthtime));
    }

    public static byte[] URandom(int bytes)
    {
        if (bytes < 1)
            throw new ArgumentOutOfRangeException(nameof(bytes), bytes, "bytes must be >= 1");
        return Fill(new byte[bytes]);
    }

    /// <summary>Fills the buffer from the system CSPRNG and returns it.</summary>
    public static byte[] URandom(byte[] buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        if (buffer.Length == 0)
            throw new ArgumentOutOfRangeException(nameof(buffer), "the buffer must not be empty");
        return Fill(buffer);
    }

    private static unsafe byte[] Fill(byte[] buffer)
    {
        fixed (byte* p = buffer)
        {
            if (P.IsMacOS)
            {
                Interop.arc4random_buf(p, (nuint)buffer.Length);
                return buffer;
            }
            int done = 0;
            while (done < buffer.Length)
            {
                // getrandom may return fewer bytes than asked (above 256 bytes, or on a signal).
                nint n = Interop.getrandom(p + done, (nuint)(buffer.Length - done), 0);
                if (n < 0)
                {
                    int errno = Interop.Errno.Last;
                    if (errno == Interop.Errno.EINTR) continue;
                    throw new OsException(errno, "urandom");
                }
                done += (int)n;
            }
        }
        return buffer;
    }
}
