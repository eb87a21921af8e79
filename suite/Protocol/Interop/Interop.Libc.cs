using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace OsConformance.Protocol.Interop;

// Every P/Invoke of this assembly names "libc"; the resolver maps it to the platform's C library.
internal static partial class Libc
{
    public const string Name = "libc";

    public static readonly bool IsMacOS = OperatingSystem.IsMacOS();

#pragma warning disable CA2255 // the resolver must be in place before any P/Invoke of this library
    [ModuleInitializer]
    internal static void RegisterResolver() =>
        NativeLibrary.SetDllImportResolver(typeof(Libc).Assembly, Resolve);
#pragma warning restore CA2255

    static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? path) =>
        name == Name ? CLibrary.Load() : IntPtr.Zero;

    // Constants that differ between Linux (glibc and musl agree) and macOS (from its headers).
    public static int EINTR => 4;
    public static int EAGAIN => IsMacOS ? 35 : 11;
    public static int ECHILD => 10;
    public static int ESRCH => 3;
    public static int EPIPE => 32;
    public static int SIGINT => 2;
    public static int SIGKILL => 9;
    public static int SIGSTOP => IsMacOS ? 17 : 19;

    /// <summary>"ENOENT (No such file or directory)" style text for an errno value.</summary>
    public static string Describe(int errno) => $"errno {errno} ({Marshal.GetPInvokeErrorMessage(errno)})";
}
