using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace OsConformance.Reference;

internal static partial class Interop
{
    internal static class Libraries
    {
        // A logical name, mapped by Resolve below: "libc" alone is not loadable on glibc
        // (libc.so is a linker script there), so never let the default probing pick it.
        internal const string Libc = "libc";
    }

#pragma warning disable CA2255 // the resolver must be in place before any P/Invoke of this assembly
    [ModuleInitializer]
    internal static void RegisterLibcResolver() =>
        NativeLibrary.SetDllImportResolver(typeof(Interop).Assembly, Resolve);
#pragma warning restore CA2255

    private static IntPtr s_libc;

    /// <summary>The handle of the C library this assembly binds to (for tests).</summary>
    internal static IntPtr LibcHandle => s_libc != IntPtr.Zero ? s_libc : (s_libc = LoadLibc());

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? path) =>
        name == Libraries.Libc ? LibcHandle : IntPtr.Zero;

    private static IntPtr LoadLibc()
    {
        foreach (string candidate in LibcCandidates())
        {
            if (NativeLibrary.TryLoad(candidate, out IntPtr handle))
                return handle;
        }
        throw new DllNotFoundException("no C library found among: " + string.Join(", ", LibcCandidates()));
    }

    internal static string[] LibcCandidates()
    {
        if (OperatingSystem.IsMacOS())
            return ["/usr/lib/libSystem.B.dylib", "libSystem.dylib"];
        // glibc's soname; musl's loader also answers to it. The others cover musl without that alias.
        return ["libc.so.6", "libc.musl-" + MuslArch() + ".so.1", "libc.so"];
    }

    private static string MuslArch() => RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 => "x86_64",
        Architecture.Arm64 => "aarch64",
        Architecture.Arm => "armhf",
        Architecture.X86 => "x86",
        _ => RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant(),
    };
}
