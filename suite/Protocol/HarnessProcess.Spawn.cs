using System.Runtime.InteropServices;
using OsConformance.Protocol.Interop;

namespace OsConformance.Protocol;

// Spawning. The harness is started through
//     /bin/sh -c '<enter the cgroup>; umask 022 && exec "$@"' sh CGROUP.PROCS PROGRAM ARGS...
// so the child alone gets umask 022 (the runner's own umask, which is process-wide and shared
// with every thread, is left alone) while the pid stays the harness's: sh execs it in place.
// Before the exec the shell moves itself into the harness's cgroup (when there is one, else the
// argument is empty), so every process the harness starts is inside it.
// posix_spawn makes the child lead a new process group (POSIX_SPAWN_SETPGROUP, pgroup 0), gives
// it default signal dispositions and an empty mask (.NET ignores SIGPIPE, and ignored signals
// survive exec), dup2s the close-on-exec pipes onto 0/1/2 and chdirs to the case's directory.
public sealed partial class HarnessProcess
{
    const string Shell = "/bin/sh";
    const string UmaskScript = "if [ -n \"$1\" ]; then echo $$ > \"$1\" || { echo \"os-conformance: cannot enter the cgroup $1\" >&2; exit 125; }; fi; shift; umask 022 && exec \"$@\"";

