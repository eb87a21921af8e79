using NUnit.Framework;
using D = OsConformance.Reference.Interop.Platform.Darwin;

namespace OsConformance.Reference.Tests;

/// <summary>
/// Every macOS number the reference uses, checked on any machine against Apple's own sources:
/// apple-oss-distributions/xnu at tag xnu-11417.101.15 and Libc at Libc-1725.0.11. Each row names
/// the header and line its value is written on; docs/constants.md shows the same table.
/// </summary>
[TestFixture]
public class MacHeaderTests
{
    private const string Fcntl = "xnu bsd/sys/fcntl.h", Wait = "xnu bsd/sys/wait.h", Ifmt = "xnu bsd/sys/_types/_s_ifmt.h";

    private static IEnumerable<TestCaseData> Constants()
    {
        TestCaseData C(string name, int reference, int header, string source) =>
            new TestCaseData(reference, header, source).SetName($"{name} = {header} ({source})");

        yield return C("O_RDONLY", Interop.Platform.O_RDONLY, 0x0000, Fcntl + ":98");
        yield return C("O_WRONLY", Interop.Platform.O_WRONLY, 0x0001, Fcntl + ":99");
        yield return C("O_RDWR", Interop.Platform.O_RDWR, 0x0002, Fcntl + ":100");
        yield return C("O_NONBLOCK", D.O_NONBLOCK, 0x00000004, Fcntl + ":115");
        yield return C("O_APPEND", D.O_APPEND, 0x00000008, Fcntl + ":116");
        yield return C("O_CREAT", D.O_CREAT, 0x00000200, Fcntl + ":127");
        yield return C("O_TRUNC", D.O_TRUNC, 0x00000400, Fcntl + ":128");
        yield return C("O_EXCL", D.O_EXCL, 0x00000800, Fcntl + ":129");
        yield return C("O_CLOEXEC", D.O_CLOEXEC, 0x01000000, Fcntl + ":170");
        yield return C("O_SYNC", D.O_SYNC, 0x0080, "xnu bsd/sys/_types/_o_sync.h:29");
        yield return C("AT_FDCWD", D.AT_FDCWD, -2, Fcntl + ":202");
        yield return C("F_GETFD", Interop.Platform.F_GETFD, 1, Fcntl + ":279");
        yield return C("F_SETFD", Interop.Platform.F_SETFD, 2, Fcntl + ":280");
        yield return C("F_GETFL", Interop.Platform.F_GETFL, 3, Fcntl + ":281");
        yield return C("F_SETFL", Interop.Platform.F_SETFL, 4, Fcntl + ":282");
        yield return C("F_DUPFD_CLOEXEC", D.F_DUPFD_CLOEXEC, 67, Fcntl + ":446");
        yield return C("FD_CLOEXEC", Interop.Platform.FD_CLOEXEC, 1, Fcntl + ":450");
        yield return C("WNOHANG", Interop.Platform.WNOHANG, 0x00000001, Wait + ":121");
        yield return C("WUNTRACED", Interop.Platform.WUNTRACED, 0x00000002, Wait + ":122");
        yield return C("WCONTINUED", D.WCONTINUED, 0x00000010, Wait + ":173");
        yield return C("S_IFMT", Os.S_IFMT, 0x0F000 /* 0170000 */, Ifmt + ":35");
        yield return C("S_IFIFO", Os.S_IFIFO, 0x1000 /* 0010000 */, Ifmt + ":36");
        yield return C("S_IFCHR", Os.S_IFCHR, 0x2000 /* 0020000 */, Ifmt + ":37");
        yield return C("S_IFDIR", Os.S_IFDIR, 0x4000 /* 0040000 */, Ifmt + ":38");
        yield return C("S_IFBLK", Os.S_IFBLK, 0x6000 /* 0060000 */, Ifmt + ":39");
        yield return C("S_IFREG", Os.S_IFREG, 0x8000 /* 0100000 */, Ifmt + ":40");
        yield return C("S_IFLNK", Os.S_IFLNK, 0xA000 /* 0120000 */, Ifmt + ":41");
        yield return C("S_IFSOCK", Os.S_IFSOCK, 0xC000 /* 0140000 */, Ifmt + ":42");
        yield return C("S_IRWXU", Os.S_IRWXU, 0x1C0 /* 0700 */, Ifmt + ":49");
        yield return C("S_IRUSR", Os.S_IRUSR, 0x100 /* 0400 */, Ifmt + ":50");
        yield return C("S_IWUSR", Os.S_IWUSR, 0x80 /* 0200 */, Ifmt + ":51");
        yield return C("S_IXUSR", Os.S_IXUSR, 0x40 /* 0100 */, Ifmt + ":52");
        yield return C("S_IRWXG", Os.S_IRWXG, 0x38 /* 070 */, Ifmt + ":54");
        yield return C("S_IRGRP", Os.S_IRGRP, 0x20 /* 040 */, Ifmt + ":55");
        yield return C("S_IWGRP", Os.S_IWGRP, 0x10 /* 020 */, Ifmt + ":56");
        yield return C("S_IXGRP", Os.S_IXGRP, 0x8 /* 010 */, Ifmt + ":57");
        yield return C("S_IRWXO", Os.S_IRWXO, 0x7 /* 07 */, Ifmt + ":59");
        yield return C("S_IROTH", Os.S_IROTH, 0x4, Ifmt + ":60");
        yield return C("S_IWOTH", Os.S_IWOTH, 0x2, Ifmt + ":61");
        yield return C("S_IXOTH", Os.S_IXOTH, 0x1, Ifmt + ":62");
        yield return C("S_ISUID", Os.S_ISUID, 0x800 /* 04000 */, Ifmt + ":64");
        yield return C("S_ISGID", Os.S_ISGID, 0x400 /* 02000 */, Ifmt + ":65");
        yield return C("S_ISVTX", Os.S_ISVTX, 0x200 /* 01000 */, Ifmt + ":66");
        yield return C("S_IREAD", Os.S_IREAD, 0x100 /* S_IRUSR */, Ifmt + ":70");
        yield return C("S_IWRITE", Os.S_IWRITE, 0x80 /* S_IWUSR */, Ifmt + ":71");
        yield return C("S_IEXEC", Os.S_IEXEC, 0x40 /* S_IXUSR */, Ifmt + ":72");
        yield return C("STDIN_FILENO", Os.STDIN_FILENO, 0, "Libc include/unistd.h:98");
        yield return C("STDOUT_FILENO", Os.STDOUT_FILENO, 1, "Libc include/unistd.h:99");
        yield return C("STDERR_FILENO", Os.STDERR_FILENO, 2, "Libc include/unistd.h:100");
    }

