using NUnit.Framework;
using OsConformance.Protocol;
using OsConformance.Suite.Infrastructure;
using OsConformance.Suite.Oracles;
using static OsConformance.Suite.Fds.FdSupport;

namespace OsConformance.Suite.Open;

/// <summary>
/// The ten open flag strings against a missing file, an existing file and a directory, one
/// property per case, judged by the filesystem (content read by the runner) and the kernel's fd
/// flags; and the same masks given as numbers.
/// </summary>
public sealed class OpenFlagCases : ConformanceFixture
{
    private const string Content = "hello\n";
    private const string OrMask = "It can be a string or an OR-ed mask of constants (listed below).";

    internal static readonly Dictionary<string, string> Bullet = new()
    {
        ["r"] = "'r' = O_RDONLY: open the file just for reading",
        ["r+"] = "'r+' = O_RDWR: open the file for reading and writing",
        ["w"] = "'w' = O_TRUNC | O_CREAT | O_WRONLY: open the file for writing only, truncating it if it exists and creating it otherwise",
        ["wx"] = "'wx' = O_TRUNC | O_CREAT | O_WRONLY | O_EXCL: like 'w', but fails if the path exists",
        ["w+"] = "'w+' = O_TRUNC | O_CREAT | O_RDWR: open the file for reading and writing, truncating it if it exists and creating it otherwise",
        ["wx+"] = "'wx+' = O_TRUNC | O_CREAT | O_RDWR | O_EXCL: like 'w+' but fails if the path exists",
        ["a"] = "'a' = O_APPEND | O_CREAT | O_WRONLY: open the file for apending, creating it if it doesn't exist",
        ["ax"] = "'ax' = O_APPEND | O_CREAT | O_WRONLY | O_EXCL: like 'a' but fails if the path exists",
        ["a+"] = "'a+' = O_APPEND | O_CREAT | O_RDWR: open the file for reading and apending, creating it if it doesn't exist",
        ["ax+"] = "'ax+' = O_APPEND | O_CREAT | O_RDWR | O_EXCL: like 'a+' but fails if the path exists",
    };

    // The documented masks, by the module's constant names.
    internal static readonly Dictionary<string, string> Mask = new()
    {
        ["r"] = "O_RDONLY",
        ["r+"] = "O_RDWR",
        ["w"] = "O_TRUNC|O_CREAT|O_WRONLY",
        ["wx"] = "O_TRUNC|O_CREAT|O_WRONLY|O_EXCL",
        ["w+"] = "O_TRUNC|O_CREAT|O_RDWR",
        ["wx+"] = "O_TRUNC|O_CREAT|O_RDWR|O_EXCL",
        ["a"] = "O_APPEND|O_CREAT|O_WRONLY",
        ["ax"] = "O_APPEND|O_CREAT|O_WRONLY|O_EXCL",
        ["a+"] = "O_APPEND|O_CREAT|O_RDWR",
        ["ax+"] = "O_APPEND|O_CREAT|O_RDWR|O_EXCL",
    };

    internal static bool Creates(string s) => s[0] is 'w' or 'a';
    internal static bool Excl(string s) => s.Contains('x');
    internal static bool Truncates(string s) => s[0] == 'w';
    internal static bool Appends(string s) => s[0] == 'a';
    internal static bool Readable(string s) => s == "r" || s.EndsWith('+');
    internal static bool Writable(string s) => s != "r";
    internal static int Access(string s) => s == "r" ? FdOracle.AccessReadOnly : s.EndsWith('+') ? FdOracle.AccessReadWrite : FdOracle.AccessWriteOnly;

