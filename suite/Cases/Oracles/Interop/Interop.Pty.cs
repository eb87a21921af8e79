using System.Runtime.InteropServices;

namespace OsConformance.Suite.Oracles;

internal static partial class Interop
{
    [LibraryImport(Libc, SetLastError = true)]
    internal static partial int posix_openpt(int flags);

    [LibraryImport(Libc, SetLastError = true)]
    internal static partial int grantpt(int fd);

    [LibraryImport(Libc, SetLastError = true)]
    internal static partial int unlockpt(int fd);

    [LibraryImport(Libc, SetLastError = true)]
    internal static partial IntPtr ptsname(int fd);

    [LibraryImport(Libc, SetLastError = true)]
    internal static partial int close(int fd);
}
