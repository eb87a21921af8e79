using System.Runtime.InteropServices;

namespace OsConformance.Bench;

internal static partial class Interop
{
    [LibraryImport(Libc, SetLastError = true)]
    internal static unsafe partial int pipe(int* pipefd);

    /// <summary>Linux only; macOS has no pipe2.</summary>
    [LibraryImport(Libc, SetLastError = true)]
    internal static unsafe partial int pipe2(int* pipefd, int flags);
}