    [TestCaseSource(nameof(Constants))]
    public void Constant_IsTheHeadersValue(int reference, int header, string source) =>
        Assert.That(reference, Is.EqualTo(header), source);

    [Test]
    public void ThisPlatformUsesItsOwnTable()
    {
        // The Darwin table is what macOS gets; Linux keeps its own (checked against gcc in ConstantsTests).
        var (append, cloexec, dupfdCloexec, continued, fdcwd) = OperatingSystem.IsMacOS()
            ? (D.O_APPEND, D.O_CLOEXEC, D.F_DUPFD_CLOEXEC, D.WCONTINUED, D.AT_FDCWD)
            : (Interop.Platform.Linux.O_APPEND, Interop.Platform.Linux.O_CLOEXEC, Interop.Platform.Linux.F_DUPFD_CLOEXEC,
               Interop.Platform.Linux.WCONTINUED, Interop.Platform.Linux.AT_FDCWD);
        Assert.That(Interop.Platform.O_APPEND, Is.EqualTo(append));
        Assert.That(Interop.Platform.O_CLOEXEC, Is.EqualTo(cloexec));
        Assert.That(Interop.Platform.F_DUPFD_CLOEXEC, Is.EqualTo(dupfdCloexec));
        Assert.That(Interop.Platform.WCONTINUED, Is.EqualTo(continued));
        Assert.That(Interop.Platform.AT_FDCWD, Is.EqualTo(fdcwd));
    }

    // ---- errno: xnu bsd/sys/errno.h, as a program built with __DARWIN_UNIX03 (the default) sees it:
    // EWOULDBLOCK is EAGAIN (line 132), and EOPNOTSUPP is 102 (line 253), not ENOTSUP (line 156). ----

    public sealed record ErrnoRow(int Number, string Name, int Line)
    {
        public override string ToString() => $"{Name} = {Number} (errno.h:{Line})";
    }

