using OsConformance.Harness;
using OsConformance.Reference;
using static OsConformance.SelfTest.Proxy.Kit;
using P = OsConformance.Reference.Interop.Platform;

namespace OsConformance.SelfTest.Proxy.Faults;

/// <summary>Close-on-exec: fds born without it, set late, or toggled the wrong way.</summary>
internal static class CloexecFaults
{
    private const string AllCloexec = "Since version 0.3.0 all fds are created with O_CLOEXEC set.";

    public static IEnumerable<Fault> All =>
    [
        Spec("cloexec/open-clears", "open returns an fd without FD_CLOEXEC (the O_CLOEXEC bit is dropped)",
            AllCloexec, ["open", "tag:cloexec"],
            Result("open", (v, _) => { Os.Cloexec(Fd(v), false); return v; })).InCi(),
        Spec("cloexec/pipe-write-end", "pipe sets close-on-exec on the read end only",
            AllCloexec, ["pipe", "tag:cloexec"],
            Result("pipe", (v, _) => { Os.Cloexec(Fd(((List<object?>)v!)[1]), false); return v; })),
        Spec("cloexec/dup-clears", "dup uses plain dup(2): the new fd is inheritable",
            AllCloexec, ["dup", "tag:cloexec"],
            Result("dup", (v, _) => { Os.Cloexec(Fd(v), false); return v; })),
        Spec("cloexec/dup2-default-false", "dup2 without the cloexec argument leaves the flag clear",
            "It defaults to true;", ["dup2", "tag:cloexec"],
            Arguments("dup2", a => a.IsAbsent(2) ? With(a, 2, false) : a)).InCi(),
        Spec("cloexec/dup2-ignores-false", "dup2(old, new, false) still sets close-on-exec",
            "Duplicates oldfd into newfd, setting the O_CLOEXEC flag if indicated.", ["dup2", "tag:cloexec"],
            Arguments("dup2", a => With(a, 2, true))),
        Spec("cloexec/toggle-inverted", "cloexec(fd, set) does the opposite of set",
            "Sets or clears the O_CLOEXEC flag on the given fd.", ["cloexec"],
            Arguments("cloexec", a => a[1] is bool b ? With(a, 1, !b) : a)),
        Spec("cloexec/set-is-noop", "cloexec(fd, true) does nothing (only clearing works)",
            "Sets or clears the O_CLOEXEC flag on the given fd.", ["cloexec"],
            layer => layer.Wrap("cloexec", f => a => a[1] is true ? Undefined.Value : f(a))),
        Decision("cloexec/open-late", "open sets close-on-exec with fcntl after open(2), not atomically with O_CLOEXEC",
            "cloexec-atomic", ["open", "tag:cloexec"], Replace("open", OpenThenFcntl)),
        Decision("cloexec/pipe-late", "pipe uses pipe(2) then fcntl, not pipe2(O_CLOEXEC), on Linux",
            "cloexec-atomic", ["pipe", "tag:cloexec"], Replace("pipe", PipeThenFcntl)),
    ];

    private static int Fd(object? v) => (int)(double)v!;

    // open without O_CLOEXEC, then F_SETFD: the window the decision rules out.
    private static object? OpenThenFcntl(Args a)
    {
        string path = a.Str(0, "path");
        int mode = a[2] is double d ? (int)d : a[2] is string s ? Os.ParseMode(s) : 438;
        int flags = a[1] is double n ? (int)n : FlagBits(a.Str(1, "flags"));
        int fd = Interop.open(path, flags, mode);
        if (fd < 0) throw new OsException(Interop.Errno.Last, "open", path);
        Os.Cloexec(fd, true);
        return (double)fd;
    }

    private static unsafe object? PipeThenFcntl(Args a)
    {
        if (!P.IsLinux) return new List<object?>(Os.Pipe().Select(fd => (object?)(double)fd)); // macOS has no pipe2: late is the way there
        int* fds = stackalloc int[2];
        if (Interop.pipe(fds) < 0) throw new OsException(Interop.Errno.Last, "pipe");
        Os.Cloexec(fds[0], true);
        Os.Cloexec(fds[1], true);
        return new List<object?> { (double)fds[0], (double)fds[1] };
    }

    /// <summary>The documented flag strings as the module's O_* bits.</summary>
    public static int FlagBits(string s) => s switch
    {
        "r" => Os.O_RDONLY,
        "r+" => Os.O_RDWR,
        "w" => Os.O_TRUNC | Os.O_CREAT | Os.O_WRONLY,
        "wx" => Os.O_TRUNC | Os.O_CREAT | Os.O_WRONLY | Os.O_EXCL,
        "w+" => Os.O_TRUNC | Os.O_CREAT | Os.O_RDWR,
        "wx+" => Os.O_TRUNC | Os.O_CREAT | Os.O_RDWR | Os.O_EXCL,
        "a" => Os.O_APPEND | Os.O_CREAT | Os.O_WRONLY,
        "ax" => Os.O_APPEND | Os.O_CREAT | Os.O_WRONLY | Os.O_EXCL,
        "a+" => Os.O_APPEND | Os.O_CREAT | Os.O_RDWR,
        "ax+" => Os.O_APPEND | Os.O_CREAT | Os.O_RDWR | Os.O_EXCL,
        _ => throw new ArgumentException($"unknown open flags \"{s}\"", "flags"),
    };
}
