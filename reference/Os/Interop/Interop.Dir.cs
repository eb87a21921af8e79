using System.Runtime.InteropServices;

namespace OsConformance.Reference;

internal static partial class Interop
{
    // macOS x86_64 keeps the 32-bit-inode symbols under the plain names; the 64-bit-inode
    // struct dirent needs the $INODE64 variants. arm64 has only the 64-bit-inode ones.
    private static readonly bool s_inode64Suffix =
        Platform.IsMacOS && RuntimeInformation.ProcessArchitecture == Architecture.X64;

    [LibraryImport(Libraries.Libc, EntryPoint = "opendir", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial IntPtr opendir_plain(string name);

    [LibraryImport(Libraries.Libc, EntryPoint = "opendir$INODE64", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial IntPtr opendir_inode64(string name);

    [LibraryImport(Libraries.Libc, EntryPoint = "readdir", SetLastError = true)]
    private static partial IntPtr readdir_plain(IntPtr dirp);

    [LibraryImport(Libraries.Libc, EntryPoint = "readdir$INODE64", SetLastError = true)]
    private static partial IntPtr readdir_inode64(IntPtr dirp);

    internal static IntPtr opendir(string name) => s_inode64Suffix ? opendir_inode64(name) : opendir_plain(name);

    /// <summary>NULL with errno 0 at the end of the stream (SetLastError clears errno before the call).</summary>
    internal static IntPtr readdir(IntPtr dirp) => s_inode64Suffix ? readdir_inode64(dirp) : readdir_plain(dirp);

    [LibraryImport(Libraries.Libc, SetLastError = true)]
    internal static partial int closedir(IntPtr dirp);

    /// <summary>Offset of d_name in struct dirent.</summary>
    internal static readonly int DirentNameOffset = Platform.IsMacOS ? DarwinDirentNameOffset : LinuxDirentNameOffset;

    // Linux 64-bit (glibc and musl): d_ino u64, d_off i64, d_reclen u16, d_type u8, d_name.
    internal const int LinuxDirentNameOffset = 19;

    // macOS <sys/dirent.h>, 64-bit inode: d_ino u64, d_seekoff u64, d_reclen u16, d_namlen u16,
    // d_type u8, d_name (arm64 and x64 alike; reference/Tests/MacHeaderTests.cs).
    internal const int DarwinDirentNameOffset = 21;
}
