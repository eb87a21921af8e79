using System.Runtime.InteropServices;

namespace OsConformance.Suite.Oracles;

internal static partial class Interop
{
    // macOS: struct stat with 64-bit inodes, xnu bsd/sys/stat.h __DARWIN_STRUCT_STAT64 (one layout on
    // arm64 and x64; suite/Tests/Oracles/MacHeaderLayoutTests.cs).
    [StructLayout(LayoutKind.Sequential)]
    internal struct MacTimespec
    {
        public long tv_sec;
        public long tv_nsec;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct MacStat
    {
        public int st_dev;
        public ushort st_mode;
        public ushort st_nlink;
        public ulong st_ino;
        public uint st_uid;
        public uint st_gid;
        public int st_rdev;
        public MacTimespec st_atimespec;
        public MacTimespec st_mtimespec;
        public MacTimespec st_ctimespec;
        public MacTimespec st_birthtimespec;
        public long st_size;
        public long st_blocks;
        public int st_blksize;
        public uint st_flags;
        public uint st_gen;
        public int st_lspare;
        public fixed long st_qspare[2];
    }

    // On x64 the 64-bit-inode stat is the $INODE64 variant; on arm64 it is plain stat.
    [LibraryImport(Libc, EntryPoint = "stat$INODE64", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int mac_stat_x64(string path, out MacStat buf);

    [LibraryImport(Libc, EntryPoint = "stat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int mac_stat_arm64(string path, out MacStat buf);
}
