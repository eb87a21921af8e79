using System.Reflection;
using System.Runtime.InteropServices;

namespace OsConformance.Suite.Oracles;

// The oracles' own interop: the suite never calls the reference implementation's code.
internal static partial class Interop
{
    internal const string Libc = "osc-libc";

    static Interop()
    {
        NativeLibrary.SetDllImportResolver(typeof(Interop).Assembly, (name, _, _) =>
            name != Libc ? IntPtr.Zero : Protocol.Interop.CLibrary.Load());
    }

    /// <summary>Touching any member runs the static constructor, which installs the resolver.</summary>
    internal static void EnsureResolver() { }

    internal static Exception Failure(string call, string? arg = null)
    {
        int errno = Marshal.GetLastPInvokeError();
        return new IOException($"oracle {call}({arg}) failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})");
    }
}
