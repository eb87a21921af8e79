using System.Runtime.InteropServices;

namespace OsConformance.Protocol.Interop;

// posix_spawn(3) and its attribute and file-action helpers. They return an error number
// instead of setting errno. The opaque types are allocated generously (glibc/musl x64 use 336
// and 80 bytes; macOS a pointer) so one layout fits every platform.
internal static unsafe partial class Libc
{
    public const int SpawnAttrSize = 1024;
    public const int FileActionsSize = 1024;

    public static int POSIX_SPAWN_SETPGROUP => 0x02;
    public static int POSIX_SPAWN_SETSIGDEF => 0x04;
    public static int POSIX_SPAWN_SETSIGMASK => 0x08;
    // macOS only: every fd not named by a file action is closed in the child (not yet run here).
    public static int POSIX_SPAWN_CLOEXEC_DEFAULT => 0x4000;

    [LibraryImport(Name, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int posix_spawn(out int pid, string path, void* fileActions, void* attr, byte** argv, byte** envp);

    [LibraryImport(Name)]
    public static partial int posix_spawnattr_init(void* attr);

    [LibraryImport(Name)]
    public static partial int posix_spawnattr_destroy(void* attr);

    [LibraryImport(Name)]
    public static partial int posix_spawnattr_setflags(void* attr, short flags);

    [LibraryImport(Name)]
    public static partial int posix_spawnattr_setpgroup(void* attr, int pgroup);

    [LibraryImport(Name)]
    public static partial int posix_spawnattr_setsigdefault(void* attr, void* sigdefault);

    [LibraryImport(Name)]
    public static partial int posix_spawnattr_setsigmask(void* attr, void* sigmask);

    [LibraryImport(Name)]
    public static partial int posix_spawn_file_actions_init(void* actions);

    [LibraryImport(Name)]
    public static partial int posix_spawn_file_actions_destroy(void* actions);

    [LibraryImport(Name)]
    public static partial int posix_spawn_file_actions_adddup2(void* actions, int fd, int newfd);

    [LibraryImport(Name, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int posix_spawn_file_actions_addchdir_np(void* actions, string path);
}
