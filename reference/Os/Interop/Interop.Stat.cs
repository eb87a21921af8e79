using System.Runtime.InteropServices;

namespace OsConformance.Reference;

internal static partial class Interop
{
    // ---- Linux: statx(2) (glibc 2.28+, musl 1.2.5+). struct statx has one layout on every arch. ----
    internal const uint STATX_BASIC_STATS = 0x7ff, STATX_BTIME = 0x800;
    internal const int StatxSize = 256;

    [LibraryImport(Libraries.Libc, StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    internal static unsafe partial int statx(int dirfd, string pathname, int flags, uint mask, byte* statxbuf);

    internal static class StatxOffsets
    {
        internal const int Mask = 0, Blksize = 4, Nlink = 16, Uid = 20, Gid = 24, Mode = 28, Ino = 32,
            Size = 40, Blocks = 48, Atime = 64, Btime = 80, Ctime = 96, Mtime = 112,
            RdevMajor = 128, RdevMinor = 132, DevMajor = 136, DevMinor = 140;
        // struct statx_timestamp: i64 tv_sec, u32 tv_nsec, i32 reserved.
        internal const int TvNsec = 8;
    }

    // ---- macOS: stat(2) with the 64-bit-inode struct stat. ----
    // macOS: <sys/stat.h> __DARWIN_STRUCT_STAT64, one layout on arm64 and x64 (reference/Tests/MacHeaderTests.cs).
    internal const int DarwinStatSize = 144;

    internal static class DarwinStatOffsets
    {
        internal const int Dev = 0 /* i32 */, Mode = 4 /* u16 */, Nlink = 6 /* u16 */, Ino = 8 /* u64 */,
            Uid = 16, Gid = 20, Rdev = 24 /* i32 */, Atime = 32, Mtime = 48, Ctime = 64, Birthtime = 80,
            Size = 96 /* i64 */, Blocks = 104 /* i64 */, Blksize = 112 /* i32 */, Flags = 116, Gen = 120;
        // struct timespec: long tv_sec, long tv_nsec.
        internal const int TvNsec = 8;
    }

    [LibraryImport(Libraries.Libc, EntryPoint = "stat", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static unsafe partial int stat_plain(string path, byte* buf);

    [LibraryImport(Libraries.Libc, EntryPoint = "stat$INODE64", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static unsafe partial int stat_inode64(string path, byte* buf);

    /// <summary>macOS only.</summary>
    internal static unsafe int stat(string path, byte* buf) =>
        s_inode64Suffix ? stat_inode64(path, buf) : stat_plain(path, buf);
}
