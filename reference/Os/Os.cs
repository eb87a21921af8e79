namespace OsConformance.Reference;

// The public API of the reference: one member per documented name of the sjs os module
// (docs/spec/os-module.txt). Raw int fds by design; every fd the module creates is close-on-exec.
// Failed syscalls throw OsException; bad arguments throw ArgumentException (a TypeError at the
// protocol) or ArgumentOutOfRangeException (a RangeError).
// Contract file: bodies are filled family by family in the Os.*.cs partial files.
public static partial class Os
{
    // ---- constants: the exact set sjs 18.6's native binding defines (docs/constants.md) ----
    public static readonly int O_APPEND, O_CREAT, O_EXCL, O_RDONLY, O_RDWR, O_SYNC, O_TRUNC, O_WRONLY;
    public static readonly int S_IFDIR, S_IFCHR, S_IFBLK, S_IFREG, S_IFIFO, S_IFLNK, S_IFSOCK;
    public static readonly int S_ISUID, S_ISGID, S_ISVTX, S_IREAD, S_IWRITE, S_IEXEC,
        S_IRWXU, S_IRUSR, S_IWUSR, S_IXUSR, S_IRWXG, S_IRGRP, S_IWGRP, S_IXGRP, S_IRWXO, S_IROTH, S_IWOTH, S_IXOTH;
    public static readonly int WCONTINUED, WNOHANG, WUNTRACED;
    public const int STDIN_FILENO = 0, STDOUT_FILENO = 1, STDERR_FILENO = 2;

    /// <summary>Every constant above by its documented name, with this platform's value.</summary>
    public static IReadOnlyDictionary<string, int> Constants => throw new NotImplementedException();

    /// <summary>The 51 documented function names, as the module spells them ("_exit", "S_ISDIR", ...).</summary>
    public static IReadOnlyList<string> Functions => throw new NotImplementedException();

    // ---- process ----
    public static void Abort() => throw new NotImplementedException();
    public static void Exit(int status = 0) => throw new NotImplementedException();
    public static void _Exit(int status) => throw new NotImplementedException();
    public static int Fork() => throw new NotImplementedException();
    public static WaitResult WaitPid(int pid, int options = 0) => throw new NotImplementedException();
    public static void Execv(string path, IReadOnlyList<string>? args = null) => throw new NotImplementedException();
    public static void Execvp(string file, IReadOnlyList<string>? args = null) => throw new NotImplementedException();
    public static void Execve(string path, IReadOnlyList<string>? args = null, IReadOnlyDictionary<string, string>? envp = null) => throw new NotImplementedException();
    public static void Execvpe(string file, IReadOnlyList<string>? args = null, IReadOnlyDictionary<string, string>? envp = null) => throw new NotImplementedException();
    public static int SetSid() => throw new NotImplementedException();

    // ---- ids ----
    public static int GetPid() => throw new NotImplementedException();
    public static int GetPpid() => throw new NotImplementedException();
    public static int GetUid() => throw new NotImplementedException();
    public static int GetEuid() => throw new NotImplementedException();
    public static int GetGid() => throw new NotImplementedException();
    public static int GetEgid() => throw new NotImplementedException();
    public static int[] GetGroups() => throw new NotImplementedException();
    public static void SetUid(int uid) => throw new NotImplementedException();
    public static void SetGid(int gid) => throw new NotImplementedException();
    public static void SetGroups(IReadOnlyList<int>? groups) => throw new NotImplementedException();

    // ---- fds ----
    public static int Open(string path, string flags, int mode = 438 /* 0666 */) => throw new NotImplementedException();
    public static int Open(string path, int flags, int mode = 438 /* 0666 */) => throw new NotImplementedException();
    /// <summary>Parses an octal mode string such as "644" or "0755".</summary>
    public static int ParseMode(string octal) => throw new NotImplementedException();
    public static void Close(int fd) => throw new NotImplementedException();
    public static int Dup(int oldfd) => throw new NotImplementedException();
    public static int Dup2(int oldfd, int newfd, bool cloexec = true) => throw new NotImplementedException();
    public static int[] Pipe() => throw new NotImplementedException();
    public static void Cloexec(int fd, bool set) => throw new NotImplementedException();
    public static void NonBlock(int fd, bool set) => throw new NotImplementedException();
    /// <summary>Reads up to nread bytes (default 4096) and returns them as a string (UTF-8, docs/decisions.md).</summary>
    public static string Read(int fd, int nread = 4096) => throw new NotImplementedException();
    /// <summary>Reads into the caller's buffer and returns the count.</summary>
    public static int Read(int fd, Span<byte> buffer) => throw new NotImplementedException();
    public static int Write(int fd, string data) => throw new NotImplementedException();
    public static int Write(int fd, ReadOnlySpan<byte> data) => throw new NotImplementedException();
    public static bool IsATty(int fd) => throw new NotImplementedException();
    public static string TtyName(int fd) => throw new NotImplementedException();

    // ---- files ----
    public static void Chdir(string path) => throw new NotImplementedException();
    public static string[] ScanDir(string path) => throw new NotImplementedException();
    public static StatResult Stat(string path) => throw new NotImplementedException();
    public static void Unlink(string path) => throw new NotImplementedException();
    public static byte[] URandom(int bytes) => throw new NotImplementedException();
    /// <summary>Fills the buffer from the system CSPRNG and returns it.</summary>
    public static byte[] URandom(byte[] buffer) => throw new NotImplementedException();

    // ---- mode and status helpers ----
    public static int S_IMODE(int mode) => throw new NotImplementedException();
    public static bool S_ISDIR(int mode) => throw new NotImplementedException();
    public static bool S_ISCHR(int mode) => throw new NotImplementedException();
    public static bool S_ISBLK(int mode) => throw new NotImplementedException();
    public static bool S_ISREG(int mode) => throw new NotImplementedException();
    public static bool S_ISFIFO(int mode) => throw new NotImplementedException();
    public static bool S_ISLNK(int mode) => throw new NotImplementedException();
    public static bool S_ISSOCK(int mode) => throw new NotImplementedException();
    public static bool WIFEXITED(int status) => throw new NotImplementedException();
    public static int WEXITSTATUS(int status) => throw new NotImplementedException();
    public static bool WIFSIGNALED(int status) => throw new NotImplementedException();
    public static int WTERMSIG(int status) => throw new NotImplementedException();
    public static bool WIFSTOPPED(int status) => throw new NotImplementedException();
    public static int WSTOPSIG(int status) => throw new NotImplementedException();
    public static bool WIFCONTINUED(int status) => throw new NotImplementedException();
}
