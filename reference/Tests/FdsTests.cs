using System.Text;
using Mono.Unix.Native;
using NUnit.Framework;
using static OsConformance.Reference.Tests.TestSupport;

namespace OsConformance.Reference.Tests;

public class OpenTests
{
    [SetUp] public void Linux() => RequireLinux();

    [TestCase("r"), TestCase("r+"), TestCase("w"), TestCase("wx"), TestCase("w+"), TestCase("wx+"),
     TestCase("a"), TestCase("ax"), TestCase("a+"), TestCase("ax+")]
    public void Open_EachFlagString_GivesTheDocumentedBits(string flags)
    {
        using var dir = new TempDir();
        string path = flags.StartsWith('r') ? dir.File("f", "x") : dir["f"];
        int fd = Os.Open(path, flags);
        try
        {
            int expected = flags switch
            {
                "r" => Os.O_RDONLY, "r+" => Os.O_RDWR,
                "w" or "wx" => Os.O_WRONLY, "w+" or "wx+" => Os.O_RDWR,
                "a" or "ax" => Os.O_APPEND | Os.O_WRONLY, _ => Os.O_APPEND | Os.O_RDWR,
            };
            // fdinfo keeps access mode, O_APPEND and O_CLOEXEC; O_CREAT/O_EXCL/O_TRUNC act at open time.
            int kernel = FdInfoFlags(fd);
            Assert.That(kernel & (3 | Os.O_APPEND), Is.EqualTo(expected));
            Assert.That(kernel & LinuxO_CLOEXEC, Is.Not.Zero, "close-on-exec at birth");
        }
        finally { Os.Close(fd); }
    }

    [Test]
    public void Open_W_Truncates_A_Appends()
    {
        using var dir = new TempDir();
        string path = dir.File("f", "hello");
        Os.Close(Os.Open(path, "w"));
        Assert.That(File.ReadAllText(path), Is.Empty);
        File.WriteAllText(path, "ab");
        int fd = Os.Open(path, "a");
        Os.Write(fd, "cd");
        Os.Close(fd);
        Assert.That(File.ReadAllText(path), Is.EqualTo("abcd"));
    }

    [TestCase("wx"), TestCase("wx+"), TestCase("ax"), TestCase("ax+")]
    public void Open_Exclusive_OnExisting_IsEEXIST(string flags)
    {
        using var dir = new TempDir();
        string path = dir.File("f");
        var e = ThrowsOs("EEXIST", () => Os.Open(path, flags));
        Assert.That(e.Syscall, Is.EqualTo("open"));
        Assert.That(e.Path, Is.EqualTo(path));
        AssertNoFdLeak(() => Assert.Throws<OsException>(() => Os.Open(path, flags)));
    }

    [Test]
    public void Open_Missing_IsENOENT_WithPath()
    {
        using var dir = new TempDir();
        var e = ThrowsOs("ENOENT", () => Os.Open(dir["missing"], "r"));
        Assert.That(e.Path, Is.EqualTo(dir["missing"]));
        Assert.That(e.Message, Does.StartWith("[errno 2] "));
        AssertNoFdLeak(() => Assert.Throws<OsException>(() => Os.Open(dir["missing"], "r")));
    }

    [Test]
    public void Open_ThroughAFile_IsENOTDIR()
    {
        using var dir = new TempDir();
        string file = dir.File("f");
        ThrowsOs("ENOTDIR", () => Os.Open(file + "/x", "r"));
    }

    [Test]
    public void Open_DirectoryForWriting_IsEISDIR()
    {
        using var dir = new TempDir();
        ThrowsOs("EISDIR", () => Os.Open(dir.Path, "r+"));
        AssertNoFdLeak(() => Assert.Throws<OsException>(() => Os.Open(dir.Path, "w")));
    }

    [Test]
    public void Open_Unwritable_IsEACCES_WhenNotRoot()
    {
        Assume.That(Syscall.geteuid(), Is.Not.EqualTo(0u), "root bypasses file permissions");
        using var dir = new TempDir();
        string path = dir.File("f");
        Syscall.chmod(path, FilePermissions.S_IRUSR);
        ThrowsOs("EACCES", () => Os.Open(path, "w"));
    }

    [Test]
    public void Open_UnknownFlagString_IsArgumentException_NamingIt()
    {
        var e = Assert.Throws<ArgumentException>(() => Os.Open("/tmp/x", "rw"))!;
        Assert.That(e, Is.Not.InstanceOf<ArgumentOutOfRangeException>());
        Assert.That(e.Message, Does.Contain("\"rw\""));
        Assert.Throws<ArgumentException>(() => Os.Open("/tmp/x", ""));
        Assert.Throws<ArgumentException>(() => Os.Open("/tmp/x", "R"));
        Assert.Throws<ArgumentNullException>(() => Os.Open("/tmp/x", (string)null!));
    }

