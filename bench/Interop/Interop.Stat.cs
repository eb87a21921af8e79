using System.Runtime.InteropServices;

namespace OsConformance.Bench;

internal static partial class Interop
{
    internal const int AT_FDCWD = -100;
    internal const uint STATX_BASIC_STATS = 0x7ff, STATX_BTIME = 0x800;
    internal const int StatxSize = 256;

    /// <summary>Linux: the call the reference's os.stat makes.</summary>
    [LibraryImport(Libc, StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    internal static unsafe partial int statx(int dirfd, string pathname, int flags, uint mask, byte* statxbuf);

    /// <summary>macOS: stat with the 64-bit-inode struct (144 bytes).</summary>
    [LibraryImport(Libc, EntryPoint = "stat", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    internal static unsafe partial int stat(string path, byte* buf);
}
