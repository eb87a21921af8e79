using OsConformance.Harness;
using OsConformance.Reference;
using static OsConformance.SelfTest.Proxy.Kit;
using static OsConformance.SelfTest.Proxy.Faults.CloexecFaults;

namespace OsConformance.SelfTest.Proxy.Faults;

/// <summary>open: flag strings mapped to the wrong bits, extra bits, and modes.</summary>
internal static class OpenFaults
{
    private static readonly string[] Observers = ["open", "read", "write", "tag:open-flags"];

    public static IEnumerable<Fault> All =>
    [
        Flags("flags/w-no-trunc", "'w' misses O_TRUNC: an existing file keeps its old tail",
            "open the file for writing only, truncating it if it exists and creating it otherwise", "w",
            Os.O_CREAT | Os.O_WRONLY).InCi(),
        Flags("flags/a-no-append", "'a' misses O_APPEND: writes land at offset 0",
            "open the file for apending, creating it if it doesn’t exist", "a", Os.O_CREAT | Os.O_WRONLY),
        Flags("flags/wx-no-excl", "'wx' misses O_EXCL: an existing file is truncated instead of EEXIST",
            "like ‘w’, but fails if the path exists", "wx", Os.O_TRUNC | Os.O_CREAT | Os.O_WRONLY),
        Flags("flags/ax+-no-excl", "'ax+' misses O_EXCL", "like ‘a+’ but fails if the path exists", "ax+",
            Os.O_APPEND | Os.O_CREAT | Os.O_RDWR),
        Flags("flags/r+-read-only", "'r+' opens read-only", "‘r+’ = O_RDWR: open the file for reading and writing", "r+",
            Os.O_RDONLY),
        Flags("flags/w+-write-only", "'w+' opens write-only",
            "open the file for reading and writing, truncating it if it exists and creating it otherwise", "w+",
            Os.O_TRUNC | Os.O_CREAT | Os.O_WRONLY),
        Flags("flags/a+-no-read", "'a+' opens write-only", "open the file for reading and apending, creating it if it doesn’t exist",
            "a+", Os.O_APPEND | Os.O_CREAT | Os.O_WRONLY),
        Flags("flags/r-creates", "'r' adds O_CREAT: a missing file is created instead of ENOENT",
            "‘r’ = O_RDONLY: open the file just for reading", "r", Os.O_RDONLY | Os.O_CREAT),
        Spec("flags/extra-sync", "every open adds O_SYNC", "Opens a file.", Observers,
            Arguments("open", a => a[1] is string s && Known.Contains(s) ? With(a, 1, (double)(FlagBits(s) | Os.O_SYNC)) : a)),
        Spec("flags/extra-nonblock", "every open adds O_NONBLOCK", "Opens a file.", Observers,
            Result("open", (v, _) => { Os.NonBlock((int)(double)v!, true); return v; })),
        Decision("flags/numeric-drops-append", "numeric flags lose O_APPEND on the way to open(2)", "open-flags", Observers,
            Arguments("open", a => a[1] is double d ? With(a, 1, (double)((int)d & ~Os.O_APPEND)) : a)),
        Decision("flags/unknown-string-is-r", "an unknown flag string opens read-only instead of a TypeError", "open-flags", Observers,
            Arguments("open", a => a[1] is string s && !Known.Contains(s) ? With(a, 1, "r") : a)).InCi(),
        Decision("flags/unknown-bits-masked", "numeric flags with unknown bits are masked instead of a RangeError", "open-flags", Observers,
            Arguments("open", a => a[1] is double d && d == Math.Floor(d) && Math.Abs(d) < 1e15
                ? With(a, 1, (double)((long)d & (Os.O_APPEND | Os.O_CREAT | Os.O_EXCL | Os.O_RDWR | Os.O_WRONLY | Os.O_SYNC | Os.O_TRUNC)))
                : a)),

        // ---- modes ----
        Decision("modes/default-0600", "open without mode creates files 0600, not 0666 before the umask", "open-flags",
            ["open", "stat"], Arguments("open", a => a[2] is Undefined ? With(a, 2, 384.0) : a)),
        Decision("modes/default-0644", "open without mode creates files 0644, not 0666 before the umask", "open-flags",
            ["open", "stat"], Arguments("open", a => a[2] is Undefined ? With(a, 2, 420.0) : a)),
        Spec("modes/ignores-umask", "open chmods a new file to mode afterwards, bypassing the umask",
            "Sets the file mode (permissions and sticky bits).", ["open", "stat"], layer => layer.Wrap("open", f => a =>
            {
                string? path = a[0] as string;
                bool existed = path is not null && (File.Exists(path) || Directory.Exists(path));
                var v = f(a);
                if (!existed && a[2] is double m) File.SetUnixFileMode(path!, (UnixFileMode)((int)m & 0x1FF));
                return v;
            })).InCi(),
        Spec("modes/drops-special-bits", "open masks mode with 0777: setuid, setgid and sticky bits are lost",
            "Sets the file mode (permissions and sticky bits).", ["open", "stat"],
            Arguments("open", a => a[2] is double m ? With(a, 2, (double)((int)m & 0x1FF)) : a)),
        Decision("modes/string-decimal", "a mode string is parsed as decimal, not octal", "open-flags", ["open", "stat"],
            Arguments("open", a => a[2] is string s && int.TryParse(s, out int n) ? With(a, 2, (double)n) : a)),
        Decision("modes/above-07777-masked", "a mode above 07777 is masked instead of a RangeError", "argument-validation", ["open"],
            Arguments("open", a => a[2] is double m && m > 4095 && m < 1e9 ? With(a, 2, (double)((int)m & 0xFFF)) : a)),
    ];

    private static readonly string[] Known = ["r", "r+", "w", "wx", "w+", "wx+", "a", "ax", "a+", "ax+"];

    private static Fault Flags(string id, string description, string spec, string flag, int bits) =>
        Spec(id, description, spec, Observers, Arguments("open", a => a[1] is string s && s == flag ? With(a, 1, (double)bits) : a));
}