    [Test]
    public void Open_NumericFlags_OfTheModule_Work()
    {
        using var dir = new TempDir();
        int fd = Os.Open(dir["f"], Os.O_CREAT | Os.O_WRONLY | Os.O_SYNC | Os.O_TRUNC, 0x180 /* 0600 */);
        try
        {
            Assert.That(FdInfoFlags(fd) & Os.O_SYNC, Is.EqualTo(Os.O_SYNC));
            Assert.That(KernelCloexec(fd), Is.True);
        }
        finally { Os.Close(fd); }
        Assert.That(Os.S_IMODE(Os.Stat(dir["f"]).Mode), Is.EqualTo(0x180 & ~Umask()));
    }

    [Test]
    public void Open_OtherBits_AreOutOfRange_BeforeAnySyscall()
    {
        using var dir = new TempDir();
        foreach (int bad in new[] { Interop.Platform.O_NONBLOCK, Interop.Platform.O_CLOEXEC, 0x40000000, -1, int.MinValue })
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => Os.Open(dir["f"], Os.O_CREAT | Os.O_WRONLY | bad), $"{bad:x}");
        }
        Assert.That(File.Exists(dir["f"]), Is.False, "no file was created");
    }

    [Test]
    public void Open_Mode_DefaultsTo0666_BeforeUmask()
    {
        using var dir = new TempDir();
        Os.Close(Os.Open(dir["f"], "w"));
        Assert.That(Os.S_IMODE(Os.Stat(dir["f"]).Mode), Is.EqualTo(0x1B6 & ~Umask()));
    }

    [Test]
    public void Open_Mode_AsOctalString()
    {
        using var dir = new TempDir();
        Os.Close(Os.Open(dir["a"], "w", "640"));
        Os.Close(Os.Open(dir["b"], Os.O_CREAT | Os.O_WRONLY, "0755"));
        Assert.That(Os.S_IMODE(Os.Stat(dir["a"]).Mode), Is.EqualTo(0x1A0 & ~Umask()));
        Assert.That(Os.S_IMODE(Os.Stat(dir["b"]).Mode), Is.EqualTo(0x1ED & ~Umask()));
    }

    [Test]
    public void Open_Mode_OutOfRange()
    {
        using var dir = new TempDir();
        Assert.Throws<ArgumentOutOfRangeException>(() => Os.Open(dir["f"], "w", 0x1000));
        Assert.Throws<ArgumentOutOfRangeException>(() => Os.Open(dir["f"], "w", -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Os.Open(dir["f"], "w", "10000"));
        Assert.Throws<ArgumentException>(() => Os.Open(dir["f"], "w", "0x1ff"));
        Assert.That(File.Exists(dir["f"]), Is.False);
    }

    [TestCase("644", 0x1A4), TestCase("0755", 0x1ED), TestCase("0", 0), TestCase("7777", 0xFFF), TestCase("00000644", 0x1A4)]
    public void ParseMode_Octal(string s, int expected) => Assert.That(Os.ParseMode(s), Is.EqualTo(expected));

    [TestCase("8"), TestCase("64a"), TestCase(""), TestCase(" 644"), TestCase("-1"), TestCase("0o644"), TestCase("+7")]
    public void ParseMode_NotOctal_IsArgumentException(string s)
    {
        var e = Assert.Throws<ArgumentException>(() => Os.ParseMode(s))!;
        Assert.That(e, Is.Not.InstanceOf<ArgumentOutOfRangeException>());
    }

    [TestCase("10000"), TestCase("77777777777777777777777")]
    public void ParseMode_Above07777_IsOutOfRange(string s) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Os.ParseMode(s));

    [Test]
    public void Open_PathWithNul_IsArgumentException()
    {
        using var dir = new TempDir();
        Assert.Throws<ArgumentException>(() => Os.Open(dir["f"] + "\0x", "w"));
        Assert.That(File.Exists(dir["f"]), Is.False);
    }
}

public class FdTests
{
    [SetUp] public void Linux() => RequireLinux();

    private static int OpenNull() => Os.Open("/dev/null", "r");

    // /dev/null at a number of the test's own (1010 and up): the tests run in parallel, and a number
    // freed by close is the lowest free one, which another test's open may take at once.
    private static int OpenNullAt(int slot)
    {
        int fd = OpenNull();
        try { Assert.That(Os.Dup2(fd, slot), Is.EqualTo(slot)); }
        finally { Os.Close(fd); }
        return slot;
    }

