using System.Runtime.InteropServices;

namespace OsConformance.Reference;

internal static partial class Interop
{
    [LibraryImport(Libraries.Libc, SetLastError = true)]
    internal static unsafe partial int pipe(int* pipefd);

    /// <summary>Linux only.</summary>
    [LibraryImport(Libraries.Libc, SetLastError = true)]
    internal static unsafe partial int pipe2(int* pipefd, int flags);
}
