using OsConformance.Reference;

namespace OsConformance.Harness;

/// <summary>
/// The arguments of one call, read the way the JS module reads them: a missing argument is
/// undefined, extra ones are ignored. A wrong type throws ArgumentException (kind "type"); a number
/// that is not an int32 integer throws ArgumentOutOfRangeException (kind "range").
/// </summary>
internal sealed class Args(IReadOnlyList<object?> values)
{
    public object? this[int i] => i < values.Count ? values[i] : Undefined.Value;

    public bool IsAbsent(int i) => this[i] is null or Undefined;

    public int Int(int i, string name) => this[i] is double d ? ToInt(d, name)
        : throw new ArgumentException($"\"{name}\" must be a number, not {TypeOf(this[i])}", name);

    public string Str(int i, string name) => this[i] as string
        ?? throw new ArgumentException($"\"{name}\" must be a string, not {TypeOf(this[i])}", name);

    public bool Bool(int i, string name) => this[i] is bool b ? b
        : throw new ArgumentException($"\"{name}\" must be a boolean, not {TypeOf(this[i])}", name);

    public static int ToInt(double d, string name) =>
        double.IsFinite(d) && d == Math.Floor(d) && d >= int.MinValue && d <= int.MaxValue
            ? (int)d
            : throw new ArgumentOutOfRangeException(name, d, $"\"{name}\" must be an integer in the int32 range");

    public static string TypeOf(object? v) => v switch
    {
        null => "null",
        Undefined => "undefined",
        double => "a number",
        string => "a string",
        bool => "a boolean",
        byte[] => "a Buffer",
        JsDate => "a Date",
        List<object?> => "an Array",
        _ => "an Object",
    };
}

/// <summary>fn name → the library, mirroring the documented JS API of the sjs os module.</summary>
internal static class Dispatch
{
    internal delegate object? Fn(Args a);

    private static readonly object? Void = Undefined.Value;

