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

    // fcntl(2) is variadic: Apple arm64 passes its third argument on the stack, so six
    // register-sized fillers (x2-x7) push it into the first stack slot there.
    [LibraryImport(Name, EntryPoint = "fcntl", SetLastError = true)]
    private static partial int fcntl_in_register(int fd, int cmd, nint arg);

    [LibraryImport(Name, EntryPoint = "fcntl", SetLastError = true)]
    private static partial int fcntl_on_stack(int fd, int cmd, nint x2, nint x3, nint x4, nint x5, nint x6, nint x7, nint arg);

    // Not IsMacOS: static fields of the other partial files may not be initialized yet.
    private static readonly bool VarargsOnStack = OperatingSystem.IsMacOS() && RuntimeInformation.ProcessArchitecture == Architecture.Arm64;

    public static int fcntl(int fd, int cmd, int arg) =>
        VarargsOnStack ? fcntl_on_stack(fd, cmd, 0, 0, 0, 0, 0, 0, arg) : fcntl_in_register(fd, cmd, arg);
}
