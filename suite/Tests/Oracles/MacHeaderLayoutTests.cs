using System.Runtime.InteropServices;
using NUnit.Framework;
using OsConformance.Suite.Oracles;
using I = OsConformance.Suite.Oracles.Interop;
using Libc = OsConformance.Protocol.Interop.Libc;

namespace OsConformance.Suite.Tests.Oracles;

/// <summary>
/// The macOS structs and constants of the oracles, checked on any machine against Apple's sources
/// (apple-oss-distributions/xnu at tag xnu-11417.101.15). The offsets are the headers' member order
/// and types under LP64; clang over these headers gives the same numbers for arm64-apple-macos14
/// and x86_64-apple-macos14.
/// </summary>
[TestFixture]
public class MacHeaderLayoutTests
{
    private const string ProcInfo = "xnu bsd/sys/proc_info.h";

    private static TestCaseData F<T>(string field, int offset, string source) where T : struct =>
        new TestCaseData((int)Marshal.OffsetOf<T>(field), offset, source).SetName($"{typeof(T).Name}.{field} at {offset} ({source})");

    private static TestCaseData Size<T>(int size, string source) where T : struct =>
        new TestCaseData(Marshal.SizeOf<T>(), size, source).SetName($"sizeof {typeof(T).Name} = {size} ({source})");

    private static IEnumerable<TestCaseData> Layouts()
    {
        // struct stat, 64-bit inode: bsd/sys/stat.h __DARWIN_STRUCT_STAT64 166-182, times 136-140.
        const string Stat = "xnu bsd/sys/stat.h";
        yield return F<I.MacStat>("st_dev", 0, Stat + ":167");
        yield return F<I.MacStat>("st_mode", 4, Stat + ":168");
        yield return F<I.MacStat>("st_nlink", 6, Stat + ":169");
        yield return F<I.MacStat>("st_ino", 8, Stat + ":170");
        yield return F<I.MacStat>("st_uid", 16, Stat + ":171");
        yield return F<I.MacStat>("st_gid", 20, Stat + ":172");
        yield return F<I.MacStat>("st_rdev", 24, Stat + ":173");
        yield return F<I.MacStat>("st_atimespec", 32, Stat + ":137");
        yield return F<I.MacStat>("st_mtimespec", 48, Stat + ":138");
        yield return F<I.MacStat>("st_ctimespec", 64, Stat + ":139");
        yield return F<I.MacStat>("st_birthtimespec", 80, Stat + ":140");
        yield return F<I.MacStat>("st_size", 96, Stat + ":175");
        yield return F<I.MacStat>("st_blocks", 104, Stat + ":176");
        yield return F<I.MacStat>("st_blksize", 112, Stat + ":177");
        yield return F<I.MacStat>("st_flags", 116, Stat + ":178");
        yield return F<I.MacStat>("st_gen", 120, Stat + ":179");
        yield return F<I.MacStat>("st_lspare", 124, Stat + ":180");
        yield return F<I.MacStat>("st_qspare", 128, Stat + ":181");
        yield return Size<I.MacStat>(144, Stat + ":166-182");
        yield return F<I.MacTimespec>("tv_nsec", 8, "xnu bsd/sys/_types/_timespec.h:36");
        yield return Size<I.MacTimespec>(16, "xnu bsd/sys/_types/_timespec.h:35-36");

        // proc_pidinfo(PROC_PIDLISTFDS) fills struct proc_fdinfo.
        yield return F<I.ProcFdInfo>("proc_fd", 0, ProcInfo + ":674");
        yield return F<I.ProcFdInfo>("proc_fdtype", 4, ProcInfo + ":675");
        yield return Size<I.ProcFdInfo>(8, ProcInfo + ":673-676");

        // struct proc_fileinfo heads every proc_pidfdinfo answer.
        yield return F<I.ProcFileInfo>("fi_openflags", 0, ProcInfo + ":252");
        yield return F<I.ProcFileInfo>("fi_status", 4, ProcInfo + ":253");
        yield return F<I.ProcFileInfo>("fi_offset", 8, ProcInfo + ":254");
        yield return F<I.ProcFileInfo>("fi_type", 16, ProcInfo + ":255");
        yield return F<I.ProcFileInfo>("fi_guardflags", 20, ProcInfo + ":256");
        yield return Size<I.ProcFileInfo>(24, ProcInfo + ":251-257");

        // PROC_PIDFDVNODEPATHINFO: struct vnode_fdinfowithpath {pfi; pvip} (329-332), vnode_info_path
        // {vnode_info vip_vi (152 bytes: vinfo_stat 136, vi_type, vi_pad, fsid_t); vip_path[MAXPATHLEN]}.
        yield return F<I.VnodeFdInfoWithPath>("pfi", 0, ProcInfo + ":330");
        yield return F<I.VnodeFdInfoWithPath>("vip_vi", 24, ProcInfo + ":331");
        yield return F<I.VnodeFdInfoWithPath>("vip_path", 24 + 152, ProcInfo + ":321");
        yield return Size<I.VnodeFdInfoWithPath>(1200, ProcInfo + ":329-332 (PROC_PIDFDVNODEPATHINFO_SIZE)");

        // PROC_PIDFDPIPEINFO: struct pipe_fdinfo {pfi; pipe_info (vinfo_stat 136, two u64, two int)}.
        yield return F<I.PipeFdInfo>("pipeinfo", 24, ProcInfo + ":608");
        yield return Size<I.PipeFdInfo>(184, ProcInfo + ":606-609 (PROC_PIDFDPIPEINFO_SIZE)");

        // PROC_PIDTBSDINFO fills struct proc_bsdinfo (59-82; MAXCOMLEN 16): the protocol client's
        // ProcessTree reads the parent and process group of a pid a harness reports.
        yield return F<Libc.ProcBsdInfo>("pbi_pid", 12, ProcInfo + ":63");
        yield return F<Libc.ProcBsdInfo>("pbi_ppid", 16, ProcInfo + ":64");
        yield return F<Libc.ProcBsdInfo>("pbi_pgid", 100, ProcInfo + ":75");
        yield return F<Libc.ProcBsdInfo>("pbi_start_tvusec", 128, ProcInfo + ":81");
        yield return Size<Libc.ProcBsdInfo>(136, ProcInfo + ":59-82 (PROC_PIDTBSDINFO_SIZE)");
    }

