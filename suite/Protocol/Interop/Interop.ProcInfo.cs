using System.Runtime.InteropServices;

namespace OsConformance.Protocol.Interop;

// proc_pidinfo(2), macOS only: a process's parent and process group, for checking a pid a harness
// reports (ProcessTree). xnu bsd/sys/proc_info.h at tag xnu-11417.101.15: struct proc_bsdinfo
// 59-82 (MAXCOMLEN 16, bsd/sys/param.h:95), PROC_PIDTBSDINFO 724. Not yet run on a Mac.
internal static partial class Libc
{
    public const int PROC_PIDTBSDINFO = 3;

    [StructLayout(LayoutKind.Sequential)]
    public unsafe struct ProcBsdInfo
    {
        public uint pbi_flags;
        public uint pbi_status;
        public uint pbi_xstatus;
        public uint pbi_pid;
        public uint pbi_ppid;
        public uint pbi_uid, pbi_gid, pbi_ruid, pbi_rgid, pbi_svuid, pbi_svgid;
        public uint rfu_1;
        public fixed byte pbi_comm[16];
        public fixed byte pbi_name[32];
        public uint pbi_nfiles;
        public uint pbi_pgid;
        public uint pbi_pjobc;
        public uint e_tdev;
        public uint e_tpgid;
        public int pbi_nice;
        public ulong pbi_start_tvsec;
        public ulong pbi_start_tvusec;
    }

    /// <summary>Returns the bytes filled (sizeof(struct proc_bsdinfo) on success), 0 or -1 on failure.</summary>
    [LibraryImport(Name, SetLastError = true)]
    public static partial int proc_pidinfo(int pid, int flavor, ulong arg, out ProcBsdInfo buffer, int buffersize);
}
