using P = OsConformance.Reference.Interop.Platform;

namespace OsConformance.Reference;

public static partial class Os
{
    // ---- constants: the exact set sjs 18.6's native binding defines (docs/constants.md) ----
    public static readonly int O_APPEND = P.O_APPEND, O_CREAT = P.O_CREAT, O_EXCL = P.O_EXCL,
        O_RDONLY = P.O_RDONLY, O_RDWR = P.O_RDWR, O_SYNC = P.O_SYNC, O_TRUNC = P.O_TRUNC, O_WRONLY = P.O_WRONLY;

    // File types and permission bits: the traditional values, identical in glibc/musl and xnu <sys/stat.h>.
    public static readonly int S_IFDIR = 0x4000 /* 0040000 */, S_IFCHR = 0x2000 /* 0020000 */,
        S_IFBLK = 0x6000 /* 0060000 */, S_IFREG = 0x8000 /* 0100000 */, S_IFIFO = 0x1000 /* 0010000 */,
        S_IFLNK = 0xA000 /* 0120000 */, S_IFSOCK = 0xC000 /* 0140000 */;
    public static readonly int S_ISUID = 0x800 /* 04000 */, S_ISGID = 0x400 /* 02000 */, S_ISVTX = 0x200 /* 01000 */,
        S_IREAD = 0x100 /* 0400 */, S_IWRITE = 0x80 /* 0200 */, S_IEXEC = 0x40 /* 0100 */,
        S_IRWXU = 0x1C0 /* 0700 */, S_IRUSR = 0x100, S_IWUSR = 0x80, S_IXUSR = 0x40,
        S_IRWXG = 0x38 /* 070 */, S_IRGRP = 0x20, S_IWGRP = 0x10, S_IXGRP = 0x8,
        S_IRWXO = 0x7 /* 07 */, S_IROTH = 0x4, S_IWOTH = 0x2, S_IXOTH = 0x1;

    public static readonly int WCONTINUED = P.WCONTINUED, WNOHANG = P.WNOHANG, WUNTRACED = P.WUNTRACED;
    public const int STDIN_FILENO = 0, STDOUT_FILENO = 1, STDERR_FILENO = 2;

    internal const int S_IFMT = 0xF000; // 0170000

    private static IReadOnlyDictionary<string, int>? s_constants;

    /// <summary>Every constant above by its documented name, with this platform's value.</summary>
    public static IReadOnlyDictionary<string, int> Constants => s_constants ??= new Dictionary<string, int>
    {
        ["O_APPEND"] = O_APPEND, ["O_CREAT"] = O_CREAT, ["O_EXCL"] = O_EXCL, ["O_RDONLY"] = O_RDONLY,
        ["O_RDWR"] = O_RDWR, ["O_SYNC"] = O_SYNC, ["O_TRUNC"] = O_TRUNC, ["O_WRONLY"] = O_WRONLY,
        ["S_IFDIR"] = S_IFDIR, ["S_IFCHR"] = S_IFCHR, ["S_IFBLK"] = S_IFBLK, ["S_IFREG"] = S_IFREG,
        ["S_IFIFO"] = S_IFIFO, ["S_IFLNK"] = S_IFLNK, ["S_IFSOCK"] = S_IFSOCK,
        ["S_ISUID"] = S_ISUID, ["S_ISGID"] = S_ISGID, ["S_ISVTX"] = S_ISVTX,
        ["S_IREAD"] = S_IREAD, ["S_IWRITE"] = S_IWRITE, ["S_IEXEC"] = S_IEXEC,
        ["S_IRWXU"] = S_IRWXU, ["S_IRUSR"] = S_IRUSR, ["S_IWUSR"] = S_IWUSR, ["S_IXUSR"] = S_IXUSR,
        ["S_IRWXG"] = S_IRWXG, ["S_IRGRP"] = S_IRGRP, ["S_IWGRP"] = S_IWGRP, ["S_IXGRP"] = S_IXGRP,
        ["S_IRWXO"] = S_IRWXO, ["S_IROTH"] = S_IROTH, ["S_IWOTH"] = S_IWOTH, ["S_IXOTH"] = S_IXOTH,
        ["WCONTINUED"] = WCONTINUED, ["WNOHANG"] = WNOHANG, ["WUNTRACED"] = WUNTRACED,
        ["STDIN_FILENO"] = STDIN_FILENO, ["STDOUT_FILENO"] = STDOUT_FILENO, ["STDERR_FILENO"] = STDERR_FILENO,
    };

    private static readonly string[] s_functions =
    [
        "abort", "chdir", "cloexec", "close", "dup", "dup2", "execv", "execvp", "execve", "execvpe",
        "exit", "_exit", "fork", "getegid", "geteuid", "getgid", "getgroups", "getpid", "getppid", "getuid",
        "isatty", "nonblock", "open", "pipe", "read", "scandir", "setgid", "setgroups", "setuid", "setsid",
        "stat", "ttyname", "unlink", "urandom", "waitpid", "write",
        "S_IMODE", "S_ISDIR", "S_ISCHR", "S_ISBLK", "S_ISREG", "S_ISFIFO", "S_ISLNK", "S_ISSOCK",
        "WIFEXITED", "WEXITSTATUS", "WIFSIGNALED", "WTERMSIG", "WIFSTOPPED", "WSTOPSIG", "WIFCONTINUED",
    ];

    /// <summary>The 51 documented function names, as the module spells them ("_exit", "S_ISDIR", ...).</summary>
    public static IReadOnlyList<string> Functions => s_functions;

    // ---- open flags: the one place strings and numbers become the platform's bits ----

    /// <summary>The module's O_* bits: anything else in a numeric flags argument is out of range.</summary>
    internal static int OpenFlagsMask => O_APPEND | O_CREAT | O_EXCL | O_RDONLY | O_RDWR | O_SYNC | O_TRUNC | O_WRONLY;

    /// <summary>The ten documented flag strings; null for any other string.</summary>
    internal static int? FlagsFromString(string flags) => flags switch
    {
        "r" => O_RDONLY,
        "r+" => O_RDWR,
        "w" => O_TRUNC | O_CREAT | O_WRONLY,
        "wx" => O_TRUNC | O_CREAT | O_WRONLY | O_EXCL,
        "w+" => O_TRUNC | O_CREAT | O_RDWR,
        "wx+" => O_TRUNC | O_CREAT | O_RDWR | O_EXCL,
        "a" => O_APPEND | O_CREAT | O_WRONLY,
        "ax" => O_APPEND | O_CREAT | O_WRONLY | O_EXCL,
        "a+" => O_APPEND | O_CREAT | O_RDWR,
        "ax+" => O_APPEND | O_CREAT | O_RDWR | O_EXCL,
        _ => null,
    };
}
