using System.Runtime.InteropServices;

namespace OsConformance.Bench;

internal static partial class Interop
{
    /// <summary>Linux (glibc 2.25+).</summary>
    [LibraryImport(Libc, SetLastError = true)]
    internal static unsafe partial nint getrandom(byte* buf, nuint buflen, uint flags);

    /// <summary>macOS, where the reference's os.urandom uses it.</summary>
    [LibraryImport(Libc)]
    internal static unsafe partial void arc4random_buf(byte* buf, nuint nbytes);
}
