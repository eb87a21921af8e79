using System.Text;
using Mono.Unix.Native;
using NUnit.Framework;
using static OsConformance.Reference.Tests.TestSupport;

namespace OsConformance.Reference.Tests;

public class StatTests
{
    [SetUp] public void Linux() => RequireLinux();

    private static long FloorMs(long sec, long nsec) => (long)Math.Floor((sec * 1_000_000_000m + nsec) / 1_000_000m);

    [TestCase("/dev/null"), TestCase("/proc/self"), TestCase("/"), TestCase("/etc/passwd")]
    public void Stat_FieldsMatchMonoUnix(string path)
    {
        StatResult s = Os.Stat(path);
        Assert.That(Syscall.stat(path, out Mono.Unix.Native.Stat m), Is.EqualTo(0));
        Assert.Multiple(() =>
        {
            Assert.That(s.Dev, Is.EqualTo(m.st_dev), "dev");
            Assert.That(s.Ino, Is.EqualTo(m.st_ino), "ino");
            Assert.That(s.Mode, Is.EqualTo((int)NativeConvert.FromFilePermissions(m.st_mode)), "mode");
            Assert.That(s.Nlink, Is.EqualTo(m.st_nlink), "nlink");
            Assert.That(s.Uid, Is.EqualTo(m.st_uid), "uid");
            Assert.That(s.Gid, Is.EqualTo(m.st_gid), "gid");
            Assert.That(s.Rdev, Is.EqualTo(m.st_rdev), "rdev");
            Assert.That(s.Size, Is.EqualTo(m.st_size), "size");
            Assert.That(s.Blksize, Is.EqualTo(m.st_blksize), "blksize");
            Assert.That(s.Blocks, Is.EqualTo(m.st_blocks), "blocks");
            Assert.That(s.Flags, Is.EqualTo(0u), "flags (decision stat-flags-gen)");
            Assert.That(s.Gen, Is.EqualTo(0u), "gen (decision stat-flags-gen)");
            Assert.That(s.Atime.ToUnixTimeMilliseconds(), Is.EqualTo(FloorMs(m.st_atime, m.st_atime_nsec)), "atime");
            Assert.That(s.Mtime.ToUnixTimeMilliseconds(), Is.EqualTo(FloorMs(m.st_mtime, m.st_mtime_nsec)), "mtime");
            Assert.That(s.Ctime.ToUnixTimeMilliseconds(), Is.EqualTo(FloorMs(m.st_ctime, m.st_ctime_nsec)), "ctime");
        });
    }

    [Test]
    public void Stat_DevNull_RdevIsMakedev1_3()
    {
        Assert.That(Os.Stat("/dev/null").Rdev, Is.EqualTo(0x103UL)); // glibc makedev(1, 3)
    }

    [Test]
    public void MakeDev_IsGlibcsEncoding()
    {
        // Values printed by gcc: makedev(8,1) = 2049, makedev(0x12345,0xabcde) = 0x12000abc345de.
        Assert.That(Os.MakeDevLinux(8, 1), Is.EqualTo(2049UL));
        Assert.That(Os.MakeDevLinux(0x12345, 0xabcde), Is.EqualTo(0x12000abc345deUL));
        Assert.That(Os.MakeDevLinux(0xffffffff, 0xffffffff), Is.EqualTo(ulong.MaxValue));
    }

    [TestCase(1700000000L, 123999999L, 1700000000123L)]
    [TestCase(1700000000L, 999999999L, 1700000000999L)]
    [TestCase(1700000000L, 0L, 1700000000000L)]
    [TestCase(-1L, 500000000L, -500L)]
    [TestCase(-2L, 999999L, -2000L)]
    public void Stat_Times_FloorToTheMillisecond(long sec, long nsec, long expectedMs)
    {
        using var dir = new TempDir();
        string f = dir.File("f");
        var t = new Timespec { tv_sec = sec, tv_nsec = nsec };
        Assert.That(Syscall.utimensat(-100 /* AT_FDCWD */, f, [t, t], 0), Is.EqualTo(0));
        StatResult s = Os.Stat(f);
        Assert.That(s.Mtime.ToUnixTimeMilliseconds(), Is.EqualTo(expectedMs));
        Assert.That(s.Atime.ToUnixTimeMilliseconds(), Is.EqualTo(expectedMs));
        Assert.That(FloorMs(sec, nsec), Is.EqualTo(expectedMs), "the test's own arithmetic");
    }

    [Test]
    public void TimeFromNs_Floors() =>
        Assert.That(Os.TimeFromNs(-1, 1).ToUnixTimeMilliseconds(), Is.EqualTo(-1000L));

