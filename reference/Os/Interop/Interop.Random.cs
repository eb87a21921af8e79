using System.Runtime.InteropServices;

namespace OsConformance.Reference;

internal static partial class Interop
{
    /// <summary>Linux only (glibc 2.25+, musl 1.1.20+).</summary>
    [LibraryImport(Libraries.Libc, SetLastError = true)]
    internal static unsafe partial nint getrandom(byte* buf, nuint buflen, uint flags);

    /// <summary>macOS only; cannot fail.</summary>
    [LibraryImport(Libraries.Libc)]
    internal static unsafe partial void arc4random_buf(byte* buf, nuint nbytes);
}
