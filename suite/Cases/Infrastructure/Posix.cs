using System.Runtime.InteropServices;

namespace OsConformance.Suite.Infrastructure;

/// <summary>The runner's own ids, straight from libc.</summary>
public static partial class Posix
{
    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEuid();

    [LibraryImport("libc", EntryPoint = "getuid")]
    private static partial uint GetUid();

    public static int EffectiveUid => (int)GetEuid();
    public static int RealUid => (int)GetUid();
    public static bool IsRoot => GetEuid() == 0;
}
