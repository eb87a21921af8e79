using System.Runtime.InteropServices;

namespace OsConformance.Suite.Oracles;

/// <summary>
/// A pseudo-terminal the runner creates, so tty cases need no real terminal: the harness opens the
/// slave by its path, and the path is the oracle for ttyname.
/// </summary>
public sealed class PtyOracle : IDisposable
{
    private static readonly object gate = new(); // ptsname is not reentrant
    private int master;

    private PtyOracle(int master, string slavePath)
    {
        this.master = master;
        SlavePath = slavePath;
    }

    public string SlavePath { get; }

    public static PtyOracle Open()
    {
        Interop.EnsureResolver();
        // O_RDWR | O_NOCTTY: O_NOCTTY is 0400 on Linux and 0x20000 on macOS.
        int flags = 2 | (OperatingSystem.IsMacOS() ? 0x20000 : 0x100);
        int fd = Interop.posix_openpt(flags);
        if (fd < 0)
            throw Interop.Failure("posix_openpt");
        try
        {
            if (Interop.grantpt(fd) != 0)
                throw Interop.Failure("grantpt");
            if (Interop.unlockpt(fd) != 0)
                throw Interop.Failure("unlockpt");
            string path;
            lock (gate)
            {
                IntPtr p = Interop.ptsname(fd);
                if (p == IntPtr.Zero)
                    throw Interop.Failure("ptsname");
                path = Marshal.PtrToStringUTF8(p)!;
            }
            return new PtyOracle(fd, path);
        }
        catch
        {
            Interop.close(fd);
            throw;
        }
    }

    public void Dispose()
    {
        if (master >= 0)
            Interop.close(master);
        master = -1;
    }
}
