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
    public static bool WIFEXITED(int status) => P.IsMacOS ? DarwinWait.WIFEXITED(status) : LinuxWait.WIFEXITED(status);
    public static int WEXITSTATUS(int status) => P.IsMacOS ? DarwinWait.WEXITSTATUS(status) : LinuxWait.WEXITSTATUS(status);
    public static bool WIFSIGNALED(int status) => P.IsMacOS ? DarwinWait.WIFSIGNALED(status) : LinuxWait.WIFSIGNALED(status);
    public static int WTERMSIG(int status) => P.IsMacOS ? DarwinWait.WTERMSIG(status) : LinuxWait.WTERMSIG(status);
    public static bool WIFSTOPPED(int status) => P.IsMacOS ? DarwinWait.WIFSTOPPED(status) : LinuxWait.WIFSTOPPED(status);
    public static int WSTOPSIG(int status) => P.IsMacOS ? DarwinWait.WSTOPSIG(status) : LinuxWait.WSTOPSIG(status);
    public static bool WIFCONTINUED(int status) => P.IsMacOS ? DarwinWait.WIFCONTINUED(status) : LinuxWait.WIFCONTINUED(status);

    /// <summary>glibc bits/waitstatus.h (musl's sys/wait.h agrees).</summary>
    internal static class LinuxWait
    {
        internal static bool WIFEXITED(int s) => (s & 0x7f) == 0;
        internal static int WEXITSTATUS(int s) => (s & 0xff00) >> 8;
        internal static bool WIFSIGNALED(int s) => ((sbyte)((s & 0x7f) + 1) >> 1) > 0;
        internal static int WTERMSIG(int s) => s & 0x7f;
        internal static bool WIFSTOPPED(int s) => (s & 0xff) == 0x7f;
        internal static int WSTOPSIG(int s) => (s & 0xff00) >> 8;
        internal static bool WIFCONTINUED(int s) => s == 0xffff;
    }

    /// <summary>
    /// xnu bsd/sys/wait.h under __DARWIN_UNIX03: _WSTATUS = s &amp; 0177, _WSTOPPED 0177; WSTOPSIG is
    /// s &gt;&gt; 8 unmasked; a stop by 0x13 (SIGCONT) is "continued", not "stopped".
    /// reference/Tests/MacHeaderTests.cs pins these to the header's lines.
    /// </summary>
    internal static class DarwinWait
    {
        private static int WStatus(int s) => s & 0x7f;
        internal static bool WIFEXITED(int s) => WStatus(s) == 0;
        internal static int WEXITSTATUS(int s) => (s >> 8) & 0xff;
        internal static bool WIFSIGNALED(int s) => WStatus(s) != 0x7f && WStatus(s) != 0;
        internal static int WTERMSIG(int s) => WStatus(s);
        internal static bool WIFSTOPPED(int s) => WStatus(s) == 0x7f && WSTOPSIG(s) != 0x13;
        internal static int WSTOPSIG(int s) => s >> 8;
        internal static bool WIFCONTINUED(int s) => WStatus(s) == 0x7f && WSTOPSIG(s) == 0x13;
    }
}
