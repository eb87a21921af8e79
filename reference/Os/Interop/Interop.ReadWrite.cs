using System.Runtime.InteropServices;

namespace OsConformance.Reference;

internal static partial class Interop
{
    [LibraryImport(Libraries.Libc, SetLastError = true)]
    internal static unsafe partial nint read(int fd, byte* buf, nuint count);

    [LibraryImport(Libraries.Libc, SetLastError = true)]
    internal static unsafe partial nint write(int fd, byte* buf, nuint count);
}
