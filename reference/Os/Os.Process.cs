using System.Runtime.InteropServices;
using P = OsConformance.Reference.Interop.Platform;
using E = OsConformance.Reference.Interop.Errno;

namespace OsConformance.Reference;

public static partial class Os
{
    /// <summary>abort(3): raises SIGABRT. Does not return.</summary>
    public static void Abort() => Interop.abort();

    /// <summary>exit(3) with status (docs/decisions.md#exit-status). Does not return.</summary>
    public static void Exit(int status = 0) => Interop.exit(status);

    /// <summary>_exit(2). Does not return.</summary>
    public static void _Exit(int status) => Interop._exit(status);

    public static int Fork()
    {
        int pid = Interop.fork();
        if (pid < 0) throw new OsException(E.Last, "fork");
        return pid;
    }

    public static unsafe WaitResult WaitPid(int pid, int options = 0)
    {
        int allowed = P.WNOHANG | P.WUNTRACED | P.WCONTINUED;
        if ((options & ~allowed) != 0)
            throw new ArgumentOutOfRangeException(nameof(options), options, "options may only combine WNOHANG, WUNTRACED and WCONTINUED");
        int status = 0;
        int r;
        do r = Interop.waitpid(pid, &status, options);
        while (r < 0 && E.Last == E.EINTR);
        if (r < 0) throw new OsException(E.Last, "waitpid");
        return new WaitResult(r, r == 0 ? 0 : status);
    }

    public static int SetSid()
    {
        int sid = Interop.setsid();
        if (sid < 0) throw new OsException(E.Last, "setsid");
        return sid;
    }

    // ---- exec family (docs/decisions.md#exec-args, #exec-path-search) ----

    public static void Execv(string path, IReadOnlyList<string>? args = null) => ExecPath("execv", path, args, null);

    public static void Execve(string path, IReadOnlyList<string>? args = null, IReadOnlyDictionary<string, string>? envp = null) =>
        ExecPath("execve", path, args, envp);

    public static void Execvp(string file, IReadOnlyList<string>? args = null) => ExecSearch("execvp", file, args, null);

    public static void Execvpe(string file, IReadOnlyList<string>? args = null, IReadOnlyDictionary<string, string>? envp = null) =>
        ExecSearch("execvpe", file, args, envp);

    private static void ExecPath(string name, string path, IReadOnlyList<string>? args, IReadOnlyDictionary<string, string>? envp)
    {
        CheckPath(path);
        using var argv = new CStringArray(args ?? [path], nameof(args));
        using var env = envp is null ? null : new CStringArray(EnvironmentLines(envp), nameof(envp));
        int errno = TryExec(path, argv, env);
        throw new OsException(errno, name, path);
    }

    private static void ExecSearch(string name, string file, IReadOnlyList<string>? args, IReadOnlyDictionary<string, string>? envp)
    {
        CheckPath(file, nameof(file));
        IReadOnlyList<string> argList = args ?? [file];
        using var argv = new CStringArray(argList, nameof(args));
        using var env = envp is null ? null : new CStringArray(EnvironmentLines(envp), nameof(envp));

        if (file.Length == 0) throw new OsException(E.ENOENT, name, file);
        if (file.Contains('/'))
            throw new OsException(TryExecOrShell(file, argList, argv, env), name, file);

        // The caller's PATH from the C environment; absent means the current directory only.
        IntPtr pathPtr = Interop.getenv("PATH");
        string[] dirs = pathPtr == IntPtr.Zero ? [""] : Marshal.PtrToStringUTF8(pathPtr)!.Split(':');
        bool sawEacces = false;
        foreach (string dir in dirs)
        {
            string candidate = dir.Length == 0 ? "./" + file : dir.EndsWith('/') ? dir + file : dir + "/" + file;
            int errno = TryExecOrShell(candidate, argList, argv, env);
            if (errno == E.EACCES) sawEacces = true;
            else if (errno == E.ENOENT || errno == E.ENOTDIR || errno == E.ESTALE || errno == E.ENODEV
                     || errno == E.ETIMEDOUT || errno == E.ELOOP || errno == E.ENAMETOOLONG) { }
            else throw new OsException(errno, name, file);
        }
        throw new OsException(sawEacces ? E.EACCES : E.ENOENT, name, file);
    }

    /// <summary>Like POSIX execvp: a file the kernel cannot run (ENOEXEC) is run by /bin/sh.</summary>
    private static int TryExecOrShell(string path, IReadOnlyList<string> args, CStringArray argv, CStringArray? env)
    {
        int errno = TryExec(path, argv, env);
        if (errno != E.ENOEXEC) return errno;
        var shellArgs = new List<string>(args.Count + 1) { "/bin/sh", path };
        for (int i = 1; i < args.Count; i++) shellArgs.Add(args[i]);
        using var shellArgv = new CStringArray(shellArgs, nameof(args));
        TryExec("/bin/sh", shellArgv, env);
        return E.ENOEXEC;
    }

    /// <summary>Returns only on failure, with the errno.</summary>
    private static unsafe int TryExec(string path, CStringArray argv, CStringArray? env)
    {
        using var cpath = new CStringArray([path], nameof(path));
        if (env is null) Interop.execv(cpath.Pointer[0], argv.Pointer);
        else Interop.execve(cpath.Pointer[0], argv.Pointer, env.Pointer);
        return E.Last;
    }

    private static List<string> EnvironmentLines(IReadOnlyDictionary<string, string> envp)
    {
        var lines = new List<string>(envp.Count);
        foreach (KeyValuePair<string, string> kv in envp) lines.Add(kv.Key + "=" + kv.Value);
        return lines;
    }

    /// <summary>A NULL-terminated array of NUL-terminated UTF-8 strings in native memory.</summary>
    private sealed unsafe class CStringArray : IDisposable
    {
        internal byte** Pointer { get; private set; }
        private readonly int _count;

        internal CStringArray(IReadOnlyList<string> strings, string paramName)
        {
            foreach (string? s in strings)
            {
                if (s is null) throw new ArgumentNullException(paramName, "the array must not contain null");
                if (s.Contains('\0')) throw new ArgumentException("strings must not contain NUL characters", paramName);
            }
            _count = strings.Count;
            Pointer = (byte**)NativeMemory.AllocZeroed((nuint)(_count + 1), (nuint)sizeof(byte*));
            for (int i = 0; i < _count; i++)
                Pointer[i] = (byte*)Marshal.StringToCoTaskMemUTF8(strings[i]);
        }

        public void Dispose()
        {
            if (Pointer == null) return;
            for (int i = 0; i < _count; i++) Marshal.FreeCoTaskMem((IntPtr)Pointer[i]);
            NativeMemory.Free(Pointer);
            Pointer = null;
        }
    }
}
