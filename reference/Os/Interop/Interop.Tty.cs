using System.Runtime.InteropServices;

namespace OsConformance.Reference;

internal static partial class Interop
{
    [LibraryImport(Libraries.Libc, SetLastError = true)]
    internal static partial int isatty(int fd);

    /// <summary>Returns 0 or an errno value (it does not use errno).</summary>
    [LibraryImport(Libraries.Libc)]
    internal static unsafe partial int ttyname_r(int fd, byte* buf, nuint buflen);
}
