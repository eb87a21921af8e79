using System.Runtime.InteropServices;

namespace OsConformance.Protocol.Interop;

// prctl(2), Linux only: PR_SET_CHILD_SUBREAPER makes orphaned descendants the runner's children.
internal static partial class Libc
{
    public const int PR_SET_CHILD_SUBREAPER = 36;

    [LibraryImport(Name, SetLastError = true)]
    public static partial int prctl(int option, nuint arg2, nuint arg3, nuint arg4, nuint arg5);

    [LibraryImport(Name, SetLastError = true)]
    public static partial int getpgrp();
}
