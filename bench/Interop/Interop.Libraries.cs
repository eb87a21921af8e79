using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace OsConformance.Bench;

/// <summary>
/// The benchmarks' own P/Invokes: the baselines. Each family's file declares the exact C names
/// with LibraryImport, bound to the logical library name "libc" that the resolver below maps to
/// "libc.so.6" on glibc Linux and "/usr/lib/libSystem.dylib" on macOS.
/// </summary>
internal static partial class Interop
{
    internal const string Libc = "libc";

#pragma warning disable CA2255 // the resolver must be in place before any P/Invoke of this assembly
    [ModuleInitializer]
    internal static void RegisterLibcResolver() =>
        NativeLibrary.SetDllImportResolver(typeof(Interop).Assembly, Resolve);
#pragma warning restore CA2255

    private static IntPtr s_libc;

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? path)
    {
        if (name != Libc) return IntPtr.Zero;
        if (s_libc == IntPtr.Zero)
            s_libc = NativeLibrary.Load(OperatingSystem.IsMacOS() ? "/usr/lib/libSystem.dylib" : "libc.so.6");
        return s_libc;
    }

    /// <summary>Apple arm64 passes variadic arguments on the stack: open's mode and fcntl's arg.</summary>
    internal static readonly bool VarargsOnStack =
        OperatingSystem.IsMacOS() && RuntimeInformation.ProcessArchitecture == Architecture.Arm64;

    internal static readonly bool IsLinux = OperatingSystem.IsLinux();

    internal static int Errno => Marshal.GetLastPInvokeError();

    /// <summary>Throws when a baseline call failed, so a broken baseline never looks fast.</summary>
    internal static int Check(int r, string call) =>
        r >= 0 ? r : throw new InvalidOperationException($"{call} failed: errno {Marshal.GetLastPInvokeError()}");

    internal static nint Check(nint r, string call) =>
        r >= 0 ? r : throw new InvalidOperationException($"{call} failed: errno {Marshal.GetLastPInvokeError()}");
}
