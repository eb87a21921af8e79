using System.Runtime.InteropServices;

namespace OsConformance.Protocol.Interop;

// waitpid(2). The status macros are the same on Linux and macOS.
internal static unsafe partial class Libc
{
    public const int WNOHANG = 1;

    [LibraryImport(Name, SetLastError = true)]
    public static partial int waitpid(int pid, out int status, int options);

    public static bool WIFEXITED(int s) => (s & 0x7f) == 0;
    public static int WEXITSTATUS(int s) => (s >> 8) & 0xff;
    public static bool WIFSIGNALED(int s) => (s & 0x7f) != 0 && (s & 0x7f) != 0x7f;
    public static int WTERMSIG(int s) => s & 0x7f;
    public static bool WCOREDUMP(int s) => (s & 0x80) != 0;
}
