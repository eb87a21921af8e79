using NUnit.Framework;
using OsConformance.Suite.Infrastructure;
using OsConformance.Suite.Oracles;

namespace OsConformance.Suite.Files;

/// <summary>os.chdir, proved by where a relative open lands and by the kernel's view of the cwd.</summary>
public sealed class ChdirCases : ConformanceFixture
{
    private const string Changes = "Changes the current working directory of the calling process to the directory specified in path.";

    [Test, Case("chdir/relative-open/lands-in-new-cwd", "chdir", Spec = Changes, Tags = "files")]
    public void RelativeOpenLandsInTheNewDirectory()
    {
        string target = InCaseDir("target");
        Directory.CreateDirectory(target);
        using var h = StartHarness("open", "close");
        Verdict.Returns(h.Call("chdir", target), "chdir(target)");
        var fd = Verdict.Returns(h.Call("open", "made-here", "w", 420), "open('made-here', 'w')");
        h.Call("close", fd);
        Verdict.That(File.Exists(Path.Combine(target, "made-here")) && !File.Exists(InCaseDir("made-here")),
            "where open('made-here') created the file", "in target/", File.Exists(InCaseDir("made-here")) ? "in the old cwd" : "nowhere");
    }

    [Test, Case("chdir/relative-path/from-current", "chdir", Spec = Changes, Tags = "files")]
    public void RelativeChdirIsFromTheCurrentDirectory()
    {
        Directory.CreateDirectory(InCaseDir("a/b"));
        using var h = StartHarness("open", "close");
        Verdict.Returns(h.Call("chdir", "a"), "chdir('a')");
        Verdict.Returns(h.Call("chdir", "b"), "chdir('b')");
        var fd = Verdict.Returns(h.Call("open", "here", "w", 420), "open('here', 'w')");
        h.Call("close", fd);
        Verdict.That(File.Exists(InCaseDir("a/b/here")), "where the file landed", "a/b/here", "elsewhere");
    }

    [Test, Case("chdir/kernel-cwd/changes", "chdir", Spec = Changes, Tags = "files,linux-only")]
    public void TheKernelSeesTheNewCwd()
    {
        string target = InCaseDir("k");
        Directory.CreateDirectory(target);
        using var h = StartHarness();
        Verdict.Returns(h.Call("chdir", target), "chdir(target)");
        Verdict.Equal(target, ProcOracle.Cwd(h.Pid), "/proc/PID/cwd");
    }

    [Test, Case("chdir/dotdot/goes-up", "chdir", Spec = Changes, Tags = "files,linux-only")]
    public void DotDotGoesUp()
    {
        Directory.CreateDirectory(InCaseDir("up"));
        using var h = StartHarness();
        Verdict.Returns(h.Call("chdir", "up"), "chdir('up')");
        Verdict.Returns(h.Call("chdir", ".."), "chdir('..')");
        Verdict.Equal(CaseDir, ProcOracle.Cwd(h.Pid), "/proc/PID/cwd");
    }

    [Test, Case("chdir/errors/missing/enoent", "chdir", Spec = Changes, Tags = "files")]
    public void MissingIsEnoent()
    {
        using var h = StartHarness();
        Verdict.Throws(h.Call("chdir", InCaseDir("nope")), "ENOENT", "chdir(missing)");
    }

    [Test, Case("chdir/errors/file/enotdir", "chdir", Spec = Changes, Tags = "files")]
    public void FileIsEnotdir()
    {
        File.WriteAllText(InCaseDir("f"), "x");
        using var h = StartHarness();
        Verdict.Throws(h.Call("chdir", InCaseDir("f")), "ENOTDIR", "chdir(file)");
    }

    [Test, Case("chdir/errors/no-search-permission/eacces", "chdir", Spec = Changes, Tags = "files")]
    public void NoSearchPermissionIsEacces()
    {
        if (Posix.IsRoot)
            Verdict.Unsupported("root bypasses directory permissions");
        string dir = InCaseDir("locked");
        Directory.CreateDirectory(dir);
        File.SetUnixFileMode(dir, UnixFileMode.UserRead);
        using var h = StartHarness();
        Verdict.Throws(h.Call("chdir", dir), "EACCES", "chdir(dir without x)");
    }

    [Test, Case("chdir/errors/failed-keeps-cwd", "chdir", Spec = Changes, Tags = "files,linux-only")]
    public void AFailedChdirKeepsTheCwd()
    {
        using var h = StartHarness();
        h.Call("chdir", InCaseDir("nope"));
        Verdict.Equal(CaseDir, ProcOracle.Cwd(h.Pid), "/proc/PID/cwd after a failed chdir");
    }
}
