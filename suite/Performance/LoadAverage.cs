using System.Globalization;
using System.Runtime.InteropServices;

namespace OsConformance.Performance;

/// <summary>The machine's 1, 5 and 15 minute load average: figures taken under load include waiting for a CPU.</summary>
public static class LoadAverage
{
    /// <summary>Three numbers, or null where the platform does not tell.</summary>
    public static IReadOnlyList<double>? Read()
    {
        try
        {
            if (File.Exists("/proc/loadavg"))
                return File.ReadAllText("/proc/loadavg").Split(' ').Take(3).Select(x => double.Parse(x, CultureInfo.InvariantCulture)).ToList();
            if (OperatingSystem.IsMacOS())
                return FromLibSystem();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or DllNotFoundException or EntryPointNotFoundException) { }
        return null;
    }

    // macOS has no /proc; getloadavg(3) is in libSystem (not yet run on a Mac here).
    private static unsafe List<double>? FromLibSystem()
    {
        var lib = Protocol.Interop.CLibrary.Load();
        var getloadavg = (delegate* unmanaged<double*, int, int>)NativeLibrary.GetExport(lib, "getloadavg");
        double* load = stackalloc double[3];
        return getloadavg(load, 3) == 3 ? [load[0], load[1], load[2]] : null;
    }
}
