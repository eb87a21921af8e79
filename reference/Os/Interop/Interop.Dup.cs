using System.Runtime.InteropServices;

namespace OsConformance.Reference;

internal static partial class Interop
{
    // dup is done with fcntl(F_DUPFD_CLOEXEC) (Interop.Fcntl.cs) so the new fd is close-on-exec at birth.

    [LibraryImport(Libraries.Libc, SetLastError = true)]
    internal static partial int dup2(int oldfd, int newfd);

    /// <summary>Linux only (glibc 2.9+, musl).</summary>
    [LibraryImport(Libraries.Libc, SetLastError = true)]
    internal static partial int dup3(int oldfd, int newfd, int flags);
}