    [TestCaseSource(nameof(Layouts))]
    public void Layout_IsTheHeaders(int ours, int header, string source) => Assert.That(ours, Is.EqualTo(header), source);

    private static IEnumerable<TestCaseData> Constants()
    {
        TestCaseData C(string name, long ours, long header, string source) =>
            new TestCaseData(ours, header, source).SetName($"{name} = {header} ({source})");

        yield return C("PROC_PIDLISTFDS", I.PROC_PIDLISTFDS, 1, ProcInfo + ":718");
        yield return C("PROC_PIDFDVNODEPATHINFO", I.PROC_PIDFDVNODEPATHINFO, 2, ProcInfo + ":775");
        yield return C("PROC_PIDFDPIPEINFO", I.PROC_PIDFDPIPEINFO, 6, ProcInfo + ":787");
        yield return C("PROC_FP_CLEXEC", I.PROC_FP_CLEXEC, 2, ProcInfo + ":261");
        yield return C("PROC_PIDTBSDINFO", Libc.PROC_PIDTBSDINFO, 3, ProcInfo + ":724");
        yield return C("O_NONBLOCK (fi_openflags)", FdOracle.MacNonBlock, 0x4, "xnu bsd/sys/fcntl.h:115");
        yield return C("O_APPEND (fi_openflags)", FdOracle.MacAppend, 0x8, "xnu bsd/sys/fcntl.h:116");
    }

    [TestCaseSource(nameof(Constants))]
    public void Constant_IsTheHeadersValue(long ours, long header, string source) => Assert.That(ours, Is.EqualTo(header), source);
}