    public static IEnumerable<TestCaseData> Matrix()
    {
        const string t = "open-flags";
        foreach (var (s, spec) in Bullet)
        {
            string p = $"open/flags/{s}";
            // A missing path.
            if (!Creates(s))
            {
                yield return CaseData.Of($"{p}/missing/fails-enoent", "open", spec: spec, tags: t, args: [s, "missing-enoent"]);
                yield return CaseData.Of($"{p}/missing/creates-nothing", "open", spec: spec, tags: t, args: [s, "missing-nothing"]);
            }
            else
            {
                yield return CaseData.Of($"{p}/missing/creates-empty-file", "open", spec: spec, tags: t, args: [s, "missing-created"]);
                yield return CaseData.Of($"{p}/missing/access-mode", "open", spec: spec, tags: t, args: [s, "missing-access"]);
                yield return CaseData.Of($"{p}/missing/append-flag", "open", spec: spec, tags: t, args: [s, "missing-append"]);
                yield return CaseData.Of($"{p}/missing/default-mode-0666-masked", "open", decision: "docs/decisions.md#open-flags", tags: t, args: [s, "missing-mode"]);
                yield return CaseData.Of($"{p}/missing/fd-flags-exact", "open", spec: spec, tags: t, args: [s, "missing-exact"]);
            }
            // An existing file holding "hello\n".
            if (Excl(s))
            {
                yield return CaseData.Of($"{p}/existing/fails-eexist", "open", spec: spec, tags: t, args: [s, "existing-eexist"]);
                yield return CaseData.Of($"{p}/existing/left-intact", "open", spec: spec, tags: t, args: [s, "existing-intact"]);
            }
            else
            {
                yield return CaseData.Of(Truncates(s) ? $"{p}/existing/truncated" : $"{p}/existing/not-truncated", "open", spec: spec, tags: t, args: [s, "existing-content"]);
                yield return CaseData.Of($"{p}/existing/access-mode", "open", spec: spec, tags: t, args: [s, "existing-access"]);
                yield return CaseData.Of($"{p}/existing/append-flag", "open", spec: spec, tags: t, args: [s, "existing-append"]);
                yield return CaseData.Of(Readable(s) ? $"{p}/existing/read-works" : $"{p}/existing/read-ebadf", "open", spec: spec, tags: t, args: [s, "existing-read"]);
                yield return CaseData.Of(Writable(s) ? $"{p}/existing/write-lands" : $"{p}/existing/write-ebadf", "open", spec: spec, tags: t, args: [s, "existing-write"]);
                if (!Creates(s))
                    yield return CaseData.Of($"{p}/existing/fd-flags-exact", "open", spec: spec, tags: t, args: [s, "existing-exact"]);
            }
            // A directory.
            if (s == "r")
            {
                yield return CaseData.Of($"{p}/directory/opens", "open", spec: spec, tags: t + ",linux-only", args: [s, "dir-opens"]);
                yield return CaseData.Of($"{p}/directory/read-eisdir", "open", spec: spec, tags: t + ",linux-only", args: [s, "dir-read"]);
            }
            else
                yield return CaseData.Of($"{p}/directory/fails-{(Excl(s) ? "eexist" : "eisdir")}", "open", spec: spec, tags: t, args: [s, "dir-fails"]);
        }
    }

