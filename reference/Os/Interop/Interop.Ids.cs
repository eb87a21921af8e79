using System.Runtime.InteropServices;

namespace OsConformance.Reference;

internal static partial class Interop
{
    [LibraryImport(Libraries.Libc)] internal static partial int getpid();
    [LibraryImport(Libraries.Libc)] internal static partial int getppid();
    [LibraryImport(Libraries.Libc)] internal static partial uint getuid();
    [LibraryImport(Libraries.Libc)] internal static partial uint geteuid();
    [LibraryImport(Libraries.Libc)] internal static partial uint getgid();
    [LibraryImport(Libraries.Libc)] internal static partial uint getegid();

    [LibraryImport(Libraries.Libc, SetLastError = true)]
    internal static partial int setuid(uint uid);

    [LibraryImport(Libraries.Libc, SetLastError = true)]
    internal static partial int setgid(uint gid);

    [LibraryImport(Libraries.Libc, SetLastError = true)]
    internal static unsafe partial int getgroups(int size, uint* list);

    // Linux: setgroups(size_t, const gid_t *); macOS: setgroups(int, const gid_t *).
    [LibraryImport(Libraries.Libc, EntryPoint = "setgroups", SetLastError = true)]
    private static unsafe partial int setgroups_size_t(nuint size, uint* list);

    [LibraryImport(Libraries.Libc, EntryPoint = "setgroups", SetLastError = true)]
    private static unsafe partial int setgroups_int(int size, uint* list);

    internal static unsafe int setgroups(int size, uint* list) =>
        Platform.IsMacOS ? setgroups_int(size, list) : setgroups_size_t((nuint)size, list);
}