    public static readonly Dictionary<string, Fn> Functions = new()
    {
        // ---- process ----
        ["abort"] = _ => { Os.Abort(); return Void; },
        ["exit"] = a => { Os.Exit(a[0] is Undefined ? 0 : a.Int(0, "status")); return Void; },
        ["_exit"] = a => { Os._Exit(a.Int(0, "status")); return Void; },
        ["fork"] = _ => (double)Os.Fork(),
        ["waitpid"] = a =>
        {
            var r = Os.WaitPid(a.Int(0, "pid"), a[1] is Undefined ? 0 : a.Int(1, "options"));
            return new JsObject().Add("pid", (double)r.Pid).Add("status", (double)r.Status);
        },
        ["execv"] = a => { Os.Execv(a.Str(0, "path"), Argv(a, 1)); return Void; },
        ["execvp"] = a => { Os.Execvp(a.Str(0, "file"), Argv(a, 1)); return Void; },
        ["execve"] = a => { Os.Execve(a.Str(0, "path"), Argv(a, 1), Envp(a, 2)); return Void; },
        ["execvpe"] = a => { Os.Execvpe(a.Str(0, "file"), Argv(a, 1), Envp(a, 2)); return Void; },
        ["setsid"] = _ => (double)Os.SetSid(),

        // ---- ids ----
        ["getpid"] = _ => (double)Os.GetPid(),
        ["getppid"] = _ => (double)Os.GetPpid(),
        ["getuid"] = _ => (double)Os.GetUid(),
        ["geteuid"] = _ => (double)Os.GetEuid(),
        ["getgid"] = _ => (double)Os.GetGid(),
        ["getegid"] = _ => (double)Os.GetEgid(),
        ["getgroups"] = _ => Numbers(Os.GetGroups()),
        ["setuid"] = a => { Os.SetUid(a.Int(0, "uid")); return Void; },
        ["setgid"] = a => { Os.SetGid(a.Int(0, "gid")); return Void; },
        ["setgroups"] = a => { Os.SetGroups(Groups(a, 0)); return Void; },

        // ---- fds ----
        ["open"] = Open,
        ["close"] = a => { Os.Close(a.Int(0, "fd")); return Void; },
        ["dup"] = a => (double)Os.Dup(a.Int(0, "oldfd")),
        ["dup2"] = a => (double)Os.Dup2(a.Int(0, "oldfd"), a.Int(1, "newfd"), a.IsAbsent(2) || a.Bool(2, "cloexec")),
        ["pipe"] = _ => Numbers(Os.Pipe()),
        ["cloexec"] = a => { Os.Cloexec(a.Int(0, "fd"), a.Bool(1, "set")); return Void; },
        ["nonblock"] = a => { Os.NonBlock(a.Int(0, "fd"), a.Bool(1, "set")); return Void; },
        ["read"] = Read,
        ["write"] = a =>
        {
            int fd = a.Int(0, "fd");
            return a[1] switch
            {
                string s => (double)Os.Write(fd, s),
                byte[] b => (double)Os.Write(fd, b),
                var v => throw new ArgumentException($"\"data\" must be a string or a Buffer, not {Args.TypeOf(v)}", "data"),
            };
        },
        ["isatty"] = a => Os.IsATty(a.Int(0, "fd")),
        ["ttyname"] = a => Os.TtyName(a.Int(0, "fd")),

        // ---- files ----
        ["chdir"] = a => { Os.Chdir(a.Str(0, "path")); return Void; },
        ["scandir"] = a => new List<object?>(Os.ScanDir(a.Str(0, "path"))),
        ["stat"] = a => Stat(Os.Stat(a.Str(0, "path"))),
        ["unlink"] = a => { Os.Unlink(a.Str(0, "path")); return Void; },
        ["urandom"] = a => a[0] switch
        {
            double d => Os.URandom(Args.ToInt(d, "bytes")),
            byte[] b => Os.URandom(b),
            var v => throw new ArgumentException($"\"bytes\" must be a number or a Buffer, not {Args.TypeOf(v)}", "bytes"),
        },

        // ---- mode and status helpers ----
        ["S_IMODE"] = a => (double)Os.S_IMODE(a.Int(0, "mode")),
        ["S_ISDIR"] = a => Os.S_ISDIR(a.Int(0, "mode")),
        ["S_ISCHR"] = a => Os.S_ISCHR(a.Int(0, "mode")),
        ["S_ISBLK"] = a => Os.S_ISBLK(a.Int(0, "mode")),
        ["S_ISREG"] = a => Os.S_ISREG(a.Int(0, "mode")),
        ["S_ISFIFO"] = a => Os.S_ISFIFO(a.Int(0, "mode")),
        ["S_ISLNK"] = a => Os.S_ISLNK(a.Int(0, "mode")),
        ["S_ISSOCK"] = a => Os.S_ISSOCK(a.Int(0, "mode")),
        ["WIFEXITED"] = a => Os.WIFEXITED(a.Int(0, "status")),
        ["WEXITSTATUS"] = a => (double)Os.WEXITSTATUS(a.Int(0, "status")),
        ["WIFSIGNALED"] = a => Os.WIFSIGNALED(a.Int(0, "status")),
        ["WTERMSIG"] = a => (double)Os.WTERMSIG(a.Int(0, "status")),
        ["WIFSTOPPED"] = a => Os.WIFSTOPPED(a.Int(0, "status")),
        ["WSTOPSIG"] = a => (double)Os.WSTOPSIG(a.Int(0, "status")),
        ["WIFCONTINUED"] = a => Os.WIFCONTINUED(a.Int(0, "status")),
    };

    /// <summary>Argument indexes of Buffers the function fills; the reply carries them in "buffers".</summary>
    public static int? FilledBuffer(string fn, Args a) => fn switch
    {
        "read" when a[1] is byte[] => 1,
        "urandom" when a[0] is byte[] => 0,
        _ => null,
    };

