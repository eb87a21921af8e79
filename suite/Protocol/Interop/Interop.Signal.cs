using System.Runtime.InteropServices;

namespace OsConformance.Protocol.Interop;

// sigset_t helpers and kill(2). sigset_t is 128 bytes on glibc/musl and 4 on macOS.
internal static unsafe partial class Libc
{
    public const int SigSetSize = 256;

    [LibraryImport(Name, SetLastError = true)]
    public static partial int sigemptyset(void* set);

    [LibraryImport(Name, SetLastError = true)]
    public static partial int sigfillset(void* set);

    [LibraryImport(Name, SetLastError = true)]
    public static partial int sigdelset(void* set, int signo);

    [LibraryImport(Name, SetLastError = true)]
    public static partial int kill(int pid, int sig);
}
