using System.Runtime.InteropServices;

namespace OsConformance.Protocol.Interop;

// pipe2(2) on Linux (close-on-exec at birth); pipe(2) + fcntl(2) on macOS, which has no pipe2 —
// there POSIX_SPAWN_CLOEXEC_DEFAULT keeps a racing spawn from inheriting the fds.
internal static unsafe partial class Libc
{
    public static int O_CLOEXEC_LINUX => 0x80000;
    public static int O_NONBLOCK => IsMacOS ? 0x0004 : 0x0800;
    public const int F_SETFD = 2;
    public const int F_GETFL = 3;
    public const int F_SETFL = 4;
    public const int FD_CLOEXEC = 1;

    [LibraryImport(Name, SetLastError = true)]
    public static partial int pipe2(int* fds, int flags);

    [LibraryImport(Name, SetLastError = true)]
    public static partial int pipe(int* fds);

    [LibraryImport(Name, SetLastError = true)]
    public static partial int fcntl(int fd, int cmd, int arg);
}
