using OsConformance.Harness;
using OsConformance.Reference;
using static OsConformance.SelfTest.Proxy.Kit;

namespace OsConformance.SelfTest.Proxy.Faults;

/// <summary>stat: fields swapped, truncated, in the wrong unit; times; and the S_* helpers.</summary>
internal static class StatFaults
{
    private const string StatSpec = "Obtain information about the file pointed to by path.";
    private static readonly string[] Observers = ["stat", "tag:stat"];

    public static IEnumerable<Fault> All =>
    [
        Field("stat/uid-gid-swapped", "uid and gid are swapped", (k, v, o) => k switch { "uid" => Get(o, "gid"), "gid" => Get(o, "uid"), _ => v }).InCi(),
        Field("stat/dev-rdev-swapped", "dev and rdev are swapped", (k, v, o) => k switch { "dev" => Get(o, "rdev"), "rdev" => Get(o, "dev"), _ => v }),
        Field("stat/ino-int32", "ino is kept in an int32: inodes above 2^31 turn negative", (k, v, _) => k == "ino" ? (double)(int)(ulong)(double)v! : v),
        Field("stat/size-32-bit", "size wraps at 2^31 (an int32 st_size)", (k, v, _) => k == "size" ? (double)(int)(long)(double)v! : v),
        Field("stat/nlink-always-1", "nlink is always 1", (k, v, _) => k == "nlink" ? 1.0 : v),
        Field("stat/mode-perms-only", "mode holds only the permission bits, not the file type", (k, v, _) => k == "mode" ? (double)((int)(double)v! & 0xFFF) : v).InCi(),
        Field("stat/blocks-in-bytes", "blocks is in bytes (blocks * 512)", (k, v, _) => k == "blocks" ? (double)v! * 512 : v),
        Field("stat/blksize-is-size", "blksize reports the file size", (k, v, o) => k == "blksize" ? Get(o, "size") : v),
        Field("stat/size-is-blocks", "size reports the allocated bytes (blocks * 512)", (k, v, o) => k == "size" ? (double)Get(o, "blocks")! * 512 : v),
        Spec("stat/missing-gen", "the result has no gen field", "Returns an object with the following properties:", Observers,
            Result("stat", (v, _) => { var o = new JsObject(); foreach (var p in ((JsObject)v!).Props) if (p.Key != "gen") o.Add(p.Key, p.Value); return o; })),
        Spec("stat/follows-no-symlink", "stat does lstat: a symlink's own inode, not its target's", StatSpec, Observers,
            layer => layer.Wrap("stat", f => a => a[0] is string p && new FileInfo(p).LinkTarget is not null ? LstatLike(f, a, p) : f(a))),
        Decision("stat/ctime-is-mtime", "ctime reports the mtime", "stat-times", Observers,
            Result("stat", (v, _) => MapObject(v, (k, x, o) => k == "ctime" ? Get(o, "mtime") : x))),
        Decision("stat/atime-mtime-swapped", "atime and mtime are swapped", "stat-times", Observers,
            Result("stat", (v, _) => MapObject(v, (k, x, o) => k switch { "atime" => Get(o, "mtime"), "mtime" => Get(o, "atime"), _ => x }))),
        Decision("stat/times-whole-seconds", "times are whole seconds (st_mtime without the nanoseconds)", "stat-times", Observers,
            Times(ms => Math.Floor(ms / 1000) * 1000)).InCi(),
        Decision("stat/times-rounded", "times are rounded up to the next millisecond, not truncated", "stat-times", Observers,
            Times(ms => ms + 1)),
        Decision("stat/birthtime-is-mtime", "birthtime reports the mtime", "birthtime-fallback", Observers,
            Result("stat", (v, _) => MapObject(v, (k, x, o) => k == "birthtime" ? Get(o, "mtime") : x))),
        Decision("stat/flags-garbage", "flags is uninitialised memory on Linux (not 0)", "stat-flags-gen", Observers,
            Result("stat", (v, _) => MapObject(v, (k, x, _) => k == "flags" && OperatingSystem.IsLinux() ? 32768.0 : x))),

        // ---- S_* helpers ----
        Mode("modes/S_ISDIR-and", "S_ISDIR tests (mode & S_IFDIR) != 0: true for block devices and sockets", "S_ISDIR",
            "Returns true if the mode of the file indicates it’s a directory.", m => (m & 0x4000) != 0),
        Mode("modes/S_ISREG-and", "S_ISREG tests (mode & S_IFREG) != 0: true for symlinks and sockets", "S_ISREG",
            "Returns true if the mode of the file indicates it’s a regular file.", m => (m & 0x8000) != 0).InCi(),
        Mode("modes/S_ISCHR-and", "S_ISCHR tests (mode & S_IFCHR) != 0: true for block devices", "S_ISCHR",
            "Returns true if the mode of the file indicates it’s a character device.", m => (m & 0x2000) != 0),
        Mode("modes/S_ISLNK-never", "S_ISLNK is always false", "S_ISLNK",
            "Returns true if the mode of the file indicates it’s a symbolic link.", _ => false),
        Mode("modes/S_ISFIFO-is-chr", "S_ISFIFO tests S_IFCHR", "S_ISFIFO",
            "Returns true if the mode of the file indicates it’s a FIFO.", m => (m & 0xF000) == 0x2000),
        Mode("modes/S_ISBLK-and", "S_ISBLK tests (mode & S_IFBLK) != 0: true for directories, character devices, symlinks", "S_ISBLK",
            "Returns true if the mode of the file indicates it’s a block device.", m => (m & 0x6000) != 0),
        Spec("modes/S_IMODE-0777", "S_IMODE masks with 0777: setuid, setgid and sticky bits are lost", "Returns the permissions bits out of the mode field obtained with os.stat().",
            ["S_IMODE"], Result("S_IMODE", (v, _) => (double)((int)(double)v! & 0x1FF))),
    ];

    private static Fault Field(string id, string description, Func<string, object?, JsObject, object?> map) =>
        Spec(id, description, StatSpec, Observers, Result("stat", (v, _) => MapObject(v, map)));

    private static Action<FaultLayer> Times(Func<double, double> change) =>
        Result("stat", (v, _) => MapObject(v, (k, x, _) => x is JsDate { Ms: double ms } ? new JsDate(change(ms)) : x));

    private static Fault Mode(string id, string description, string fn, string spec, Func<int, bool> test) =>
        Spec(id, description, spec, [fn], Replace(fn, a => test(a.Int(0, "mode"))));

    // The symlink's own size, mode and times stand in for lstat(2).
    private static object? LstatLike(Dispatch.Fn f, Args a, string path)
    {
        var info = new FileInfo(path);
        return MapObject(f(a), (k, x, _) => k switch
        {
            "mode" => (double)(0xA000 | 0x1FF),
            "size" => (double)info.LinkTarget!.Length,
            _ => x,
        });
    }
}
