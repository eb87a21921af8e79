using System.Runtime.InteropServices;

namespace OsConformance.Bench;

internal static partial class Interop
{
    [LibraryImport(Libc, SetLastError = true)]
    internal static partial int fork();

    [LibraryImport(Libc)]
    internal static partial void _exit(int status);

    [LibraryImport(Libc, SetLastError = true)]
    internal static unsafe partial int waitpid(int pid, int* status, int options);

    [LibraryImport(Libc, SetLastError = true)]
    internal static unsafe partial int execv(byte* path, byte** argv);

    /// <summary>posix_spawn(pid, path, file_actions, attrp, argv, envp): the child runs only libc code.</summary>
    [LibraryImport(Libc)]
    internal static unsafe partial int posix_spawn(int* pid, byte* path, void* fileActions, void* attrp, byte** argv, byte** envp);
}