    [TestCaseSource(nameof(Matrix))]
    public void FlagString(string s, string check)
    {
        string missing = InCaseDir("missing.txt"), existing = InCaseDir("existing.txt"), dir = InCaseDir("dir");
        File.WriteAllText(existing, Content);
        Directory.CreateDirectory(dir);
        using var h = StartHarness(check is "existing-read" or "dir-read" ? new[] { "read" } : check == "existing-write" ? new[] { "write" } : Array.Empty<string>());
        switch (check)
        {
            case "missing-enoent":
                Verdict.Throws(h.Call("open", missing, s), "ENOENT", $"open(missing, '{s}')");
                break;
            case "missing-nothing":
                h.Call("open", missing, s);
                Verdict.That(!File.Exists(missing), $"the path after open(missing, '{s}')", "still missing", "a file was created");
                break;
            case "missing-created":
            {
                Fd(h.Call("open", missing, s), $"open(missing, '{s}')");
                Verdict.That(File.Exists(missing), $"the path after open(missing, '{s}')", "a file", "missing");
                Verdict.Equal(0L, new FileInfo(missing).Length, "size of the created file");
                break;
            }
            case "missing-access":
            case "existing-access":
            {
                string path = check == "missing-access" ? missing : existing;
                int fd = Fd(h.Call("open", path, s), $"open(path, '{s}')");
                Verdict.Equal(AccessName(Access(s)), AccessName(Kernel(h, fd, "the fd").AccessMode), $"access mode of open(path, '{s}') (kernel fdinfo)");
                break;
            }
            case "missing-append":
            case "existing-append":
            {
                string path = check == "missing-append" ? missing : existing;
                int fd = Fd(h.Call("open", path, s), $"open(path, '{s}')");
                Verdict.Equal(Appends(s), Kernel(h, fd, "the fd").Append, $"O_APPEND of open(path, '{s}') (kernel fdinfo)");
                break;
            }
            case "missing-exact":
            case "existing-exact":
            {
                int fd = Fd(h.Call("open", check == "missing-exact" ? missing : existing, s), $"open(path, '{s}')");
                ExactFlags(h, fd, Documented(s), $"open(path, '{s}')");
                break;
            }
            case "missing-mode":
            {
                Fd(h.Call("open", missing, s), $"open(missing, '{s}')");
                uint mode = StatOracle.Stat(missing).Mode & 0xFFF;
                Verdict.Equal("0644", Convert.ToString(mode, 8).PadLeft(4, '0'), $"mode of the file open(missing, '{s}') created (0666 & ~umask 022)");
                break;
            }
            case "existing-eexist":
                Verdict.Throws(h.Call("open", existing, s), "EEXIST", $"open(existing, '{s}')");
                break;
            case "existing-intact":
                h.Call("open", existing, s);
                Verdict.Equal(Content, File.ReadAllText(existing), $"content after open(existing, '{s}') (O_EXCL fails before O_TRUNC)");
                break;
            case "existing-content":
                Fd(h.Call("open", existing, s), $"open(existing, '{s}')");
                Verdict.Equal(Truncates(s) ? "" : Content, File.ReadAllText(existing), $"content after open(existing, '{s}')");
                break;
            case "existing-read":
            {
                int fd = Fd(h.Call("open", existing, s), $"open(existing, '{s}')");
                // The Buffer form, so this judges open, not read's return type.
                if (!Readable(s))
                    Verdict.Throws(h.Call("read", fd, new byte[100]), "EBADF", $"read on open(existing, '{s}')");
                else
                    Verdict.Equal(Truncates(s) ? "" : Content, ReadText(h, fd, 100, $"read on open(existing, '{s}')"), $"read(fd, Buffer(100)) on open(existing, '{s}')");
                break;
            }
            case "existing-write":
            {
                int fd = Fd(h.Call("open", existing, s), $"open(existing, '{s}')");
                var o = h.Call("write", fd, "HE");
                if (!Writable(s))
                {
                    Verdict.Throws(o, "EBADF", $"write on open(existing, '{s}')");
                    Verdict.Equal(Content, File.ReadAllText(existing), "file content");
                    break;
                }
                Verdict.Equal<JsValue>(2, Verdict.Returns(o, $"write(fd, 'HE') on open(existing, '{s}')"), "write(fd, 'HE')");
                string expected = Appends(s) ? Content + "HE" : Truncates(s) ? "HE" : "HEllo\n";
                Verdict.Equal(expected, File.ReadAllText(existing), $"file content after write(fd, 'HE') on open(existing, '{s}')");
                break;
            }
            case "dir-opens":
            {
                int fd = Fd(h.Call("open", dir, s), $"open(directory, '{s}')");
                Verdict.Equal(dir, Kernel(h, fd, "the fd").Target, "what the fd refers to (kernel)");
                break;
            }
            case "dir-read":
            {
                int fd = Fd(h.Call("open", dir, s), $"open(directory, '{s}')");
                Verdict.Throws(h.Call("read", fd, 100), "EISDIR", "read on a directory fd");
                break;
            }
            case "dir-fails":
                Verdict.Throws(h.Call("open", dir, s), Excl(s) ? "EEXIST" : "EISDIR", $"open(directory, '{s}')");
                break;
            default:
                throw new ArgumentException(check);
        }
    }

    /// <summary>
    /// The flags the kernel keeps for an fd of the flag string: exactly its access mode, O_APPEND for the
    /// 'a' strings and O_CLOEXEC (decisions.md#open-flags); O_CREAT, O_EXCL and O_TRUNC act at open and
    /// are not kept. Another flag (O_SYNC, O_NONBLOCK) changes how every later read and write behaves.
    /// </summary>
    internal static string[] Documented(string s) =>
        [AccessName(Access(s)), .. Appends(s) ? new[] { "O_APPEND" } : [], "O_CLOEXEC"];

    /// <summary>The fd's whole flags word, by name (kernel fdinfo), against the names asked for.</summary>
    internal static void ExactFlags(HarnessProcess h, int fd, string[] names, string what)
    {
        if (!NativeOracle.Available)
            Verdict.Unsupported("no C compiler for the fd-flags oracle: " + NativeOracle.UnavailableReason);
        var expected = FdFlagNames.Expected(names[0], names[1..]);
        Verdict.Equal(string.Join(" | ", expected), string.Join(" | ", FdFlagNames.Of(Kernel(h, fd, "the fd"))),
            $"the flags the kernel keeps for the fd of {what} (fdinfo, O_LARGEFILE left out)");
    }

