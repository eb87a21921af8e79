using System.Globalization;
using System.Runtime.InteropServices;

namespace OsConformance.Suite.Oracles;

/// <summary>One open fd of a process, as the kernel reports it. Flags: the kernel's whole flags word
/// (Linux f_flags, macOS fg_flag), for <see cref="FdFlagNames"/>. Offset: the file position.</summary>
public sealed record KernelFd(int Fd, bool CloseOnExec, bool NonBlocking, int AccessMode, bool Append, string Target, int Flags = 0, long Offset = 0);

/// <summary>
/// The fd oracle: which fds a process has and their flags, read from the kernel, never from the
/// implementation. Linux: /proc/PID/fdinfo/FD "flags:" (octal; 02000000 is O_CLOEXEC) and the
/// /proc/PID/fd/FD link. macOS: proc_pidinfo(PROC_PIDLISTFDS) and proc_pidfdinfo, whose
/// fi_status has PROC_FP_CLEXEC (from libproc.h and sys/proc_info.h, checked against them but not yet
/// run on a Mac).
/// </summary>
public static class FdOracle
{
    public const int AccessReadOnly = 0, AccessWriteOnly = 1, AccessReadWrite = 2;

    // Linux <asm-generic/fcntl.h>, the same on x86_64 and arm64.
    private const int LinuxCloexec = 0x80000, LinuxNonBlock = 0x800, LinuxAppend = 0x400;
    // macOS xnu bsd/sys/fcntl.h:115-116 (fi_openflags is the kernel's fg_flag: FREAD|FWRITE|O_*).
    internal const int MacNonBlock = 0x4, MacAppend = 0x8;

    public static IReadOnlyDictionary<int, KernelFd> List(int pid) =>
        OperatingSystem.IsMacOS() ? MacList(pid) : LinuxList(pid);

    public static KernelFd? Get(int pid, int fd) => List(pid).GetValueOrDefault(fd);

    private static Dictionary<int, KernelFd> LinuxList(int pid)
    {
        var result = new Dictionary<int, KernelFd>();
        foreach (var entry in Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd"))
        {
            if (!int.TryParse(Path.GetFileName(entry), out int fd))
                continue;
            try
            {
                string target = new FileInfo(entry).LinkTarget ?? "";
                int flags = 0;
                long pos = 0;
                foreach (var line in File.ReadLines($"/proc/{pid}/fdinfo/{fd}"))
                    if (line.StartsWith("flags:", StringComparison.Ordinal))
                        flags = Convert.ToInt32(line["flags:".Length..].Trim(), 8);
                    else if (line.StartsWith("pos:", StringComparison.Ordinal))
                        pos = long.Parse(line["pos:".Length..].Trim(), CultureInfo.InvariantCulture);
                result[fd] = new KernelFd(fd, (flags & LinuxCloexec) != 0, (flags & LinuxNonBlock) != 0,
                    flags & 3, (flags & LinuxAppend) != 0, target, flags, pos);
            }
            catch (IOException)
            {
                // The fd closed between listing and reading: it is not open.
            }
        }
        return result;
    }

    private static Dictionary<int, KernelFd> MacList(int pid)
    {
        var result = new Dictionary<int, KernelFd>();
        Interop.EnsureResolver();
        var fds = new Interop.ProcFdInfo[1024];
        int bytes = Interop.proc_pidinfo(pid, Interop.PROC_PIDLISTFDS, 0, fds, fds.Length * Marshal.SizeOf<Interop.ProcFdInfo>());
        if (bytes <= 0)
            throw Interop.Failure("proc_pidinfo", pid.ToString(CultureInfo.InvariantCulture));
        int count = bytes / Marshal.SizeOf<Interop.ProcFdInfo>();
        for (int i = 0; i < count; i++)
        {
            int fd = fds[i].proc_fd;
            if (Interop.proc_pidfdinfo(pid, fd, Interop.PROC_PIDFDVNODEPATHINFO, out var info, Marshal.SizeOf<Interop.VnodeFdInfoWithPath>()) <= 0)
            {
                // Not a vnode (a pipe or socket): ask only for the common part.
                if (Interop.proc_pidfdinfo_pipe(pid, fd, Interop.PROC_PIDFDPIPEINFO, out var pipe, Marshal.SizeOf<Interop.PipeFdInfo>()) <= 0)
                    continue;
                info.pfi = pipe.pfi;
            }
            int openflags = (int)info.pfi.fi_openflags;
            // fi_openflags holds FREAD(1)|FWRITE(2), i.e. O_ACCMODE + 1.
            result[fd] = new KernelFd(fd, (info.pfi.fi_status & Interop.PROC_FP_CLEXEC) != 0, (openflags & MacNonBlock) != 0,
                (openflags & 3) - 1, (openflags & MacAppend) != 0, info.Path, openflags, info.pfi.fi_offset);
        }
        return result;
    }
}
