using System.Runtime.InteropServices;

namespace OsConformance.Suite.Oracles;

internal static partial class Interop
{
    /// <summary>glibc's own version string ("2.41"); absent in other C libraries.</summary>
    [LibraryImport(Libc)]
    internal static partial IntPtr gnu_get_libc_version();
}
