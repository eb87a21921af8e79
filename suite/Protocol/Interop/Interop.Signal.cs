using System.Runtime.InteropServices;

namespace OsConformance.Protocol.Interop;

// sigset_t helpers, kill(2), and reading or setting a signal's disposition. sigset_t is 128 bytes on
// glibc/musl and 4 on macOS; struct sigaction differs too, but its first member is the handler on both.
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

    public const int SigActionSize = 256;
    public static readonly nint SIG_DFL = 0, SIG_IGN = 1;

    [LibraryImport(Name, SetLastError = true)]
    public static partial int sigaction(int sig, void* act, void* oldact);

    [LibraryImport(Name, SetLastError = true)]
    public static partial nint signal(int sig, nint handler);

    /// <summary>The handler of <paramref name="sig"/> (SIG_DFL, SIG_IGN or a function), from sigaction(sig, NULL, &amp;old).</summary>
    public static nint Handler(int sig)
    {
        byte* old = stackalloc byte[SigActionSize];
        if (sigaction(sig, null, old) != 0)
            throw new IOException($"sigaction({sig}): {Describe(Marshal.GetLastPInvokeError())}");
        return *(nint*)old;
    }
}
