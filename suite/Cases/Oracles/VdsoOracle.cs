using System.Text;

namespace OsConformance.Suite.Oracles;

/// <summary>
/// Whether this platform's libc answers getrandom(3) from the vDSO, without a getrandom(2) syscall:
/// glibc 2.41 and later do when the kernel's vDSO exports getrandom (Linux 6.11 and
/// later on x86_64). Then strace cannot see the bytes getrandom gave.
/// </summary>
public static class VdsoOracle
{
    private static readonly Lazy<bool> getrandom = new(() => GlibcAtLeast(2, 41) && VdsoExports(Prefix + "getrandom"));

    /// <summary>How the vDSO names its calls: <c>__vdso_</c> on x86_64, <c>__kernel_</c> on arm64.</summary>
    internal static string Prefix => System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture == System.Runtime.InteropServices.Architecture.Arm64 ? "__kernel_" : "__vdso_";

    public static bool GetrandomBypassesTheSyscall => getrandom.Value;

    internal static bool GlibcAtLeast(int major, int minor)
    {
        if (!OperatingSystem.IsLinux()) return false;
        Interop.EnsureResolver();
        string? text;
        try { text = System.Runtime.InteropServices.Marshal.PtrToStringUTF8(Interop.gnu_get_libc_version()); }
        catch (EntryPointNotFoundException) { return false; } // not glibc
        return Version.TryParse(text, out var v) && v >= new Version(major, minor);
    }

    /// <summary>The symbol's name in this process's vDSO image, read from /proc/self/mem at the [vdso] mapping.</summary>
    internal static bool VdsoExports(string symbol)
    {
        string? line = File.ReadLines("/proc/self/maps").FirstOrDefault(l => l.EndsWith("[vdso]", StringComparison.Ordinal));
        if (line is null) return false;
        var range = line[..line.IndexOf(' ')].Split('-');
        long start = Convert.ToInt64(range[0], 16), end = Convert.ToInt64(range[1], 16);
        var image = new byte[end - start];
        using (var mem = new FileStream("/proc/self/mem", FileMode.Open, FileAccess.Read))
        {
            mem.Seek(start, SeekOrigin.Begin);
            mem.ReadExactly(image);
        }
        return image.AsSpan().IndexOf(Encoding.ASCII.GetBytes(symbol + "\0")) >= 0;
    }
}