    public static IEnumerable<TestCaseData> Numeric() =>
        Bullet.Keys.SelectMany(s => new[]
        {
            CaseData.Of($"open/numeric/as-{s}/missing", "open", spec: OrMask, tags: "open-flags", args: [s, false]),
            CaseData.Of($"open/numeric/as-{s}/existing", "open", spec: OrMask, tags: "open-flags", args: [s, true]),
        });

    /// <summary>The documented mask as a number behaves as its string: created/ENOENT; truncated/kept/EEXIST and access mode.</summary>
    [TestCaseSource(nameof(Numeric))]
    public void NumericMaskActsAsTheString(string s, bool onExisting)
    {
        using var h = StartHarness();
        int flags = Flags(Info, Mask[s]);
        string path = InCaseDir("f.txt");
        if (onExisting)
            File.WriteAllText(path, Content);
        var o = h.Call("open", path, flags, 420);
        string what = $"open(path, {Mask[s]} = {flags})";
        if (!onExisting && !Creates(s))
        {
            Verdict.Throws(o, "ENOENT", what + " on a missing path");
            return;
        }
        if (onExisting && Excl(s))
        {
            Verdict.Throws(o, "EEXIST", what + " on an existing file");
            Verdict.Equal(Content, File.ReadAllText(path), "content after the failed open");
            return;
        }
        int fd = Fd(o, what);
        Verdict.Equal(onExisting && !Truncates(s) ? Content : "", File.ReadAllText(path), $"content after {what}");
        var k = Kernel(h, fd, "the fd");
        Verdict.Equal(AccessName(Access(s)), AccessName(k.AccessMode), $"access mode of {what} (kernel fdinfo)");
        Verdict.Equal(Appends(s), k.Append, $"O_APPEND of {what} (kernel fdinfo)");
        ExactFlags(h, fd, Documented(s), what);
    }

    [Test, Case("open/numeric/combined-with-sync/rdwr", "open", Spec = OrMask, Tags = "open-flags")]
    public void SyncCombines()
    {
        using var h = StartHarness();
        string path = InCaseDir("f.txt");
        File.WriteAllText(path, Content);
        int fd = Fd(h.Call("open", path, Flags(Info, "O_RDWR|O_SYNC")), "open(path, O_RDWR|O_SYNC)");
        Verdict.Equal(AccessName(FdOracle.AccessReadWrite), AccessName(Kernel(h, fd, "the fd").AccessMode), "access mode (kernel fdinfo)");
        Verdict.Equal(Content, File.ReadAllText(path), "content (no O_TRUNC)");
        ExactFlags(h, fd, ["O_RDWR", "O_SYNC", "O_CLOEXEC"], "open(path, O_RDWR|O_SYNC)");
    }

    [Test, Case("open/returns/fd-refers-to-path", "open", Spec = "The opened file descriptor.", Tags = "open-flags")]
    public void ReturnedFdIsThePath()
    {
        string path = InCaseDir("f.txt");
        File.WriteAllText(path, Content);
        using var h = StartHarness();
        int fd = Fd(h.Call("open", path, "r"), "open(path, 'r')");
        Verdict.Equal(path, Kernel(h, fd, "the returned fd").Target, "what the returned fd refers to (kernel)");
    }

    [Test, Case("open/returns/lowest-free-fd", "open", Decision = "docs/decisions.md#lowest-fd", Tags = "open-flags")]
    public void ReturnsTheLowestFreeFd()
    {
        string path = InCaseDir("f.txt");
        File.WriteAllText(path, Content);
        using var h = StartHarness("close");
        int a = Fd(h.Call("open", path, "r"), "open(path, 'r')");
        Fd(h.Call("open", path, "r"), "open(path, 'r') again");
        Verdict.Returns(h.Call("close", a), "close(first fd)");
        // open(2) allocates the lowest free number; the runner computes it from the kernel's table.
        int lowest = LowestFree(h.Pid);
        Verdict.Equal(lowest, Fd(h.Call("open", path, "r"), "open(path, 'r') a third time"), "the fd open returns");
    }

