using System.Runtime.InteropServices;

namespace OsConformance.Bench;

internal static partial class Interop
{
    internal const int SEEK_SET = 0;

    [LibraryImport(Libc, SetLastError = true)]
    internal static unsafe partial nint read(int fd, byte* buf, nuint count);

    [LibraryImport(Libc, SetLastError = true)]
    internal static unsafe partial nint write(int fd, byte* buf, nuint count);

    [LibraryImport(Libc, SetLastError = true)]
    internal static partial long lseek(int fd, long offset, int whence);
}