    private static readonly ErrnoRow[] DarwinErrno =
    [
        new(1, "EPERM", 90),
        new(2, "ENOENT", 91),
        new(3, "ESRCH", 92),
        new(4, "EINTR", 93),
        new(5, "EIO", 94),
        new(6, "ENXIO", 95),
        new(7, "E2BIG", 96),
        new(8, "ENOEXEC", 97),
        new(9, "EBADF", 98),
        new(10, "ECHILD", 99),
        new(11, "EDEADLK", 100),
        new(12, "ENOMEM", 102),
        new(13, "EACCES", 103),
        new(14, "EFAULT", 104),
        new(15, "ENOTBLK", 106),
        new(16, "EBUSY", 108),
        new(17, "EEXIST", 109),
        new(18, "EXDEV", 110),
        new(19, "ENODEV", 111),
        new(20, "ENOTDIR", 112),
        new(21, "EISDIR", 113),
        new(22, "EINVAL", 114),
        new(23, "ENFILE", 115),
        new(24, "EMFILE", 116),
        new(25, "ENOTTY", 117),
        new(26, "ETXTBSY", 118),
        new(27, "EFBIG", 119),
        new(28, "ENOSPC", 120),
        new(29, "ESPIPE", 121),
        new(30, "EROFS", 122),
        new(31, "EMLINK", 123),
        new(32, "EPIPE", 124),
        new(33, "EDOM", 127),
        new(34, "ERANGE", 128),
        new(35, "EAGAIN", 131),
        new(36, "EINPROGRESS", 133),
        new(37, "EALREADY", 134),
        new(38, "ENOTSOCK", 137),
        new(39, "EDESTADDRREQ", 138),
        new(40, "EMSGSIZE", 139),
        new(41, "EPROTOTYPE", 140),
        new(42, "ENOPROTOOPT", 141),
        new(43, "EPROTONOSUPPORT", 142),
        new(44, "ESOCKTNOSUPPORT", 144),
        new(45, "ENOTSUP", 146),
        new(46, "EPFNOSUPPORT", 160),
        new(47, "EAFNOSUPPORT", 162),
        new(48, "EADDRINUSE", 163),
        new(49, "EADDRNOTAVAIL", 164),
        new(50, "ENETDOWN", 167),
        new(51, "ENETUNREACH", 168),
        new(52, "ENETRESET", 169),
        new(53, "ECONNABORTED", 170),
        new(54, "ECONNRESET", 171),
        new(55, "ENOBUFS", 172),
        new(56, "EISCONN", 173),
        new(57, "ENOTCONN", 174),
        new(58, "ESHUTDOWN", 176),
        new(59, "ETOOMANYREFS", 177),
        new(60, "ETIMEDOUT", 179),
        new(61, "ECONNREFUSED", 180),
        new(62, "ELOOP", 182),
        new(63, "ENAMETOOLONG", 183),
        new(64, "EHOSTDOWN", 187),
        new(65, "EHOSTUNREACH", 189),
        new(66, "ENOTEMPTY", 190),
        new(67, "EPROCLIM", 194),
        new(68, "EUSERS", 195),
        new(69, "EDQUOT", 197),
        new(70, "ESTALE", 200),
        new(71, "EREMOTE", 202),
        new(72, "EBADRPC", 203),
        new(73, "ERPCMISMATCH", 204),
        new(74, "EPROGUNAVAIL", 205),
        new(75, "EPROGMISMATCH", 206),
        new(76, "EPROCUNAVAIL", 207),
        new(77, "ENOLCK", 210),
        new(78, "ENOSYS", 211),
        new(79, "EFTYPE", 214),
        new(80, "EAUTH", 215),
        new(81, "ENEEDAUTH", 216),
        new(82, "EPWROFF", 219),
        new(83, "EDEVERR", 220),
        new(84, "EOVERFLOW", 223),
        new(85, "EBADEXEC", 227),
        new(86, "EBADARCH", 228),
        new(87, "ESHLIBVERS", 229),
        new(88, "EBADMACHO", 230),
        new(89, "ECANCELED", 233),
        new(90, "EIDRM", 235),
        new(91, "ENOMSG", 236),
        new(92, "EILSEQ", 237),
        new(93, "ENOATTR", 239),
        new(94, "EBADMSG", 242),
        new(95, "EMULTIHOP", 243),
        new(96, "ENODATA", 244),
        new(97, "ENOLINK", 245),
        new(98, "ENOSR", 246),
        new(99, "ENOSTR", 247),
        new(100, "EPROTO", 248),
        new(101, "ETIME", 249),
        new(102, "EOPNOTSUPP", 253),
        new(103, "ENOPOLICY", 256),
        new(104, "ENOTRECOVERABLE", 259),
        new(105, "EOWNERDEAD", 260),
        new(106, "EQFULL", 264),
    ];

