using System.Runtime.InteropServices;

namespace OsConformance.Bench;

internal static partial class Interop
{
    internal static int F_DUPFD_CLOEXEC => OperatingSystem.IsMacOS() ? 67 : 1030;

    [LibraryImport(Libc, EntryPoint = "fcntl", SetLastError = true)]
    private static partial int fcntl_in_register(int fd, int cmd, nint arg);

    [LibraryImport(Libc, EntryPoint = "fcntl", SetLastError = true)]
    private static partial int fcntl_on_stack(int fd, int cmd, nint x2, nint x3, nint x4, nint x5, nint x6, nint x7, nint arg);

    internal static int fcntl(int fd, int cmd, int arg) =>
        VarargsOnStack ? fcntl_on_stack(fd, cmd, 0, 0, 0, 0, 0, 0, arg) : fcntl_in_register(fd, cmd, arg);

    [LibraryImport(Libc, SetLastError = true)]
    internal static partial int dup(int oldfd);

    [LibraryImport(Libc, SetLastError = true)]
    internal static partial int dup2(int oldfd, int newfd);

    /// <summary>Linux only.</summary>
    [LibraryImport(Libc, SetLastError = true)]
    internal static partial int dup3(int oldfd, int newfd, int flags);
}
