using System.Runtime.InteropServices;

namespace OsConformance.Suite.Oracles;

internal static partial class Interop
{
    // macOS xnu bsd/sys/proc_info.h and libsyscall/wrappers/libproc/libproc.h; one layout on arm64
    // and x64, pinned to the header lines by suite/Tests/Oracles/MacHeaderLayoutTests.cs.
    internal const int PROC_PIDLISTFDS = 1;
    internal const int PROC_PIDFDVNODEPATHINFO = 2;
    internal const int PROC_PIDFDPIPEINFO = 6;
    internal const uint PROC_FP_CLEXEC = 2;
    private const int MAXPATHLEN = 1024;

    [StructLayout(LayoutKind.Sequential)]
    internal struct ProcFdInfo
    {
        public int proc_fd;
        public uint proc_fdtype;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal struct ProcFileInfo
    {
        public uint fi_openflags;
        public uint fi_status;
        public long fi_offset;
        public int fi_type;
        public uint fi_guardflags;
    }

    // struct vnode_fdinfowithpath: proc_fileinfo, then vnode_info_path (vnode_info 152 bytes + path).
    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct VnodeFdInfoWithPath
    {
        public ProcFileInfo pfi;
        public fixed byte vip_vi[152];
        public fixed byte vip_path[MAXPATHLEN];

        public string Path
        {
            get { fixed (byte* p = vip_path) return Marshal.PtrToStringUTF8((IntPtr)p) ?? ""; }
        }
    }

    // struct pipe_fdinfo: proc_fileinfo then pipe_info (160 bytes); only the common part is read.
    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct PipeFdInfo
    {
        public ProcFileInfo pfi;
        public fixed byte pipeinfo[160];
    }

    [LibraryImport(Libc, SetLastError = true)]
    internal static partial int proc_pidinfo(int pid, int flavor, ulong arg, [Out] ProcFdInfo[] buffer, int buffersize);

    [LibraryImport(Libc, SetLastError = true)]
    internal static partial int proc_pidfdinfo(int pid, int fd, int flavor, out VnodeFdInfoWithPath buffer, int buffersize);

    [LibraryImport(Libc, EntryPoint = "proc_pidfdinfo", SetLastError = true)]
    internal static partial int proc_pidfdinfo_pipe(int pid, int fd, int flavor, out PipeFdInfo buffer, int buffersize);
}
