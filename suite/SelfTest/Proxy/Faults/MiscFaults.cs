using OsConformance.Harness;
using OsConformance.Reference;
using static OsConformance.SelfTest.Proxy.Kit;

namespace OsConformance.SelfTest.Proxy.Faults;

/// <summary>urandom and the tty functions.</summary>
internal static class MiscFaults
{
    private const string Csprng = "Get bytes from the system CSPRNG.";

    public static IEnumerable<Fault> All =>
    [
        Spec("urandom/zeros", "urandom returns zero bytes (the buffer is allocated, never filled)", Csprng, ["urandom"],
            Result("urandom", (v, _) => { Array.Clear((byte[])v!); return v; })).InCi(),
        Spec("urandom/seeded-prng", "urandom uses a PRNG seeded with the pid, not the CSPRNG", Csprng, ["urandom"],
            layer =>
            {
                var prng = new Random(Os.GetPid());
                layer.Wrap("urandom", f => a =>
                {
                    var v = f(a); // validation and size as before
                    prng.NextBytes((byte[])v!);
                    return v;
                });
            }),
        Spec("urandom/repeats", "urandom returns the same bytes on every call (a cached block)", Csprng, ["urandom"],
            layer =>
            {
                var block = Os.URandom(1 << 16);
                layer.Wrap("urandom", f => a =>
                {
                    var v = (byte[])f(a)!;
                    for (int i = 0; i < v.Length; i++) v[i] = block[i % block.Length];
                    return v;
                });
            }),
        Spec("urandom/short-by-one", "urandom(n) returns n - 1 bytes",
            "If it’s an integer a Buffer will be returned of the specified size.", ["urandom"],
            Result("urandom", (v, a) => a[0] is double ? ((byte[])v!)[..^1] : v)),
        Spec("urandom/buffer-half-filled", "urandom(buf) fills only the first half of buf",
            "If it’s already a Buffer, if will be filled.", ["urandom"],
            layer => layer.Wrap("urandom", f => a =>
            {
                if (a[0] is not byte[] { Length: >= 2 } b) return f(a);
                var half = (byte[])f(new Args([new byte[b.Length / 2]]))!;
                Array.Clear(b);
                half.CopyTo(b, 0);
                return b;
            })),
        Spec("urandom/buffer-copy", "urandom(buf) returns a new Buffer and leaves buf unchanged",
            "If it’s already a Buffer, if will be filled.", ["urandom"],
            Arguments("urandom", a => a[0] is byte[] b ? With(a, 0, b.ToArray()) : a)),
        Decision("urandom/zero-accepted", "urandom(0) returns an empty Buffer instead of a RangeError", "urandom-sizes", ["urandom"],
            layer => layer.Wrap("urandom", f => a => a[0] is 0.0 ? Array.Empty<byte>() : f(a))),

        // ---- tty ----
        Spec("tty/isatty-any-fd", "isatty is true for every open fd", "Returns true if the given fd refers to a valid terminal type device, false otherwise.",
            ["isatty", "tag:tty"], Replace("isatty", a => { int fd = a.Int(0, "fd"); return Interop.fcntl(fd, Interop.Platform.F_GETFD) >= 0; })).InCi(),
        Spec("tty/isatty-ebadf-thrown", "isatty on a closed fd throws EBADF instead of returning false",
            "Returns true if the given fd refers to a valid terminal type device, false otherwise.", ["isatty", "tag:tty"],
            layer => layer.Wrap("isatty", f => a =>
            {
                int fd = a.Int(0, "fd");
                if (Interop.fcntl(fd, Interop.Platform.F_GETFD) < 0) throw new OsException(Interop.Errno.Last, "isatty");
                return f(a);
            })),
        Spec("tty/ttyname-dev-tty", "ttyname returns /dev/tty instead of the terminal's own name",
            "Returns the related device name of the given fd for which os.isatty() is true.", ["ttyname", "tag:tty"],
            Result("ttyname", (_, _) => "/dev/tty")),
        Spec("tty/ttyname-no-dev", "ttyname drops the /dev/ prefix (pts/3)",
            "Returns the related device name of the given fd for which os.isatty() is true.", ["ttyname", "tag:tty"],
            Result("ttyname", (v, _) => v is string s && s.StartsWith("/dev/", StringComparison.Ordinal) ? s[5..] : v)),
        Spec("tty/ttyname-null-on-error", "ttyname of a non-terminal returns null instead of throwing",
            "Returns the related device name of the given fd for which os.isatty() is true.", ["ttyname", "tag:tty"],
            layer => layer.Wrap("ttyname", f => a =>
            {
                try { return f(a); }
                catch (OsException) { return null; }
            })),
    ];
}