    /// <summary>
    /// The program's absolute path: a name without '/' is searched in PATH (of the given
    /// environment, else the runner's); a relative path with '/' is taken from the runner's
    /// working directory, not the case's, as the user typed it there.
    /// </summary>
    internal static string ResolveProgram(string program, IReadOnlyDictionary<string, string>? environment)
    {
        if (program.Length == 0)
            throw new ArgumentException("the harness command is empty");
        if (program.Contains('/'))
        {
            var full = Path.GetFullPath(program);
            return IsExecutableFile(full) ? full
                : throw new FileNotFoundException($"harness program {full} does not exist or is not executable", full);
        }
        string? pathVar = null;
        if (environment is not null)
            environment.TryGetValue("PATH", out pathVar);
        pathVar ??= Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin";
        foreach (var dir in pathVar.Split(':'))
        {
            var candidate = Path.Combine(dir.Length == 0 ? "." : dir, program);
            if (IsExecutableFile(candidate))
                return Path.GetFullPath(candidate);
        }
        throw new FileNotFoundException(
            $"harness program {program} not found in PATH ({pathVar}); cases set the harness's environment, PATH included, so give the harness as an absolute path", program);
    }

#pragma warning disable CA1416 // POSIX only, like the whole client
    static bool IsExecutableFile(string path) =>
        File.Exists(path) && (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
#pragma warning restore CA1416

    static unsafe int[] CloexecPipe()
    {
        int* fds = stackalloc int[2];
        if (Libc.IsMacOS)
        {
            if (Libc.pipe(fds) != 0)
                throw new IOException("pipe: " + Libc.Describe(Marshal.GetLastPInvokeError()));
            Libc.fcntl(fds[0], Libc.F_SETFD, Libc.FD_CLOEXEC);
            Libc.fcntl(fds[1], Libc.F_SETFD, Libc.FD_CLOEXEC);
        }
        else if (Libc.pipe2(fds, Libc.O_CLOEXEC_LINUX) != 0)
            throw new IOException("pipe2: " + Libc.Describe(Marshal.GetLastPInvokeError()));
        return [fds[0], fds[1]];
    }

    static void SetNonBlocking(int fd)
    {
        int flags = Libc.fcntl(fd, Libc.F_GETFL, 0);
        if (flags < 0 || Libc.fcntl(fd, Libc.F_SETFL, flags | Libc.O_NONBLOCK) < 0)
            throw new IOException("fcntl O_NONBLOCK: " + Libc.Describe(Marshal.GetLastPInvokeError()));
    }

    static void Check(int error, string what)
    {
        if (error != 0)
            throw new IOException($"{what}: {Libc.Describe(error)}");
    }

    /// <summary>Spawns the child; returns its pid and the parent's ends (stdin write, stdout read, stderr read).</summary>
    static unsafe (int Pid, int StdinW, int StdoutR, int StderrR) SpawnChild(HarnessOptions options, Containment.Cgroup? cgroup)
    {
        if (options.Command.Count == 0)
            throw new ArgumentException("the harness command is empty", nameof(options));
        if (!Directory.Exists(options.WorkingDirectory))
            throw new DirectoryNotFoundException($"working directory {options.WorkingDirectory} does not exist");
        var program = ResolveProgram(options.Command[0], options.Environment);
        var argv = new List<string> { Shell, "-c", UmaskScript, "sh", cgroup?.ProcsFile ?? "", program };
        argv.AddRange(options.Command.Skip(1));
        var env = options.Environment is { } given
            ? given.Select(p => $"{p.Key}={p.Value}").ToList()
            : System.Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
                .Select(e => $"{e.Key}={e.Value}").ToList();

        var stdin = CloexecPipe();
        var stdout = CloexecPipe();
        var stderr = CloexecPipe();
        void* attr = NativeMemory.AllocZeroed(Libc.SpawnAttrSize);
        void* actions = NativeMemory.AllocZeroed(Libc.FileActionsSize);
        void* sigdef = NativeMemory.AllocZeroed(Libc.SigSetSize);
        void* sigmask = NativeMemory.AllocZeroed(Libc.SigSetSize);
        byte** cargv = ToCStrings(argv);
        byte** cenv = ToCStrings(env);
        bool attrInit = false, actionsInit = false;
        try
        {
            Check(Libc.posix_spawnattr_init(attr), "posix_spawnattr_init");
            attrInit = true;
            Check(Libc.posix_spawn_file_actions_init(actions), "posix_spawn_file_actions_init");
            actionsInit = true;
            int flags = Libc.POSIX_SPAWN_SETPGROUP | Libc.POSIX_SPAWN_SETSIGDEF | Libc.POSIX_SPAWN_SETSIGMASK;
            if (Libc.IsMacOS)
                flags |= Libc.POSIX_SPAWN_CLOEXEC_DEFAULT;
            Check(Libc.posix_spawnattr_setflags(attr, (short)flags), "posix_spawnattr_setflags");
            Check(Libc.posix_spawnattr_setpgroup(attr, 0), "posix_spawnattr_setpgroup");
            Libc.sigfillset(sigdef);
            Libc.sigdelset(sigdef, Libc.SIGKILL);
            Libc.sigdelset(sigdef, Libc.SIGSTOP);
            Check(Libc.posix_spawnattr_setsigdefault(attr, sigdef), "posix_spawnattr_setsigdefault");
            Libc.sigemptyset(sigmask);
            Check(Libc.posix_spawnattr_setsigmask(attr, sigmask), "posix_spawnattr_setsigmask");
            Check(Libc.posix_spawn_file_actions_adddup2(actions, stdin[0], 0), "posix_spawn_file_actions_adddup2 stdin");
            Check(Libc.posix_spawn_file_actions_adddup2(actions, stdout[1], 1), "posix_spawn_file_actions_adddup2 stdout");
            Check(Libc.posix_spawn_file_actions_adddup2(actions, stderr[1], 2), "posix_spawn_file_actions_adddup2 stderr");
            Check(Libc.posix_spawn_file_actions_addchdir_np(actions, Path.GetFullPath(options.WorkingDirectory)), "posix_spawn_file_actions_addchdir_np");
            // Non-blocking stdin (our end only) so a harness that stops reading cannot block us past the deadline.
            SetNonBlocking(stdin[1]);
            Check(Libc.posix_spawn(out int pid, Shell, actions, attr, cargv, cenv), "posix_spawn " + Shell);
            // Nothing below can throw: the catch must not close fds twice.
            Libc.close(stdin[0]);
            Libc.close(stdout[1]);
            Libc.close(stderr[1]);
            return (pid, stdin[1], stdout[0], stderr[0]);
        }
        catch
        {
            foreach (var fd in stdin.Concat(stdout).Concat(stderr))
                Libc.close(fd);
            throw;
        }
        finally
        {
            if (actionsInit) Libc.posix_spawn_file_actions_destroy(actions);
            if (attrInit) Libc.posix_spawnattr_destroy(attr);
            NativeMemory.Free(attr);
            NativeMemory.Free(actions);
            NativeMemory.Free(sigdef);
            NativeMemory.Free(sigmask);
            FreeCStrings(cargv);
            FreeCStrings(cenv);
        }
    }

    static unsafe byte** ToCStrings(IReadOnlyList<string> strings)
    {
        var array = (byte**)NativeMemory.AllocZeroed((nuint)(strings.Count + 1), (nuint)sizeof(byte*));
        for (int i = 0; i < strings.Count; i++)
            array[i] = (byte*)Marshal.StringToCoTaskMemUTF8(strings[i]);
        return array;
    }

    static unsafe void FreeCStrings(byte** array)
    {
        for (int i = 0; array[i] != null; i++)
            Marshal.FreeCoTaskMem((IntPtr)array[i]);
        NativeMemory.Free(array);
    }
}