    [Test, Case("open/path/relative-to-cwd", "open", Spec = "path – The file path to be opened.", Tags = "open-flags")]
    public void RelativePath()
    {
        using var h = StartHarness();
        Fd(h.Call("open", "rel.txt", "w"), "open('rel.txt', 'w')");
        Verdict.That(File.Exists(InCaseDir("rel.txt")), "rel.txt in the harness's cwd", "created", "missing");
    }

    [Test, Case("open/path/utf8-name", "open", Spec = "path – The file path to be opened.", Tags = "open-flags")]
    public void Utf8Path()
    {
        using var h = StartHarness();
        Fd(h.Call("open", InCaseDir("é€😀.txt"), "w"), "open('é€😀.txt', 'w')");
        var names = Directory.GetFiles(CaseDir).Select(Path.GetFileName).ToList();
        Verdict.That(names.Contains("é€😀.txt"), "files in the case directory", "é€😀.txt (UTF-8 name)", string.Join(", ", names));
    }

    [Test, Case("open/symlink/r/follows", "open", Spec = "'r' = O_RDONLY: open the file just for reading", Tags = "open-flags")]
    public void FollowsSymlinks()
    {
        string target = InCaseDir("target.txt"), link = InCaseDir("link");
        File.WriteAllText(target, Content);
        File.CreateSymbolicLink(link, target);
        using var h = StartHarness();
        int fd = Fd(h.Call("open", link, "r"), "open(link, 'r')");
        Verdict.Equal(target, Kernel(h, fd, "the fd").Target, "what the fd refers to (kernel)");
    }

    [Test, Case("open/symlink/wx-dangling/fails-eexist", "open", Spec = "'wx' = O_TRUNC | O_CREAT | O_WRONLY | O_EXCL: like 'w', but fails if the path exists", Tags = "open-flags")]
    public void ExclusiveOnDanglingLink()
    {
        string link = InCaseDir("link");
        File.CreateSymbolicLink(link, InCaseDir("nowhere.txt"));
        using var h = StartHarness();
        // O_CREAT|O_EXCL never follows a final symlink: the path exists.
        Verdict.Throws(h.Call("open", link, "wx"), "EEXIST", "open(dangling link, 'wx')");
        Verdict.That(!File.Exists(InCaseDir("nowhere.txt")), "the link's target", "not created", "created");
    }

    [Test, Case("open/symlink/w-dangling/creates-target", "open", Spec = "'w' = O_TRUNC | O_CREAT | O_WRONLY: open the file for writing only, truncating it if it exists and creating it otherwise", Tags = "open-flags")]
    public void CreateThroughDanglingLink()
    {
        string link = InCaseDir("link");
        File.CreateSymbolicLink(link, InCaseDir("nowhere.txt"));
        using var h = StartHarness();
        Fd(h.Call("open", link, "w"), "open(dangling link, 'w')");
        Verdict.That(File.Exists(InCaseDir("nowhere.txt")), "the link's target", "created", "missing");
    }

    public static IEnumerable<TestCaseData> Errors()
    {
        const string t = "open-flags";
        yield return CaseData.Of("open/errors/missing-parent/w/enoent", "open", spec: Bullet["w"], tags: t, args: ["missing-parent", "w", "ENOENT"]);
        yield return CaseData.Of("open/errors/missing-parent/r/enoent", "open", spec: Bullet["r"], tags: t, args: ["missing-parent", "r", "ENOENT"]);
        yield return CaseData.Of("open/errors/through-file/r/enotdir", "open", spec: Bullet["r"], tags: t, args: ["through-file", "r", "ENOTDIR"]);
        yield return CaseData.Of("open/errors/through-file/w/enotdir", "open", spec: Bullet["w"], tags: t, args: ["through-file", "w", "ENOTDIR"]);
        yield return CaseData.Of("open/errors/mode-0000/r/eacces", "open", spec: Bullet["r"], tags: t, args: ["mode-0000", "r", "EACCES"]);
        yield return CaseData.Of("open/errors/mode-0000/w/eacces", "open", spec: Bullet["w"], tags: t, args: ["mode-0000", "w", "EACCES"]);
        yield return CaseData.Of("open/errors/mode-0444/r+/eacces", "open", spec: Bullet["r+"], tags: t, args: ["mode-0444", "r+", "EACCES"]);
        yield return CaseData.Of("open/errors/dir-0555/w/eacces", "open", spec: Bullet["w"], tags: t, args: ["dir-0555", "w", "EACCES"]);
        yield return CaseData.Of("open/errors/symlink-loop/r/eloop", "open", spec: Bullet["r"], tags: t, args: ["loop", "r", "ELOOP"]);
        yield return CaseData.Of("open/errors/long-name/w/enametoolong", "open", spec: Bullet["w"], tags: t, args: ["long-name", "w", "ENAMETOOLONG"]);
        yield return CaseData.Of("open/errors/empty-path/r/enoent", "open", spec: Bullet["r"], tags: t, args: ["empty", "r", "ENOENT"]);
    }

