using System.Text;
using OsConformance.Harness;
using OsConformance.Reference;
using static OsConformance.SelfTest.Proxy.Kit;

namespace OsConformance.SelfTest.Proxy.Faults;

/// <summary>scandir, chdir and unlink.</summary>
internal static class FileFaults
{
    public static IEnumerable<Fault> All =>
    [
        Decision("scandir/includes-dots", "scandir lists . and ..", "scandir-order", ["scandir"],
            Result("scandir", (v, _) => new List<object?> { ".", ".." }.Concat((List<object?>)v!).ToList())).InCi(),
        Decision("scandir/unsorted", "scandir returns readdir order (here: reversed)", "scandir-order", ["scandir"],
            Result("scandir", (v, _) => Enumerable.Reverse((List<object?>)v!).ToList())),
        Decision("scandir/ignore-case", "scandir sorts ignoring case", "scandir-order", ["scandir"],
            Result("scandir", (v, _) => ((List<object?>)v!).OrderBy(x => (string)x!, StringComparer.OrdinalIgnoreCase).ToList())),
        Decision("scandir/utf16-order", "scandir sorts by UTF-16 code units, not bytes (differs above U+FFFF)", "scandir-order", ["scandir"],
            Result("scandir", (v, _) => ((List<object?>)v!).OrderBy(x => (string)x!, StringComparer.Ordinal).ToList())),
        Spec("scandir/drops-hidden", "scandir skips names starting with a dot", "Lists all files in the given path.", ["scandir"],
            Result("scandir", (v, _) => ((List<object?>)v!).Where(x => !((string)x!).StartsWith('.')).ToList())),
        Spec("scandir/latin1-names", "scandir decodes names as Latin-1", "Lists all files in the given path.", ["scandir"],
            Result("scandir", (v, _) => ((List<object?>)v!).Select(x => (object?)Encoding.Latin1.GetString(Encoding.UTF8.GetBytes((string)x!))).ToList())),
        Spec("scandir/enotdir-swallowed", "scandir of a file returns [] instead of throwing", "Lists all files in the given path.", ["scandir"],
            layer => layer.Wrap("scandir", f => a =>
            {
                try { return f(a); }
                catch (OsException e) when (e.ErrnoName == "ENOTDIR") { return new List<object?>(); }
            })),
        Spec("chdir/noop", "chdir checks the path but does not change directory",
            "Changes the current working directory of the calling process to the directory specified in path.", ["chdir"],
            Replace("chdir", a => { string p = a.Str(0, "path"); if (!Directory.Exists(p)) Dispatch.Functions["stat"](a); return Undefined.Value; })).InCi(),
        Spec("chdir/enoent-swallowed", "chdir to a missing directory returns quietly",
            "Changes the current working directory of the calling process to the directory specified in path.", ["chdir"],
            layer => layer.Wrap("chdir", f => a =>
            {
                try { return f(a); }
                catch (OsException e) when (e.ErrnoName == "ENOENT") { return Undefined.Value; }
            })),
        Spec("unlink/removes-directories", "unlink falls back to rmdir (remove(3)): an empty directory is removed",
            "Unlinks (usually this means completely removing) the given path.", ["unlink"],
            layer => layer.Wrap("unlink", f => a =>
            {
                try { return f(a); }
                catch (OsException e) when (e.ErrnoName is "EISDIR" or "EPERM" && a[0] is string p && Directory.Exists(p))
                {
                    Directory.Delete(p);
                    return Undefined.Value;
                }
            })).InCi(),
        Spec("unlink/enoent-swallowed", "unlink of a missing path returns quietly",
            "Unlinks (usually this means completely removing) the given path.", ["unlink"],
            layer => layer.Wrap("unlink", f => a =>
            {
                try { return f(a); }
                catch (OsException e) when (e.ErrnoName == "ENOENT") { return Undefined.Value; }
            })),
    ];
}
