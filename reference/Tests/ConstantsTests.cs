using Mono.Unix.Native;
using NUnit.Framework;

namespace OsConformance.Reference.Tests;

public class ConstantsTests
{
    private static readonly string[] ExpectedNames =
    [
        "O_APPEND", "O_CREAT", "O_EXCL", "O_RDONLY", "O_RDWR", "O_SYNC", "O_TRUNC", "O_WRONLY",
        "S_IFDIR", "S_IFCHR", "S_IFBLK", "S_IFREG", "S_IFIFO", "S_IFLNK", "S_IFSOCK",
        "S_ISUID", "S_ISGID", "S_ISVTX", "S_IREAD", "S_IWRITE", "S_IEXEC",
        "S_IRWXU", "S_IRUSR", "S_IWUSR", "S_IXUSR", "S_IRWXG", "S_IRGRP", "S_IWGRP", "S_IXGRP",
        "S_IRWXO", "S_IROTH", "S_IWOTH", "S_IXOTH",
        "WCONTINUED", "WNOHANG", "WUNTRACED", "STDIN_FILENO", "STDOUT_FILENO", "STDERR_FILENO",
    ];

    // Values printed by a C program compiled with gcc against glibc 2.36 headers on x86_64 (docs/constants.md).
    private static readonly Dictionary<string, int> LinuxFromGcc = new()
    {
        ["O_APPEND"] = 1024, ["O_CREAT"] = 64, ["O_EXCL"] = 128, ["O_RDONLY"] = 0, ["O_RDWR"] = 2,
        ["O_SYNC"] = 1052672, ["O_TRUNC"] = 512, ["O_WRONLY"] = 1,
        ["S_IFDIR"] = 16384, ["S_IFCHR"] = 8192, ["S_IFBLK"] = 24576, ["S_IFREG"] = 32768,
        ["S_IFIFO"] = 4096, ["S_IFLNK"] = 40960, ["S_IFSOCK"] = 49152,
        ["S_ISUID"] = 2048, ["S_ISGID"] = 1024, ["S_ISVTX"] = 512, ["S_IREAD"] = 256, ["S_IWRITE"] = 128,
        ["S_IEXEC"] = 64, ["S_IRWXU"] = 448, ["S_IRUSR"] = 256, ["S_IWUSR"] = 128, ["S_IXUSR"] = 64,
        ["S_IRWXG"] = 56, ["S_IRGRP"] = 32, ["S_IWGRP"] = 16, ["S_IXGRP"] = 8,
        ["S_IRWXO"] = 7, ["S_IROTH"] = 4, ["S_IWOTH"] = 2, ["S_IXOTH"] = 1,
        ["WCONTINUED"] = 8, ["WNOHANG"] = 1, ["WUNTRACED"] = 2,
        ["STDIN_FILENO"] = 0, ["STDOUT_FILENO"] = 1, ["STDERR_FILENO"] = 2,
    };

    [Test]
    public void Constants_HasExactlyTheBindingsSet() =>
        Assert.That(Os.Constants.Keys, Is.EquivalentTo(ExpectedNames));

    [Test]
    public void Constants_MatchTheirFields()
    {
        foreach (string name in ExpectedNames)
        {
            var field = typeof(Os).GetField(name)!;
            Assert.That(field, Is.Not.Null, name);
            Assert.That(Os.Constants[name], Is.EqualTo((int)field.GetValue(null)!), name);
        }
    }

    [Test]
    public void Constants_MatchGccOnLinux()
    {
        Assume.That(OperatingSystem.IsLinux(), "Linux values");
        foreach (string name in ExpectedNames)
            Assert.That(Os.Constants[name], Is.EqualTo(LinuxFromGcc[name]), name);
    }

    [Test]
    public void Constants_MatchTheHeadersCompiledNow()
    {
        foreach (string name in ExpectedNames)
            Assert.That(Os.Constants[name], Is.EqualTo(COracle.Constant(name)), name);
    }

    [Test]
    public void PlatformFlags_MatchTheHeadersCompiledNow()
    {
        Assert.That(Interop.Platform.O_CLOEXEC, Is.EqualTo(COracle.Constant("O_CLOEXEC")));
        Assert.That(Interop.Platform.O_NONBLOCK, Is.EqualTo(COracle.Constant("O_NONBLOCK")));
        Assert.That(Interop.Platform.F_DUPFD_CLOEXEC, Is.EqualTo(COracle.Constant("F_DUPFD_CLOEXEC")));
        Assert.That(Interop.Platform.AT_FDCWD, Is.EqualTo(COracle.Constant("AT_FDCWD")));
    }