    [Test]
    public void DarwinErrnoTable_IsTheHeadersTable()
    {
        var header = DarwinErrno.ToDictionary(r => r.Number, r => r.Name);
        Assert.That(DarwinErrno, Has.Length.EqualTo(106), "EPERM 1 .. EQFULL 106 = ELAST (errno.h:265)");
        Assert.That(Interop.Errno.DarwinTable, Is.EquivalentTo(header));
    }

    [Test]
    public void BranchNumbers_AreThisPlatformsTable()
    {
        var table = OperatingSystem.IsMacOS() ? Interop.Errno.DarwinTable : Interop.Errno.LinuxTable;
        int Of(string name) => table.Single(e => e.Value == name).Key;
        Assert.That(Interop.Errno.ESTALE, Is.EqualTo(Of("ESTALE")));
        Assert.That(Interop.Errno.ETIMEDOUT, Is.EqualTo(Of("ETIMEDOUT")));
        Assert.That(Interop.Errno.ELOOP, Is.EqualTo(Of("ELOOP")));
        Assert.That(Interop.Errno.ENAMETOOLONG, Is.EqualTo(Of("ENAMETOOLONG")));
        Assert.That(Interop.Errno.EINTR, Is.EqualTo(Of("EINTR")));
    }

    // ---- W* encodings: xnu bsd/sys/wait.h lines 136-154 (_WSTATUS 136, _WSTOPPED 137,
    // WEXITSTATUS 144, WSTOPSIG 149, WIFCONTINUED 150, WIFSTOPPED 151, WIFEXITED 152,
    // WIFSIGNALED 153, WTERMSIG 154). Each row was also compiled as _Static_asserts against those
    // headers with clang for arm64-apple-macos14 and x86_64-apple-macos14. ----

    private static IEnumerable<TestCaseData> DarwinStatuses()
    {
        TestCaseData W(int s, bool exited, int exitStatus, bool signaled, int termSig, bool stopped, int stopSig, bool continued) =>
            new TestCaseData(s, exited, exitStatus, signaled, termSig, stopped, stopSig, continued).SetName($"Darwin W* of 0x{s:x}");

        yield return W(0x0000, true, 0, false, 0, false, 0, false);
        yield return W(0x2a00, true, 42, false, 0, false, 42, false);
        yield return W(0xff00, true, 255, false, 0, false, 255, false);
        yield return W(0x0009, false, 0, true, 9, false, 0, false);      // SIGKILL
        yield return W(0x0089, false, 0, true, 9, false, 0, false);      // WCOREFLAG 0200 (wait.h:132) set
        yield return W(0x117f, false, 17, false, 0x7f, true, 17, false); // stopped by SIGSTOP 17 (signal.h:105)
        yield return W(0x137f, false, 19, false, 0x7f, false, 19, true); // 0x13 = SIGCONT 19 (signal.h:107): continued
        yield return W(0xffff, false, 255, false, 0x7f, true, 255, false); // Linux's "continued" is a stop here
        yield return W(0x1137f, false, 19, false, 0x7f, true, 0x113, false); // WSTOPSIG is not masked
        yield return W(0x007f, false, 0, false, 0x7f, true, 0, false);
        yield return W(0x0f7f, false, 15, false, 0x7f, true, 15, false);
    }

