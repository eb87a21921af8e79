using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Mono.Unix.Native;

namespace OsConformance.Suite.Oracles;

/// <summary>
/// Mono.Unix's native library (libMono.Unix), behind the oracles that call Mono.Unix.Native
/// (stat, wait macros, signals, errno and open-flag conversions). The run checks it loads before
/// the first case, so a missing or foreign-architecture library is one message, not hundreds of
/// broken cases.
/// </summary>
public static class MonoUnixLibrary
{
    /// <summary>The library name Mono.Unix's P/Invokes use.</summary>
    public const string ImportName = "Mono.Unix";

    /// <summary>Load the library from this path instead of the package's (a build for another RID).</summary>
    public const string PathVariable = "OSC_MONO_UNIX_LIBRARY";

    /// <summary>The RIDs whose native library the Mono.Unix package ships and the suite supports.</summary>
    public static readonly IReadOnlyList<string> ShippedRids = ["linux-x64", "linux-arm64", "linux-arm", "osx-x64", "osx-arm64"];

    public static string FileName => OperatingSystem.IsMacOS() ? "libMono.Unix.dylib" : "libMono.Unix.so";

    /// <summary>The portable RID NuGet resolves runtimes/RID/native from (musl falls back to linux-*).</summary>
    public static string PortableRid =>
        (OperatingSystem.IsMacOS() ? "osx" : "linux") + "-" + RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant();

#pragma warning disable CA2255 // before any Mono.Unix P/Invoke, which the cases and oracles of this assembly make
    [ModuleInitializer]
    internal static void RegisterOverride()
    {
        string? path = Environment.GetEnvironmentVariable(PathVariable);
        if (string.IsNullOrEmpty(path))
            return;
        // NativeLibrary.Load throws when the file cannot load: no silent fallback to the package's copy.
        NativeLibrary.SetDllImportResolver(typeof(Syscall).Assembly, (name, _, _) =>
            name == ImportName ? NativeLibrary.Load(path) : IntPtr.Zero);
    }
#pragma warning restore CA2255

    /// <summary>Throws DllNotFoundException naming the library, the RID and the fix when it cannot load.</summary>
    public static void EnsureLoadable()
    {
        try
        {
            // A native conversion: answered by libMono.Unix, not by libc.
            NativeConvert.FromErrno(Errno.ENOENT);
        }
        catch (Exception e) when (Unloadable(e) is { } cause)
        {
            string? custom = Environment.GetEnvironmentVariable(PathVariable);
            string where = string.IsNullOrEmpty(custom)
                ? $"runtimes/{PortableRid}/native/{FileName} of the Mono.Unix package"
                : $"{custom} ({PathVariable})";
            string fix = ShippedRids.Contains(PortableRid)
                ? $"rebuild so the package's copy is in the build output (./os-conformance build){(string.IsNullOrEmpty(custom) ? "" : $", or unset {PathVariable}")}"
                : $"Mono.Unix ships {string.Join(", ", ShippedRids)} only: build libMono.Unix for {RuntimeInformation.RuntimeIdentifier} and set {PathVariable} to it";
            throw new DllNotFoundException(
                $"the oracles' native library {FileName} cannot load on {RuntimeInformation.RuntimeIdentifier} " +
                $"(looked for {where}): {OneLine(cause.Message)}. Fix: {fix}.", e);
        }
    }

    // The loader's message lists one line per place it tried.
    private static string OneLine(string text) =>
        string.Join("; ", text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).TrimEnd('.', ';');

    private static Exception? Unloadable(Exception e) => e switch
    {
        DllNotFoundException or EntryPointNotFoundException or BadImageFormatException => e,
        TypeInitializationException { InnerException: { } inner } => Unloadable(inner),
        _ => null,
    };
}