    [Test]
    public void Stat_Birthtime_IsRecorded_ForANewFile()
    {
        using var dir = new TempDir();
        DateTimeOffset before = DateTimeOffset.UtcNow.AddSeconds(-5);
        string f = dir.File("f", "x");
        StatResult s = Os.Stat(f);
        // tmpfs and ext4 record it; where the filesystem does not, the decision says it is ctime.
        Assert.That(s.Birthtime, Is.GreaterThanOrEqualTo(before));
        Assert.That(s.Birthtime, Is.LessThanOrEqualTo(s.Ctime));
    }

    [Test]
    public void Stat_Birthtime_FallsBackToCtime_WhereNoneIsRecorded()
    {
        // procfs records no birth time (statx leaves STATX_BTIME out of stx_mask).
        StatResult s = Os.Stat("/proc/self/status");
        Assert.That(s.Birthtime, Is.EqualTo(s.Ctime));
    }

    [Test]
    public void Stat_FollowsSymlinks_SizeAndType()
    {
        using var dir = new TempDir();
        string f = dir.File("f", "12345");
        File.CreateSymbolicLink(dir["l"], f);
        StatResult s = Os.Stat(dir["l"]);
        Assert.That(Os.S_ISREG(s.Mode), Is.True);
        Assert.That(s.Size, Is.EqualTo(5));
        Assert.That(Os.S_ISDIR(Os.Stat(dir.Path).Mode), Is.True);
        Assert.That(Os.S_ISFIFO(Os.Stat(MakeFifo(dir)).Mode), Is.True);
    }

    private static string MakeFifo(TempDir dir)
    {
        Assert.That(Syscall.mkfifo(dir["fifo"], FilePermissions.S_IRUSR | FilePermissions.S_IWUSR), Is.EqualTo(0));
        return dir["fifo"];
    }

    [Test]
    public void Stat_Errors_CarrySyscallAndPath()
    {
        using var dir = new TempDir();
        var e = ThrowsOs("ENOENT", () => Os.Stat(dir["missing"]));
        Assert.That(e.Syscall, Is.EqualTo("stat"));
        Assert.That(e.Path, Is.EqualTo(dir["missing"]));
        string f = dir.File("f");
        ThrowsOs("ENOTDIR", () => Os.Stat(f + "/x"));
        File.CreateSymbolicLink(dir["loop"], dir["loop"]);
        ThrowsOs("ELOOP", () => Os.Stat(dir["loop"]));
        ThrowsOs("ENOENT", () => Os.Stat(""));
        Assert.Throws<ArgumentException>(() => Os.Stat("a\0b"));
    }
}

public class ScanDirTests
{
    [SetUp] public void Linux() => RequireLinux();

    [Test]
    public void ScanDir_ListsNames_InByteOrder_WithoutDots()
    {
        using var dir = new TempDir();
        string[] names = ["b", "a", "B", "_", "\u00e9t\u00e9", "Z", "a.txt", "aa", ".hidden", "10", "9"];
        foreach (string n in names) dir.File(n);
        Directory.CreateDirectory(dir["sub"]);
        string[] expected = names.Append("sub")
            .OrderBy(n => Encoding.UTF8.GetBytes(n), Comparer<byte[]>.Create((x, y) => x.AsSpan().SequenceCompareTo(y)))
            .ToArray();
        Assert.That(Os.ScanDir(dir.Path), Is.EqualTo(expected));
        Assert.That(expected[0], Is.EqualTo(".hidden"), "the test's own ordering");
        Assert.That(expected[^1], Is.EqualTo("\u00e9t\u00e9"));
    }

    [Test]
    public void ScanDir_Empty()
    {
        using var dir = new TempDir();
        Assert.That(Os.ScanDir(dir.Path), Is.Empty);
    }

    [Test]
    public void ScanDir_ManyEntries_MatchTheFileSystem()
    {
        using var dir = new TempDir();
        for (int i = 0; i < 500; i++) dir.File($"f{i:x}-{new string('x', i % 40)}");
        var expected = Directory.GetFileSystemEntries(dir.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal);
        Assert.That(Os.ScanDir(dir.Path), Is.EqualTo(expected));
    }

    [Test]
    public void ScanDir_Errors_NoLeak()
    {
        using var dir = new TempDir();
        var e = ThrowsOs("ENOENT", () => Os.ScanDir(dir["missing"]));
        Assert.That(e.Syscall, Is.EqualTo("scandir"));
        Assert.That(e.Path, Is.EqualTo(dir["missing"]));
        string f = dir.File("f");
        ThrowsOs("ENOTDIR", () => Os.ScanDir(f));
        AssertNoFdLeak(() => Assert.Throws<OsException>(() => Os.ScanDir(f)));
        AssertNoFdLeak(() => Os.ScanDir(dir.Path));
    }

