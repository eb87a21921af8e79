using System.Runtime.InteropServices;

namespace OsConformance.Reference;

internal static partial class Interop
{
    // open(2) is variadic: its mode goes on the stack on Apple arm64, in a register elsewhere.
    [LibraryImport(Libraries.Libc, EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int open_in_register(string path, int flags, int mode);

    // Six register-sized fillers push the ninth argument into the first stack slot,
    // where Apple's arm64 ABI puts the first variadic argument.
    [LibraryImport(Libraries.Libc, EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int open_on_stack(string path, int flags, nint x2, nint x3, nint x4, nint x5, nint x6, nint x7, nint mode);

    internal static int open(string path, int flags, int mode) =>
        Platform.VarargsOnStack ? open_on_stack(path, flags, 0, 0, 0, 0, 0, 0, mode) : open_in_register(path, flags, mode);

    [LibraryImport(Libraries.Libc, SetLastError = true)]
    internal static partial int close(int fd);
}
