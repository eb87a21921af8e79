using System.Runtime.InteropServices;
using OsConformance.Harness;
using OsConformance.Reference;
using static OsConformance.SelfTest.Proxy.Kit;

namespace OsConformance.SelfTest.Proxy.Faults;

/// <summary>exec*: argv, the environment, and the PATH search.</summary>
internal static class ExecFaults
{
    private static readonly string[] All4 = ["execv", "execvp", "execve", "execvpe"];
    private const string SearchSpec = "The functions which contain a p in their name will search for the file in the PATH environment variable, or in the current directory in its absence.";

    public static IEnumerable<Fault> All =>
    [
        Spec("exec/argv0-is-path", "args[0] is replaced with the path: the program never sees its own argv[0]",
            "If an Array is passed, the first element should be the program filename.", [.. All4, "tag:exec"],
            Each(All4, a => a[1] is List<object?> { Count: > 0 } l && a[0] is string p ? With(a, 1, new List<object?>(l) { [0] = p }) : a)).InCi(),
        Decision("exec/args-default-empty", "args omitted gives an empty argv, not [path]", "exec-args", [.. All4, "tag:exec"],
            Each(All4, a => a.IsAbsent(1) ? With(a, 1, new List<object?>()) : a)),
        Decision("exec/args-drop-last", "the last element of args is lost (off by one copying argv)", "exec-args", [.. All4, "tag:exec"],
            Each(All4, a => a[1] is List<object?> { Count: > 1 } l ? With(a, 1, l.Take(l.Count - 1).ToList()) : a)),
        Decision("exec/envp-merged", "envp is added to the caller's environment instead of replacing it", "exec-args", ["execve", "execvpe", "tag:exec"],
            Each(["execve", "execvpe"], a => a[2] is JsObject o ? With(a, 2, Merged(o)) : a)).InCi(),
        Decision("exec/envp-omitted-empty", "execve without envp gives the new program an empty environment", "exec-envp-omitted", ["execve", "execvpe", "tag:exec"],
            Each(["execve", "execvpe"], a => a.IsAbsent(2) ? With(a, 2, new JsObject()) : a)),
        Decision("exec/envp-empty-inherits", "execve with {} passes the caller's environment", "exec-envp-omitted", ["execve", "execvpe", "tag:exec"],
            Each(["execve", "execvpe"], a => a[2] is JsObject { Props.Count: 0 } ? With(a, 2, null) : a)),
        Spec("exec/p-no-search", "execvp and execvpe do not search PATH: the file is taken as a path", SearchSpec, ["execvp", "execvpe", "tag:exec"],
            layer =>
            {
                layer.Wrap("execvp", _ => a => Dispatch.Functions["execv"](a));
                layer.Wrap("execvpe", _ => a => Dispatch.Functions["execve"](a));
            }),
        Decision("exec/search-envp-path", "execvpe searches the PATH inside envp, not the caller's", "exec-path-search", ["execvpe", "tag:exec"],
            Replace("execvpe", a => SearchThen(a, a[2] is JsObject o && o.Props.FirstOrDefault(p => p.Key == "PATH").Value is string p ? p : CallerPath(), "execve"))),
        Decision("exec/no-path-searches-bin", "with PATH unset the search uses /bin:/usr/bin (glibc's default), not the current directory", "exec-path-search",
            ["execvp", "execvpe", "tag:exec"], layer =>
            {
                layer.Wrap("execvp", f => a => CallerPath() is null ? SearchThen(a, "/bin:/usr/bin", "execv") : f(a));
                layer.Wrap("execvpe", f => a => CallerPath() is null ? SearchThen(a, "/bin:/usr/bin", "execve") : f(a));
            }),
        Decision("exec/empty-entry-skipped", "an empty PATH entry is skipped instead of meaning the current directory", "exec-path-search",
            ["execvp", "execvpe", "tag:exec"], layer =>
            {
                layer.Wrap("execvp", f => a => CallerPath() is string p && p.Split(':').Contains("") ? SearchThen(a, string.Join(':', p.Split(':').Where(d => d != "")), "execv") : f(a));
                layer.Wrap("execvpe", f => a => CallerPath() is string p && p.Split(':').Contains("") ? SearchThen(a, string.Join(':', p.Split(':').Where(d => d != "")), "execve") : f(a));
            }),
        Decision("exec/eacces-as-enoent", "a found file that is not executable gives ENOENT, not EACCES", "exec-path-search", ["execvp", "execvpe", "tag:exec"],
            layer =>
            {
                foreach (var fn in new[] { "execvp", "execvpe" })
                    layer.Wrap(fn, f => a =>
                    {
                        try { return f(a); }
                        catch (OsException e) when (e.ErrnoName == "EACCES") { throw new OsException(Interop.Errno.ENOENT, e.Syscall, e.Path); }
                    });
            }),
    ];

    private static Action<FaultLayer> Each(string[] fns, Func<Args, Args> change) =>
        layer => { foreach (var fn in fns) layer.Wrap(fn, f => a => f(change(a))); };

    private static JsObject Merged(JsObject envp)
    {
        var merged = new JsObject();
        foreach (System.Collections.DictionaryEntry e in Environment.GetEnvironmentVariables())
            if (!envp.Props.Any(p => p.Key == (string)e.Key)) merged.Add((string)e.Key, (string?)e.Value ?? "");
        foreach (var p in envp.Props) merged.Add(p.Key, p.Value);
        return merged;
    }

    private static string? CallerPath() =>
        Interop.getenv("PATH") is var ptr && ptr != IntPtr.Zero ? Marshal.PtrToStringUTF8(ptr) : null;

    // A search of its own over the given PATH, then the non-searching exec on what it found.
    private static object? SearchThen(Args a, string? path, string exec)
    {
        string file = a.Str(0, "file");
        string found = file;
        if (!file.Contains('/'))
        {
            found = (path ?? "").Split(':').Select(d => (d.Length == 0 ? "." : d) + "/" + file).FirstOrDefault(File.Exists)
                ?? throw new OsException(Interop.Errno.ENOENT, exec == "execv" ? "execvp" : "execvpe", file);
        }
        var args = a.IsAbsent(1) ? new List<object?> { file } : a[1];
        return Dispatch.Functions[exec](new Args([found, args, a[2]]));
    }
}