    [TestCaseSource(nameof(Errors))]
    public void OpenErrors(string setup, string flags, string errno)
    {
        string path;
        switch (setup)
        {
            case "missing-parent": path = InCaseDir("nodir/f.txt"); break;
            case "through-file": File.WriteAllText(InCaseDir("file"), "x"); path = InCaseDir("file/f.txt"); break;
            case "mode-0000":
            case "mode-0444":
                if (Posix.IsRoot) Verdict.Unsupported("root bypasses file permissions");
                path = InCaseDir("locked.txt");
                File.WriteAllText(path, Content);
                File.SetUnixFileMode(path, setup == "mode-0000" ? UnixFileMode.None : UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
                break;
            case "dir-0555":
                if (Posix.IsRoot) Verdict.Unsupported("root bypasses directory permissions");
                Directory.CreateDirectory(InCaseDir("ro"));
                File.SetUnixFileMode(InCaseDir("ro"), (UnixFileMode)0x16D);
                path = InCaseDir("ro/f.txt");
                break;
            case "loop":
                File.CreateSymbolicLink(InCaseDir("l1"), InCaseDir("l2"));
                File.CreateSymbolicLink(InCaseDir("l2"), InCaseDir("l1"));
                path = InCaseDir("l1");
                break;
            case "long-name": path = InCaseDir(new string('n', 300)); break;
            case "empty": path = ""; break;
            default: throw new ArgumentException(setup);
        }
        using var h = StartHarness();
        int before = CountUnder(h, CaseDir);
        Verdict.Throws(h.Call("open", path, flags), errno, $"open({(path.Length > 60 ? path[..60] + "…" : path)}, '{flags}')");
        Verdict.Equal(before, CountUnder(h, CaseDir), "fds of the harness into the case directory after the failed open");
    }

    [Test, Case("open/errors/enoent/names-path-and-syscall", "open", Decision = "docs/decisions.md#errors", Tags = "open-flags")]
    public void ErrorCarriesPath()
    {
        string path = InCaseDir("missing.txt");
        using var h = StartHarness();
        var error = Verdict.Throws(h.Call("open", path, "r"), "ENOENT", "open(missing, 'r')");
        Verdict.Equal(path, error.Path, "the error's path");
        Verdict.Equal("open", error.Syscall, "the error's syscall");
    }

    [Test, Case("open/errors/enoent/message-and-code", "open", Decision = "docs/decisions.md#errors", Tags = "open-flags")]
    public void ErrorMessageIsErrnoAndStrerror()
    {
        using var h = StartHarness();
        var error = Verdict.Throws(h.Call("open", InCaseDir("missing.txt"), "r"), "ENOENT", "open(missing, 'r')");
        // The platform's number and text for ENOENT, from libc through Mono.Unix.
        int n = Mono.Unix.Native.NativeConvert.FromErrno(Mono.Unix.Native.Errno.ENOENT);
        Verdict.Equal<int?>(n, error.Code, "the error's code");
        Verdict.Equal($"[errno {n}] {Mono.Unix.Native.Stdlib.strerror(Mono.Unix.Native.Errno.ENOENT)}", error.Message, "the error's message");
    }

    [Test, Case("open/errors/eexist/no-fd-leaked", "open", Spec = "'wx' = O_TRUNC | O_CREAT | O_WRONLY | O_EXCL: like 'w', but fails if the path exists", Tags = "open-flags")]
    public void FailedOpenLeaksNothing()
    {
        File.WriteAllText(InCaseDir("f.txt"), Content);
        using var h = StartHarness();
        int before = FdOracle.List(h.Pid).Count;
        for (int i = 0; i < 5; i++)
            Verdict.Throws(h.Call("open", InCaseDir("f.txt"), "wx"), "EEXIST", "open(existing, 'wx')");
        Verdict.Equal(before, FdOracle.List(h.Pid).Count, "number of fds the harness holds (kernel) after 5 failed opens");
    }
}
