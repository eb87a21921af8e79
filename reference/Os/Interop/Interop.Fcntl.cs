using System.Runtime.InteropServices;

namespace OsConformance.Reference;

internal static partial class Interop
{
    // fcntl(2) is variadic: see Interop.Open.cs for the Apple arm64 stack slot.
    [LibraryImport(Libraries.Libc, EntryPoint = "fcntl", SetLastError = true)]
    private static partial int fcntl_in_register(int fd, int cmd, nint arg);

    [LibraryImport(Libraries.Libc, EntryPoint = "fcntl", SetLastError = true)]
    private static partial int fcntl_on_stack(int fd, int cmd, nint x2, nint x3, nint x4, nint x5, nint x6, nint x7, nint arg);

    internal static int fcntl(int fd, int cmd, int arg = 0) =>
        Platform.VarargsOnStack ? fcntl_on_stack(fd, cmd, 0, 0, 0, 0, 0, 0, arg) : fcntl_in_register(fd, cmd, arg);
}