    [TestCaseSource(nameof(DarwinStatuses))]
    public void DarwinWaitMacros(int s, bool exited, int exitStatus, bool signaled, int termSig, bool stopped, int stopSig, bool continued)
    {
        Assert.That(Os.DarwinWait.WIFEXITED(s), Is.EqualTo(exited), "WIFEXITED");
        Assert.That(Os.DarwinWait.WEXITSTATUS(s), Is.EqualTo(exitStatus), "WEXITSTATUS");
        Assert.That(Os.DarwinWait.WIFSIGNALED(s), Is.EqualTo(signaled), "WIFSIGNALED");
        Assert.That(Os.DarwinWait.WTERMSIG(s), Is.EqualTo(termSig), "WTERMSIG");
        Assert.That(Os.DarwinWait.WIFSTOPPED(s), Is.EqualTo(stopped), "WIFSTOPPED");
        Assert.That(Os.DarwinWait.WSTOPSIG(s), Is.EqualTo(stopSig), "WSTOPSIG");
        Assert.That(Os.DarwinWait.WIFCONTINUED(s), Is.EqualTo(continued), "WIFCONTINUED");
    }

    // ---- layouts. struct stat with 64-bit inodes: xnu bsd/sys/stat.h __DARWIN_STRUCT_STAT64 (166-182)
    // with __DARWIN_STRUCT_STAT64_TIMES (136-140); member types from bsd/sys/_types.h (dev_t i32 :80,
    // mode_t u16 :93, ino64 u64 :85, uid/gid u32 :98/:83, off_t i64 :94, blkcnt_t i64 :78,
    // blksize_t i32 :79), nlink_t u16 (_types/_nlink_t.h:31), timespec {long, long} (_types/_timespec.h:35-36).
    // clang over these headers gives the same offsets for arm64-apple-macos14 and x86_64-apple-macos14. ----

    private static IEnumerable<TestCaseData> StatOffsets()
    {
        TestCaseData F(string field, int reference, int offset, int line) =>
            new TestCaseData(reference, offset).SetName($"stat.{field} at {offset} (stat.h:{line})");

        yield return F("st_dev", Interop.DarwinStatOffsets.Dev, 0, 167);
        yield return F("st_mode", Interop.DarwinStatOffsets.Mode, 4, 168);
        yield return F("st_nlink", Interop.DarwinStatOffsets.Nlink, 6, 169);
        yield return F("st_ino", Interop.DarwinStatOffsets.Ino, 8, 170);
        yield return F("st_uid", Interop.DarwinStatOffsets.Uid, 16, 171);
        yield return F("st_gid", Interop.DarwinStatOffsets.Gid, 20, 172);
        yield return F("st_rdev", Interop.DarwinStatOffsets.Rdev, 24, 173);
        yield return F("st_atimespec", Interop.DarwinStatOffsets.Atime, 32, 137);
        yield return F("st_mtimespec", Interop.DarwinStatOffsets.Mtime, 48, 138);
        yield return F("st_ctimespec", Interop.DarwinStatOffsets.Ctime, 64, 139);
        yield return F("st_birthtimespec", Interop.DarwinStatOffsets.Birthtime, 80, 140);
        yield return F("st_size", Interop.DarwinStatOffsets.Size, 96, 175);
        yield return F("st_blocks", Interop.DarwinStatOffsets.Blocks, 104, 176);
        yield return F("st_blksize", Interop.DarwinStatOffsets.Blksize, 112, 177);
        yield return F("st_flags", Interop.DarwinStatOffsets.Flags, 116, 178);
        yield return F("st_gen", Interop.DarwinStatOffsets.Gen, 120, 179);
        // st_lspare at 124 (180), st_qspare[2] at 128 (181): 144 bytes in all.
        yield return F("sizeof", Interop.DarwinStatSize, 144, 182);
        yield return F("timespec.tv_nsec", Interop.DarwinStatOffsets.TvNsec, 8, 36);
    }

    [TestCaseSource(nameof(StatOffsets))]
    public void DarwinStatLayout(int reference, int header) => Assert.That(reference, Is.EqualTo(header));

    [Test]
    public void DarwinDirentNameOffset()
    {
        // xnu bsd/sys/dirent.h:103-108 (__DARWIN_STRUCT_DIRENTRY, 64-bit inode): d_ino u64 0,
        // d_seekoff u64 8, d_reclen u16 16, d_namlen u16 18, d_type u8 20, d_name 21.
        Assert.That(Interop.DarwinDirentNameOffset, Is.EqualTo(21));
        Assert.That(Interop.DirentNameOffset, Is.EqualTo(OperatingSystem.IsMacOS() ? 21 : Interop.LinuxDirentNameOffset));
    }
}
