using System.Runtime.InteropServices;

namespace OsConformance.Reference;

internal static partial class Interop
{
    [LibraryImport(Libraries.Libc, SetLastError = true)]
    internal static partial int fork();

    [LibraryImport(Libraries.Libc, SetLastError = true)]
    internal static unsafe partial int waitpid(int pid, int* status, int options);

    [LibraryImport(Libraries.Libc)]
    internal static partial void exit(int status);

    [LibraryImport(Libraries.Libc)]
    internal static partial void _exit(int status);

    [LibraryImport(Libraries.Libc)]
    internal static partial void abort();

    [LibraryImport(Libraries.Libc, SetLastError = true)]
    internal static partial int setsid();

    /// <summary>argv is a NULL-terminated array of NUL-terminated strings; uses the process's environ.</summary>
    [LibraryImport(Libraries.Libc, SetLastError = true)]
    internal static unsafe partial int execv(byte* path, byte** argv);

    [LibraryImport(Libraries.Libc, SetLastError = true)]
    internal static unsafe partial int execve(byte* path, byte** argv, byte** envp);

    /// <summary>The C library's environment (what exec inherits), not .NET's managed copy.</summary>
    [LibraryImport(Libraries.Libc, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial IntPtr getenv(string name);
}