    // An fd that was open and is closed now, at a number of the test's own.
    private static int ClosedFd(int slot)
    {
        Os.Close(OpenNullAt(slot));
        return slot;
    }

    [Test]
    public void Close_ClosesTheFd()
    {
        int fd = OpenNullAt(1010);
        Assert.That(IsOpen(fd), Is.True);
        Os.Close(fd);
        Assert.That(IsOpen(fd), Is.False);
    }

    [Test]
    public void Close_Bad_IsEBADF()
    {
        var e = ThrowsOs("EBADF", () => Os.Close(-1));
        Assert.That(e.Syscall, Is.EqualTo("close"));
        int fd = ClosedFd(1011);
        ThrowsOs("EBADF", () => Os.Close(fd));
    }

    [Test]
    public void Dup_ReturnsLowestFree_WithCloexec()
    {
        int a = OpenNull();
        int b = OpenNull();
        Os.Close(a); // a is now the lowest free fd (or one below it is, if another thread freed one)
        int d = Os.Dup(b);
        try
        {
            Assert.That(d, Is.LessThanOrEqualTo(a));
            Assert.That(KernelCloexec(d), Is.True);
            Assert.That(File.ResolveLinkTarget($"/proc/self/fd/{d}", false)!.FullName, Is.EqualTo("/dev/null"));
        }
        finally { Os.Close(d); Os.Close(b); }
    }

    [Test]
    public void Dup_KeepsCloexecEvenWhenTheOriginalHasNone()
    {
        int fd = OpenNull();
        Os.Cloexec(fd, false);
        int d = Os.Dup(fd);
        try { Assert.That(KernelCloexec(d), Is.True); }
        finally { Os.Close(d); Os.Close(fd); }
    }

    [Test]
    public void Dup_Bad_IsEBADF_NoLeak()
    {
        var e = ThrowsOs("EBADF", () => Os.Dup(-1));
        Assert.That(e.Syscall, Is.EqualTo("dup"));
        AssertNoFdLeak(() => Assert.Throws<OsException>(() => Os.Dup(100000)));
    }

    [Test]
    public void Dup2_DefaultsToCloexec_FalseClearsIt()
    {
        int fd = OpenNull();
        try
        {
            Assert.That(Os.Dup2(fd, 900), Is.EqualTo(900));
            Assert.That(KernelCloexec(900), Is.True);
            Assert.That(Os.Dup2(fd, 901, cloexec: false), Is.EqualTo(901));
            Assert.That(KernelCloexec(901), Is.False);
            Assert.That(Os.Dup2(fd, 901, cloexec: true), Is.EqualTo(901), "replaces an open newfd");
            Assert.That(KernelCloexec(901), Is.True);
        }
        finally { Os.Close(fd); Os.Close(900); Os.Close(901); }
    }

    [Test]
    public void Dup2_SameFd_ReturnsIt_AndSetsTheFlagAsAsked()
    {
        int fd = OpenNull();
        try
        {
            Assert.That(Os.Dup2(fd, fd, cloexec: false), Is.EqualTo(fd));
            Assert.That(KernelCloexec(fd), Is.False);
            Assert.That(Os.Dup2(fd, fd), Is.EqualTo(fd));
            Assert.That(KernelCloexec(fd), Is.True);
        }
        finally { Os.Close(fd); }
    }

    [Test]
    public void Dup2_Bad_IsEBADF_NoLeak()
    {
        ThrowsOs("EBADF", () => Os.Dup2(-1, 902));
        ThrowsOs("EBADF", () => Os.Dup2(903, 903));
        int fd = OpenNull();
        try
        {
            var e = ThrowsOs("EBADF", () => Os.Dup2(fd, -1));
            Assert.That(e.Syscall, Is.EqualTo("dup2"));
            Assert.That(IsOpen(902), Is.False);
            AssertNoFdLeak(() => Assert.Throws<OsException>(() => Os.Dup2(100000, 904)));
        }
        finally { Os.Close(fd); }
    }

    [Test]
    public void Pipe_BothEndsCloexec_DataFlows()
    {
        int[] p = Os.Pipe();
        try
        {
            Assert.That(p, Has.Length.EqualTo(2));
            Assert.That(KernelCloexec(p[0]) && KernelCloexec(p[1]), Is.True);
            Assert.That(FdInfoFlags(p[0]) & 3, Is.EqualTo(Os.O_RDONLY));
            Assert.That(FdInfoFlags(p[1]) & 3, Is.EqualTo(Os.O_WRONLY));
            Assert.That(Os.Write(p[1], "ping"), Is.EqualTo(4));
            Assert.That(Os.Read(p[0], 100), Is.EqualTo("ping"));
        }
        finally { Os.Close(p[0]); Os.Close(p[1]); }
    }

