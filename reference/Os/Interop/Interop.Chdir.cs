using System.Runtime.InteropServices;

namespace OsConformance.Reference;

internal static partial class Interop
{
    [LibraryImport(Libraries.Libc, StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    internal static partial int chdir(string path);
}
