using System.Runtime.InteropServices;

namespace OsConformance.Bench;

internal static partial class Interop
{
    [LibraryImport(Libc)] internal static partial int getpid();
    [LibraryImport(Libc)] internal static partial int getppid();
    [LibraryImport(Libc)] internal static partial uint getuid();
    [LibraryImport(Libc)] internal static partial uint geteuid();
    [LibraryImport(Libc)] internal static partial uint getgid();
    [LibraryImport(Libc)] internal static partial uint getegid();
}
