using System.Runtime.InteropServices;

namespace OsConformance.Bench;

internal static partial class Interop
{
    internal static int O_RDONLY => 0;
    internal static int O_CLOEXEC => OperatingSystem.IsMacOS() ? 0x1000000 : 0x80000;

    [LibraryImport(Libc, EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int open_in_register(string path, int flags, int mode);

    // Apple arm64: the variadic mode goes on the stack, after the eight argument registers.
    [LibraryImport(Libc, EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int open_on_stack(string path, int flags, nint x2, nint x3, nint x4, nint x5, nint x6, nint x7, nint mode);

    internal static int open(string path, int flags, int mode) =>
        VarargsOnStack ? open_on_stack(path, flags, 0, 0, 0, 0, 0, 0, mode) : open_in_register(path, flags, mode);

    [LibraryImport(Libc, SetLastError = true)]
    internal static partial int close(int fd);
}