    [Test]
    public void Cloexec_SetsAndClears_AsTheKernelSees()
    {
        int fd = OpenNull();
        try
        {
            Os.Cloexec(fd, false);
            Assert.That(KernelCloexec(fd), Is.False);
            Os.Cloexec(fd, false);
            Assert.That(KernelCloexec(fd), Is.False);
            Os.Cloexec(fd, true);
            Assert.That(KernelCloexec(fd), Is.True);
        }
        finally { Os.Close(fd); }
        int closed = ClosedFd(1012);
        var e = ThrowsOs("EBADF", () => Os.Cloexec(closed, true));
        Assert.That(e.Syscall, Is.EqualTo("cloexec"));
    }

    [Test]
    public void NonBlock_SetsAndClears_AndReadsGiveEAGAIN()
    {
        int[] p = Os.Pipe();
        try
        {
            Os.NonBlock(p[0], true);
            Assert.That(FdInfoFlags(p[0]) & LinuxO_NONBLOCK, Is.Not.Zero);
            Assert.That(KernelCloexec(p[0]), Is.True, "F_SETFL leaves FD_CLOEXEC alone");
            ThrowsOs("EAGAIN", () => Os.Read(p[0]));
            Os.NonBlock(p[0], false);
            Assert.That(FdInfoFlags(p[0]) & LinuxO_NONBLOCK, Is.Zero);
        }
        finally { Os.Close(p[0]); Os.Close(p[1]); }
        int closed = ClosedFd(1013);
        var e = ThrowsOs("EBADF", () => Os.NonBlock(closed, true));
        Assert.That(e.Syscall, Is.EqualTo("nonblock"));
    }

    [Test]
    public void Read_DefaultsTo4096_AndDecodesUtf8()
    {
        int[] p = Os.Pipe();
        try
        {
            byte[] data = new byte[5000];
            Array.Fill(data, (byte)'z');
            Assert.That(Os.Write(p[1], data), Is.EqualTo(5000));
            Assert.That(Os.Read(p[0]), Has.Length.EqualTo(4096));
            Assert.That(Os.Read(p[0]), Has.Length.EqualTo(904));
            Os.Write(p[1], "h\u00e9llo \u20ac");
            Assert.That(Os.Read(p[0], 64), Is.EqualTo("h\u00e9llo \u20ac"));
            Os.Write(p[1], new byte[] { 0x61, 0xff, 0x62 });
            Assert.That(Os.Read(p[0], 64), Is.EqualTo("a\ufffdb"), "invalid UTF-8 becomes U+FFFD");
        }
        finally { Os.Close(p[0]); Os.Close(p[1]); }
    }

    [Test]
    public void Read_Zero_ReturnsEmpty_Negative_IsOutOfRange()
    {
        int[] p = Os.Pipe();
        try
        {
            Os.Write(p[1], "x");
            Assert.That(Os.Read(p[0], 0), Is.EqualTo(""));
            Assert.That(Os.Read(p[0], 1), Is.EqualTo("x"), "nread 0 consumed nothing");
            Assert.Throws<ArgumentOutOfRangeException>(() => Os.Read(p[0], -1));
            Assert.Throws<ArgumentOutOfRangeException>(() => Os.Read(p[0], Span<byte>.Empty));
        }
        finally { Os.Close(p[0]); Os.Close(p[1]); }
    }

    [Test]
    public void Read_AtEnd_IsEmpty()
    {
        int[] p = Os.Pipe();
        Os.Close(p[1]);
        try
        {
            Assert.That(Os.Read(p[0]), Is.EqualTo(""));
            Assert.That(Os.Read(p[0], new byte[4]), Is.EqualTo(0));
        }
        finally { Os.Close(p[0]); }
    }

    [Test]
    public void Read_IntoBuffer_ReturnsTheCount()
    {
        int[] p = Os.Pipe();
        try
        {
            Os.Write(p[1], "hello");
            byte[] buf = new byte[8];
            Assert.That(Os.Read(p[0], buf), Is.EqualTo(5));
            Assert.That(buf, Is.EqualTo("hello\0\0\0"u8.ToArray()));
        }
        finally { Os.Close(p[0]); Os.Close(p[1]); }
    }

