using NUnit.Framework;
using OsConformance.Suite.Infrastructure;

namespace OsConformance.Suite.Files;

/// <summary>os.unlink, judged by the filesystem.</summary>
public sealed class UnlinkCases : ConformanceFixture
{
    private const string Unlinks = "Unlinks (usually this means completely removing) the given path.";

    [Test, Case("unlink/removes/regular-file", "unlink", Spec = Unlinks, Tags = "files")]
    public void RemovesAFile()
    {
        string file = InCaseDir("f");
        File.WriteAllText(file, "x");
        using var h = StartHarness();
        Verdict.Returns(h.Call("unlink", file), "unlink(file)");
        Verdict.That(!File.Exists(file), "the file after unlink", "gone", "still there");
    }

    [Test, Case("unlink/removes/relative-path", "unlink", Spec = Unlinks, Tags = "files")]
    public void RemovesARelativePath()
    {
        File.WriteAllText(InCaseDir("rel"), "x");
        using var h = StartHarness();
        Verdict.Returns(h.Call("unlink", "rel"), "unlink('rel')");
        Verdict.That(!File.Exists(InCaseDir("rel")), "the file after unlink", "gone", "still there");
    }

    [Test, Case("unlink/removes/one-link-of-two", "unlink", Spec = Unlinks, Tags = "files")]
    public void RemovesOneHardLink()
    {
        string a = InCaseDir("a"), b = InCaseDir("b");
        File.WriteAllText(a, "data");
        if (Mono.Unix.Native.Syscall.link(a, b) != 0)
            Verdict.Unsupported("this filesystem has no hard links");
        using var h = StartHarness();
        Verdict.Returns(h.Call("unlink", a), "unlink(a)");
        Verdict.That(!File.Exists(a) && File.ReadAllText(b) == "data", "after unlink(a)", "a gone, b intact", $"a exists: {File.Exists(a)}");
    }

    [Test, Case("unlink/removes/symlink-not-target", "unlink", Spec = Unlinks, Tags = "files")]
    public void RemovesTheLinkNotItsTarget()
    {
        string target = InCaseDir("target"), link = InCaseDir("link");
        File.WriteAllText(target, "x");
        File.CreateSymbolicLink(link, target);
        using var h = StartHarness();
        Verdict.Returns(h.Call("unlink", link), "unlink(link)");
        Verdict.That(!File.Exists(link) && new FileInfo(link).LinkTarget is null && File.Exists(target),
            "after unlink(link)", "link gone, target kept", $"link: {new FileInfo(link).Exists}, target: {File.Exists(target)}");
    }

    [Test, Case("unlink/removes/dangling-symlink", "unlink", Spec = Unlinks, Tags = "files")]
    public void RemovesADanglingLink()
    {
        string link = InCaseDir("dangling");
        File.CreateSymbolicLink(link, InCaseDir("nothing-here"));
        using var h = StartHarness();
        Verdict.Returns(h.Call("unlink", link), "unlink(dangling link)");
        Verdict.That(new FileInfo(link).LinkTarget is null, "the dangling link after unlink", "gone", "still there");
    }

    [Test, Case("unlink/errors/missing/enoent", "unlink", Spec = Unlinks, Tags = "files")]
    public void MissingIsEnoent()
    {
        using var h = StartHarness();
        Verdict.Throws(h.Call("unlink", InCaseDir("nope")), "ENOENT", "unlink(missing)");
    }

    [Test, Case("unlink/errors/directory/eisdir", "unlink", Spec = Unlinks, Tags = "files,linux-only")]
    public void DirectoryIsEisdirOnLinux()
    {
        string dir = InCaseDir("dir");
        Directory.CreateDirectory(dir);
        using var h = StartHarness();
        Verdict.Throws(h.Call("unlink", dir), "EISDIR", "unlink(directory)");
        Verdict.That(Directory.Exists(dir), "the directory", "still there", "gone");
    }

    [Test, Case("unlink/errors/directory/eperm", "unlink", Spec = Unlinks, Tags = "files,macos-only")]
    public void DirectoryIsEpermOnMacos()
    {
        string dir = InCaseDir("dir");
        Directory.CreateDirectory(dir);
        using var h = StartHarness();
        Verdict.Throws(h.Call("unlink", dir), "EPERM", "unlink(directory)");
    }

    [Test, Case("unlink/errors/through-file/enotdir", "unlink", Spec = Unlinks, Tags = "files")]
    public void PathThroughAFileIsEnotdir()
    {
        string file = InCaseDir("file");
        File.WriteAllText(file, "x");
        using var h = StartHarness();
        Verdict.Throws(h.Call("unlink", file + "/child"), "ENOTDIR", "unlink(file/child)");
    }
}
