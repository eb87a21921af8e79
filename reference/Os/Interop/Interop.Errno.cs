namespace OsConformance.Reference;

internal static partial class Interop
{
    internal static partial class Errno
    {
        // Contract stub: per-platform name tables from the headers (Linux asm-generic/errno*.h, macOS sys/errno.h).
        internal static string Name(int errno) => throw new NotImplementedException();
        internal static string StrError(int errno) => throw new NotImplementedException();
    }
}