    [Test]
    public void ScanDir_Unreadable_IsEACCES_WhenNotRoot()
    {
        Assume.That(Syscall.geteuid(), Is.Not.EqualTo(0u), "root bypasses directory permissions");
        using var dir = new TempDir();
        Directory.CreateDirectory(dir["d"]);
        Syscall.chmod(dir["d"], 0);
        ThrowsOs("EACCES", () => Os.ScanDir(dir["d"]));
    }
}

[NonParallelizable] // moves the process's cwd
public class UnlinkChdirTests
{
    [SetUp] public void Linux() => RequireLinux();

    [Test]
    public void Unlink_RemovesAFileAndASymlinkNotItsTarget()
    {
        using var dir = new TempDir();
        string f = dir.File("f");
        File.CreateSymbolicLink(dir["l"], f);
        Os.Unlink(dir["l"]);
        Assert.That(File.Exists(f), Is.True);
        Assert.That(Path.Exists(dir["l"]), Is.False);
        Os.Unlink(f);
        Assert.That(File.Exists(f), Is.False);
    }

    [Test]
    public void Unlink_Errors()
    {
        using var dir = new TempDir();
        var e = ThrowsOs("ENOENT", () => Os.Unlink(dir["missing"]));
        Assert.That(e.Syscall, Is.EqualTo("unlink"));
        Assert.That(e.Path, Is.EqualTo(dir["missing"]));
        ThrowsOs("EISDIR", () => Os.Unlink(dir.Path)); // Linux; POSIX allows EPERM
        string f = dir.File("f");
        ThrowsOs("ENOTDIR", () => Os.Unlink(f + "/x"));
    }

    [Test]
    public void Chdir_ChangesTheProcessDirectory()
    {
        string saved = Directory.GetCurrentDirectory();
        using var dir = new TempDir();
        try
        {
            Os.Chdir(dir.Path);
            Assert.That(Directory.GetCurrentDirectory(), Is.EqualTo(Path.GetFullPath(dir.Path)));
            Os.Close(Os.Open("rel", "w"));
            Assert.That(File.Exists(dir["rel"]), Is.True, "relative paths follow the new cwd");
        }
        finally { Os.Chdir(saved); }
        Assert.That(Directory.GetCurrentDirectory(), Is.EqualTo(saved));
    }

    [Test]
    public void Chdir_Errors()
    {
        string saved = Directory.GetCurrentDirectory();
        using var dir = new TempDir();
        var e = ThrowsOs("ENOENT", () => Os.Chdir(dir["missing"]));
        Assert.That(e.Syscall, Is.EqualTo("chdir"));
        Assert.That(e.Path, Is.EqualTo(dir["missing"]));
        ThrowsOs("ENOTDIR", () => Os.Chdir(dir.File("f")));
        Assert.That(Directory.GetCurrentDirectory(), Is.EqualTo(saved));
    }
}

public class URandomTests
{
    [Test]
    public void URandom_ReturnsNewBuffersOfTheSize()
    {
        byte[] a = Os.URandom(64), b = Os.URandom(64);
        Assert.That(a, Has.Length.EqualTo(64));
        Assert.That(a, Is.Not.EqualTo(b));
        Assert.That(a.Any(x => x != 0), Is.True);
        Assert.That(Os.URandom(1), Has.Length.EqualTo(1));
    }

    [Test]
    public void URandom_LargerThanOneGetrandomCall_IsFilledToTheEnd()
    {
        // getrandom returns at most 32 MiB - 1 per call: 40 MiB needs the loop.
        byte[] big = Os.URandom(40 << 20);
        Assert.That(big.AsSpan((39 << 20)..).ContainsAnyExcept((byte)0), Is.True);
    }

    [Test]
    public void URandom_FillsTheGivenBuffer_AndReturnsIt()
    {
        byte[] buf = new byte[100];
        Assert.That(Os.URandom(buf), Is.SameAs(buf));
        Assert.That(buf.AsSpan(68).ContainsAnyExcept((byte)0), Is.True);
    }

    [Test]
    public void URandom_BadSizes()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Os.URandom(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Os.URandom(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Os.URandom(Array.Empty<byte>()));
        Assert.Throws<ArgumentNullException>(() => Os.URandom((byte[])null!));
    }
}