    [Test]
    public void OpenFlags_MatchMonoUnix()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Os.O_APPEND, Is.EqualTo(NativeConvert.FromOpenFlags(OpenFlags.O_APPEND)));
            Assert.That(Os.O_CREAT, Is.EqualTo(NativeConvert.FromOpenFlags(OpenFlags.O_CREAT)));
            Assert.That(Os.O_EXCL, Is.EqualTo(NativeConvert.FromOpenFlags(OpenFlags.O_EXCL)));
            Assert.That(Os.O_RDONLY, Is.EqualTo(NativeConvert.FromOpenFlags(OpenFlags.O_RDONLY)));
            Assert.That(Os.O_RDWR, Is.EqualTo(NativeConvert.FromOpenFlags(OpenFlags.O_RDWR)));
            Assert.That(Os.O_SYNC, Is.EqualTo(NativeConvert.FromOpenFlags(OpenFlags.O_SYNC)));
            Assert.That(Os.O_TRUNC, Is.EqualTo(NativeConvert.FromOpenFlags(OpenFlags.O_TRUNC)));
            Assert.That(Os.O_WRONLY, Is.EqualTo(NativeConvert.FromOpenFlags(OpenFlags.O_WRONLY)));
            Assert.That(Interop.Platform.O_NONBLOCK, Is.EqualTo(NativeConvert.FromOpenFlags(OpenFlags.O_NONBLOCK)));
            Assert.That(Interop.Platform.O_CLOEXEC, Is.EqualTo(NativeConvert.FromOpenFlags(OpenFlags.O_CLOEXEC)));
        });
    }

    private static int Perm(FilePermissions p) => (int)NativeConvert.FromFilePermissions(p);

    [Test]
    public void ModeBits_MatchMonoUnix()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Os.S_IFDIR, Is.EqualTo(Perm(FilePermissions.S_IFDIR)));
            Assert.That(Os.S_IFCHR, Is.EqualTo(Perm(FilePermissions.S_IFCHR)));
            Assert.That(Os.S_IFBLK, Is.EqualTo(Perm(FilePermissions.S_IFBLK)));
            Assert.That(Os.S_IFREG, Is.EqualTo(Perm(FilePermissions.S_IFREG)));
            Assert.That(Os.S_IFIFO, Is.EqualTo(Perm(FilePermissions.S_IFIFO)));
            Assert.That(Os.S_IFLNK, Is.EqualTo(Perm(FilePermissions.S_IFLNK)));
            Assert.That(Os.S_IFSOCK, Is.EqualTo(Perm(FilePermissions.S_IFSOCK)));
            Assert.That(Os.S_ISUID, Is.EqualTo(Perm(FilePermissions.S_ISUID)));
            Assert.That(Os.S_ISGID, Is.EqualTo(Perm(FilePermissions.S_ISGID)));
            Assert.That(Os.S_ISVTX, Is.EqualTo(Perm(FilePermissions.S_ISVTX)));
            // S_IREAD, S_IWRITE, S_IEXEC are the old names of the owner bits.
            Assert.That(Os.S_IREAD, Is.EqualTo(Perm(FilePermissions.S_IRUSR)));
            Assert.That(Os.S_IWRITE, Is.EqualTo(Perm(FilePermissions.S_IWUSR)));
            Assert.That(Os.S_IEXEC, Is.EqualTo(Perm(FilePermissions.S_IXUSR)));
            Assert.That(Os.S_IRWXU, Is.EqualTo(Perm(FilePermissions.S_IRWXU)));
            Assert.That(Os.S_IRUSR, Is.EqualTo(Perm(FilePermissions.S_IRUSR)));
            Assert.That(Os.S_IWUSR, Is.EqualTo(Perm(FilePermissions.S_IWUSR)));
            Assert.That(Os.S_IXUSR, Is.EqualTo(Perm(FilePermissions.S_IXUSR)));
            Assert.That(Os.S_IRWXG, Is.EqualTo(Perm(FilePermissions.S_IRWXG)));
            Assert.That(Os.S_IRGRP, Is.EqualTo(Perm(FilePermissions.S_IRGRP)));
            Assert.That(Os.S_IWGRP, Is.EqualTo(Perm(FilePermissions.S_IWGRP)));
            Assert.That(Os.S_IXGRP, Is.EqualTo(Perm(FilePermissions.S_IXGRP)));
            Assert.That(Os.S_IRWXO, Is.EqualTo(Perm(FilePermissions.S_IRWXO)));
            Assert.That(Os.S_IROTH, Is.EqualTo(Perm(FilePermissions.S_IROTH)));
            Assert.That(Os.S_IWOTH, Is.EqualTo(Perm(FilePermissions.S_IWOTH)));
            Assert.That(Os.S_IXOTH, Is.EqualTo(Perm(FilePermissions.S_IXOTH)));
            Assert.That(Os.S_IFMT, Is.EqualTo(Perm(FilePermissions.S_IFMT)));
        });
    }

    [Test]
    public void WaitOptions_MatchMonoUnix()
    {
        // Mono.Unix has no WCONTINUED: that one is checked against the compiled headers above.
        Assert.That(Os.WNOHANG, Is.EqualTo(NativeConvert.FromWaitOptions(WaitOptions.WNOHANG)));
        Assert.That(Os.WUNTRACED, Is.EqualTo(NativeConvert.FromWaitOptions(WaitOptions.WUNTRACED)));
    }

    [Test]
    public void Functions_AreThe51DocumentedNames()
    {
        string[] expected =
        [
            "abort", "chdir", "cloexec", "close", "dup", "dup2", "execv", "execvp", "execve", "execvpe", "exit", "_exit",
            "fork", "getegid", "geteuid", "getgid", "getgroups", "getpid", "getppid", "getuid", "isatty", "nonblock",
            "open", "pipe", "read", "scandir", "setgid", "setgroups", "setuid", "setsid", "stat", "ttyname", "unlink",
            "urandom", "waitpid", "write", "S_IMODE", "S_ISDIR", "S_ISCHR", "S_ISBLK", "S_ISREG", "S_ISFIFO",
            "S_ISLNK", "S_ISSOCK", "WIFEXITED", "WEXITSTATUS", "WIFSIGNALED", "WTERMSIG", "WIFSTOPPED", "WSTOPSIG",
            "WIFCONTINUED",
        ];
        Assert.That(expected, Has.Length.EqualTo(51));
        Assert.That(Os.Functions, Is.EquivalentTo(expected));
        Assert.That(Os.Functions.Distinct().Count(), Is.EqualTo(51));
    }

    [Test]
    public void Functions_EachHasAPublicMethod()
    {
        var methods = typeof(Os).GetMethods().Select(m => m.Name.ToLowerInvariant()).ToHashSet();
        foreach (string fn in Os.Functions)
            Assert.That(methods, Does.Contain(fn.ToLowerInvariant()), fn);
    }
}
