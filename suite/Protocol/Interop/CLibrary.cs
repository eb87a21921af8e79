using System.Runtime.InteropServices;

namespace OsConformance.Protocol.Interop;

/// <summary>
/// Which file is the platform's C library, for every assembly of the suite that calls it directly
/// (the protocol client, the oracles, the timing). Each still installs its own resolver.
/// </summary>
public static class CLibrary
{
    /// <summary>
    /// Tried in order. glibc's "libc.so" is a linker script that dlopen refuses, so the real names come
    /// first: glibc's libc.so.6, musl's libc.musl-ARCH.so.1; macOS: libSystem (not yet run here).
    /// </summary>
    public static IReadOnlyList<string> Candidates { get; } = OperatingSystem.IsMacOS()
        ? ["/usr/lib/libSystem.dylib", "/usr/lib/libSystem.B.dylib"]
        : ["libc.so.6", $"libc.musl-{Arch}.so.1", "libc.so"];

    private static string Arch => RuntimeInformation.OSArchitecture switch
    {
        Architecture.X64 => "x86_64",
        Architecture.Arm64 => "aarch64",
        var other => other.ToString().ToLowerInvariant(),
    };

    private static readonly Lazy<IntPtr> handle = new(() =>
    {
        foreach (var candidate in Candidates)
            if (NativeLibrary.TryLoad(candidate, out var h))
                return h;
        throw new DllNotFoundException($"cannot load the C library (tried {string.Join(", ", Candidates)})");
    });

    /// <summary>The loaded C library; DllNotFoundException naming every candidate when none loads.</summary>
    public static IntPtr Load() => handle.Value;
}