    private static object? Open(Args a)
    {
        string path = a.Str(0, "path");
        int mode = a[2] switch
        {
            Undefined => 438, // 0666, before the umask (docs/decisions.md#open-flags)
            double d => Args.ToInt(d, "mode"),
            string s => Os.ParseMode(s),
            var v => throw new ArgumentException($"\"mode\" must be a number or an octal string, not {Args.TypeOf(v)}", "mode"),
        };
        return a[1] switch
        {
            string s => (double)Os.Open(path, s, mode),
            double d => (double)Os.Open(path, Args.ToInt(d, "flags"), mode),
            var v => throw new ArgumentException($"\"flags\" must be a string or a number, not {Args.TypeOf(v)}", "flags"),
        };
    }

    private static object? Read(Args a)
    {
        int fd = a.Int(0, "fd");
        return a[1] switch
        {
            Undefined => Os.Read(fd),
            double d => Os.Read(fd, Args.ToInt(d, "nread")),
            byte[] b => (double)Os.Read(fd, b.AsSpan()),
            var v => throw new ArgumentException($"\"nread\" must be a number or a Buffer, not {Args.TypeOf(v)}", "nread"),
        };
    }

    // args: Array of strings, or null/undefined (the library then uses [path]).
    private static string[]? Argv(Args a, int i)
    {
        if (a.IsAbsent(i)) return null;
        if (a[i] is not List<object?> list)
            throw new ArgumentException($"\"args\" must be an Array, null or undefined, not {Args.TypeOf(a[i])}", "args");
        var argv = new string[list.Count];
        for (int k = 0; k < list.Count; k++)
            argv[k] = list[k] as string
                ?? throw new ArgumentException($"\"args[{k}]\" must be a string, not {Args.TypeOf(list[k])}", "args");
        return argv;
    }

    // envp: Object of strings, or null/undefined (left to the library).
    private static Dictionary<string, string>? Envp(Args a, int i)
    {
        if (a.IsAbsent(i)) return null;
        if (a[i] is not JsObject o)
            throw new ArgumentException($"\"envp\" must be an Object, null or undefined, not {Args.TypeOf(a[i])}", "envp");
        var env = new Dictionary<string, string>(o.Props.Count);
        foreach (var p in o.Props)
            env[p.Key] = p.Value as string
                ?? throw new ArgumentException($"\"envp.{p.Key}\" must be a string, not {Args.TypeOf(p.Value)}", "envp");
        return env;
    }

    private static int[]? Groups(Args a, int i)
    {
        if (a.IsAbsent(i)) return null;
        if (a[i] is not List<object?> list)
            throw new ArgumentException($"\"groups\" must be an Array, null or undefined, not {Args.TypeOf(a[i])}", "groups");
        var groups = new int[list.Count];
        for (int k = 0; k < list.Count; k++)
            groups[k] = list[k] is double d ? Args.ToInt(d, "groups")
                : throw new ArgumentException($"\"groups[{k}]\" must be a number, not {Args.TypeOf(list[k])}", "groups");
        return groups;
    }

    private static List<object?> Numbers(int[] values)
    {
        var list = new List<object?>(values.Length);
        foreach (int v in values) list.Add((double)v);
        return list;
    }

    private static JsObject Stat(StatResult s) => new JsObject()
        .Add("dev", (double)s.Dev)
        .Add("mode", (double)s.Mode)
        .Add("nlink", (double)s.Nlink)
        .Add("uid", (double)s.Uid)
        .Add("gid", (double)s.Gid)
        .Add("rdev", (double)s.Rdev)
        .Add("ino", (double)s.Ino)
        .Add("size", (double)s.Size)
        .Add("blksize", (double)s.Blksize)
        .Add("blocks", (double)s.Blocks)
        .Add("flags", (double)s.Flags)
        .Add("gen", (double)s.Gen)
        .Add("atime", Date(s.Atime))
        .Add("mtime", Date(s.Mtime))
        .Add("ctime", Date(s.Ctime))
        .Add("birthtime", Date(s.Birthtime));

    // ToUnixTimeMilliseconds floors (ticks / 10^4 from year 1): truncation toward the past.
    private static JsDate Date(DateTimeOffset t) => new(t.ToUnixTimeMilliseconds());
}