    [Test]
    public void Read_Errors()
    {
        ThrowsOs("EBADF", () => Os.Read(-1));
        var e = ThrowsOs("EBADF", () => Os.Read(-1, 0));
        Assert.That(e.Syscall, Is.EqualTo("read"));
        ThrowsOs("EBADF", () => Os.Read(-1, new byte[1]));
        using var dir = new TempDir();
        int dfd = Os.Open(dir.Path, "r");
        try { ThrowsOs("EISDIR", () => Os.Read(dfd)); }
        finally { Os.Close(dfd); }
        int w = Os.Open(dir["f"], "w");
        try { ThrowsOs("EBADF", () => Os.Read(w)); }
        finally { Os.Close(w); }
    }

    [Test]
    public void Write_StringIsUtf8_ReturnsBytes()
    {
        using var dir = new TempDir();
        int fd = Os.Open(dir["f"], "w");
        try
        {
            Assert.That(Os.Write(fd, "\u00e9\u20ac"), Is.EqualTo(5));
            Assert.That(Os.Write(fd, ""), Is.EqualTo(0));
            Assert.That(Os.Write(fd, ReadOnlySpan<byte>.Empty), Is.EqualTo(0));
        }
        finally { Os.Close(fd); }
        Assert.That(File.ReadAllBytes(dir["f"]), Is.EqualTo(Encoding.UTF8.GetBytes("\u00e9\u20ac")));
    }

    [Test]
    public void Write_IsOneCall_ReturningWhatWasWritten()
    {
        int[] p = Os.Pipe();
        try
        {
            Os.NonBlock(p[1], true);
            byte[] big = new byte[4 << 20];
            int n = Os.Write(p[1], big);
            Assert.That(n, Is.GreaterThan(0).And.LessThan(big.Length), "a full pipe takes only part");
            ThrowsOs("EAGAIN", () => Os.Write(p[1], big));
        }
        finally { Os.Close(p[0]); Os.Close(p[1]); }
    }

    [Test]
    public void Write_Errors()
    {
        var e = ThrowsOs("EBADF", () => Os.Write(-1, "x"));
        Assert.That(e.Syscall, Is.EqualTo("write"));
        int r = OpenNull();
        try { ThrowsOs("EBADF", () => Os.Write(r, "x")); }
        finally { Os.Close(r); }
        Assert.Throws<ArgumentNullException>(() => Os.Write(1, (string)null!));
    }

    [Test]
    public void Write_ToAClosedPipe_IsEPIPE()
    {
        int[] p = Os.Pipe();
        Os.Close(p[0]);
        try { ThrowsOs("EPIPE", () => Os.Write(p[1], "x")); } // .NET ignores SIGPIPE
        finally { Os.Close(p[1]); }
    }
}

public class TtyTests
{
    [SetUp] public void Linux() => RequireLinux();

    private static unsafe (int Master, string SlavePath) OpenPty()
    {
        Assume.That(File.Exists("/dev/ptmx"), "needs /dev/ptmx");
        int master = Os.Open("/dev/ptmx", "r+");
        Assert.That(grantpt(master), Is.EqualTo(0));
        Assert.That(unlockpt(master), Is.EqualTo(0));
        byte* buf = stackalloc byte[128];
        Assert.That(ptsname_r(master, buf, 128), Is.EqualTo(0));
        return (master, new string((sbyte*)buf));
    }

    [Test]
    public void IsATty_TrueForAPty_FalseOtherwise()
    {
        var (master, slavePath) = OpenPty();
        int slave = Os.Open(slavePath, "r+");
        int file = Os.Open("/dev/null", "r");
        try
        {
            Assert.That(Os.IsATty(slave), Is.True);
            Assert.That(Os.IsATty(file), Is.False);
            Assert.That(Os.IsATty(-1), Is.False);
            Assert.That(Os.IsATty(100000), Is.False);
        }
        finally { Os.Close(slave); Os.Close(master); Os.Close(file); }
    }

    [Test]
    public void TtyName_IsThePtsPath()
    {
        var (master, slavePath) = OpenPty();
        int slave = Os.Open(slavePath, "r+");
        try { Assert.That(Os.TtyName(slave), Is.EqualTo(slavePath)); }
        finally { Os.Close(slave); Os.Close(master); }
    }

    [Test]
    public void TtyName_Errors()
    {
        int file = Os.Open("/dev/null", "r");
        try
        {
            var e = ThrowsOs("ENOTTY", () => Os.TtyName(file));
            Assert.That(e.Syscall, Is.EqualTo("ttyname"));
        }
        finally { Os.Close(file); }
        ThrowsOs("EBADF", () => Os.TtyName(-1));
        int[] p = Os.Pipe();
        try { ThrowsOs("ENOTTY", () => Os.TtyName(p[0])); }
        finally { Os.Close(p[0]); Os.Close(p[1]); }
    }
}
