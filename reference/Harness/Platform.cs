using System.Runtime.InteropServices;

namespace OsConformance.Harness;

/// <summary>The start reply's platform block. Symbols are looked up in the process's global scope
/// (dlsym on the main program) so one binary works with glibc, musl and libSystem.</summary>
internal static unsafe class Platform
{
    public static string Os =>
        OperatingSystem.IsLinux() ? "linux"
        : OperatingSystem.IsMacOS() ? "macos"
        : OperatingSystem.IsFreeBSD() ? "freebsd"
        : RuntimeInformation.OSDescription.ToLowerInvariant();

    public static string Arch => RuntimeInformation.OSArchitecture switch
    {
        Architecture.X64 => "x64",
        Architecture.Arm64 => "arm64",
        Architecture.X86 => "x86",
        Architecture.Arm => "arm",
        var a => a.ToString().ToLowerInvariant(),
    };

    /// <summary>uname(2)'s release field. struct utsname: Linux has 6 fields of 65 bytes,
    /// macOS 5 of 256; release is the third either way.</summary>
    public static string Kernel
    {
        get
        {
            if (!NativeLibrary.TryGetExport(NativeLibrary.GetMainProgramHandle(), "uname", out nint sym))
                return "unknown";
            int fieldSize = OperatingSystem.IsLinux() ? 65 : 256;
            byte* buf = stackalloc byte[6 * 256]; // large enough for both layouts
            if (((delegate* unmanaged<byte*, int>)sym)(buf) != 0) return "unknown";
            return Marshal.PtrToStringUTF8((nint)(buf + 2 * fieldSize)) ?? "unknown";
        }
    }

    public static string Libc
    {
        get
        {
            if (OperatingSystem.IsMacOS()) return "libSystem";
            // Only glibc has gnu_get_libc_version; a Linux libc without it is taken to be musl.
            if (NativeLibrary.TryGetExport(NativeLibrary.GetMainProgramHandle(), "gnu_get_libc_version", out nint sym))
                return "glibc " + Marshal.PtrToStringUTF8(((delegate* unmanaged<nint>)sym)());
            return OperatingSystem.IsLinux() ? "musl" : "unknown";
        }
    }

    /// <summary>_exit(2) straight from libc: the last resort of a fork child when the library's
    /// _Exit fails, so a child can never fall back into the parent's protocol loop.</summary>
    public static void RawExit(int status)
    {
        if (NativeLibrary.TryGetExport(NativeLibrary.GetMainProgramHandle(), "_exit", out nint sym))
            ((delegate* unmanaged<int, void>)sym)(status);
        Environment.FailFast("osc-harness: cannot _exit a fork child");
    }
}
