using P = OsConformance.Reference.Interop.Platform;

namespace OsConformance.Reference;

public static partial class Os
{
    // ---- mode helpers: S_IFMT 0170000 and the type values are the same on Linux and macOS ----
    public static int S_IMODE(int mode) => mode & 0xFFF; // 07777
    public static bool S_ISDIR(int mode) => (mode & S_IFMT) == 0x4000;
    public static bool S_ISCHR(int mode) => (mode & S_IFMT) == 0x2000;
    public static bool S_ISBLK(int mode) => (mode & S_IFMT) == 0x6000;
    public static bool S_ISREG(int mode) => (mode & S_IFMT) == 0x8000;
    public static bool S_ISFIFO(int mode) => (mode & S_IFMT) == 0x1000;
    public static bool S_ISLNK(int mode) => (mode & S_IFMT) == 0xA000;
    public static bool S_ISSOCK(int mode) => (mode & S_IFMT) == 0xC000;

    // ---- wait status: each platform's header definitions ----
    // Linux (glibc bits/waitstatus.h): termsig = s & 0x7f; exit/stop code = (s & 0xff00) >> 8;
    // stopped = (s & 0xff) == 0x7f; signaled = (signed char)((s & 0x7f) + 1) >> 1 > 0; continued = s == 0xffff.
    // macOS (xnu sys/wait.h): _WSTATUS = s & 0177; WSTOPSIG = s >> 8 (no mask); WEXITSTATUS masks 0xff;
    // continued = _WSTATUS == _WSTOPPED && WSTOPSIG == 0x13 (SIGCONT); stopped excludes that.

    public static bool WIFEXITED(int status) => (status & 0x7f) == 0;

    public static int WEXITSTATUS(int status) => (status >> 8) & 0xff;

    public static bool WIFSIGNALED(int status) => P.IsMacOS
        ? (status & 0x7f) != 0x7f && (status & 0x7f) != 0
        : ((sbyte)((status & 0x7f) + 1) >> 1) > 0;

    public static int WTERMSIG(int status) => status & 0x7f;

    public static bool WIFSTOPPED(int status) => P.IsMacOS
        ? (status & 0x7f) == 0x7f && (status >> 8) != 0x13
        : (status & 0xff) == 0x7f;

    public static int WSTOPSIG(int status) => P.IsMacOS ? status >> 8 : (status & 0xff00) >> 8;

    public static bool WIFCONTINUED(int status) => P.IsMacOS
        ? (status & 0x7f) == 0x7f && (status >> 8) == 0x13
        : status == 0xffff;
}
