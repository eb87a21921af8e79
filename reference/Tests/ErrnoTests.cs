using Mono.Unix.Native;
using NUnit.Framework;

namespace OsConformance.Reference.Tests;

public class ErrnoTests
{
    // Names that are aliases of one number; the table uses the header's primary name.
    private static readonly Dictionary<string, string[]> Aliases = new()
    {
        ["EAGAIN"] = ["EWOULDBLOCK"],
        ["EDEADLK"] = ["EDEADLOCK"],
        ["EOPNOTSUPP"] = ["ENOTSUP"],
    };

    [Test]
    public void Names_MatchMonoUnix_ForEveryNumber()
    {
        int compared = 0;
        for (int n = 1; n < 200; n++)
        {
            Errno mono;
            try { mono = NativeConvert.ToErrno(n); }
            catch (ArgumentOutOfRangeException) { continue; } // Mono does not know this number
            string ours = Interop.Errno.Name(n);
            string monoName = mono.ToString();
            bool same = ours == monoName || (Aliases.TryGetValue(ours, out var alias) && alias.Contains(monoName));
            Assert.That(same, Is.True, $"errno {n}: ours {ours}, Mono.Unix {monoName}");
            compared++;
        }
        Assert.That(compared, Is.GreaterThan(100), "Mono.Unix should know most numbers");
    }

    [Test]
    public void Names_RoundTripThroughMonoUnix()
    {
        foreach (string name in new[] { "EPERM", "ENOENT", "EBADF", "EEXIST", "ENOTDIR", "EISDIR", "ENOTTY", "EACCES",
                     "EAGAIN", "EINTR", "ECHILD", "EINVAL", "ELOOP", "ENAMETOOLONG", "ESTALE", "ETIMEDOUT", "ERANGE", "ENOEXEC" })
        {
            int? ours = Interop.Errno.Number(name);
            Assert.That(ours, Is.Not.Null, name);
            Assert.That(ours, Is.EqualTo(NativeConvert.FromErrno(Enum.Parse<Errno>(name))), name);
        }
    }

    [Test]
    public void BranchNumbers_MatchMonoUnix()
    {
        Assert.That(Interop.Errno.EINTR, Is.EqualTo(NativeConvert.FromErrno(Errno.EINTR)));
        Assert.That(Interop.Errno.ENOENT, Is.EqualTo(NativeConvert.FromErrno(Errno.ENOENT)));
        Assert.That(Interop.Errno.EACCES, Is.EqualTo(NativeConvert.FromErrno(Errno.EACCES)));
        Assert.That(Interop.Errno.ENOEXEC, Is.EqualTo(NativeConvert.FromErrno(Errno.ENOEXEC)));
        Assert.That(Interop.Errno.ENOTDIR, Is.EqualTo(NativeConvert.FromErrno(Errno.ENOTDIR)));
        Assert.That(Interop.Errno.EINVAL, Is.EqualTo(NativeConvert.FromErrno(Errno.EINVAL)));
        Assert.That(Interop.Errno.ERANGE, Is.EqualTo(NativeConvert.FromErrno(Errno.ERANGE)));
        Assert.That(Interop.Errno.ENODEV, Is.EqualTo(NativeConvert.FromErrno(Errno.ENODEV)));
        Assert.That(Interop.Errno.EBADF, Is.EqualTo(NativeConvert.FromErrno(Errno.EBADF)));
        Assert.That(Interop.Errno.ESTALE, Is.EqualTo(NativeConvert.FromErrno(Errno.ESTALE)));
        Assert.That(Interop.Errno.ETIMEDOUT, Is.EqualTo(NativeConvert.FromErrno(Errno.ETIMEDOUT)));
        Assert.That(Interop.Errno.ELOOP, Is.EqualTo(NativeConvert.FromErrno(Errno.ELOOP)));
        Assert.That(Interop.Errno.ENAMETOOLONG, Is.EqualTo(NativeConvert.FromErrno(Errno.ENAMETOOLONG)));
    }

    [Test]
    public void Name_UnknownNumber() => Assert.That(Interop.Errno.Name(100000), Is.EqualTo("EUNKNOWN"));

    [Test]
    public void Number_UnknownName_IsNull() => Assert.That(Interop.Errno.Number("ENOSUCHERRNO"), Is.Null);

    [Test]
    public void StrError_IsTheCLibraryText()
    {
        Assert.That(Interop.Errno.StrError(2), Is.EqualTo(Syscall.strerror(Errno.ENOENT)));
        Assert.That(Interop.Errno.StrError(9), Is.EqualTo(Syscall.strerror(Errno.EBADF)));
    }

    [Test]
    public void OsException_CarriesNameNumberSyscallPathAndMessage()
    {
        var e = new OsException(2, "open", "/x");
        Assert.That(e.Errno, Is.EqualTo(2));
        Assert.That(e.ErrnoName, Is.EqualTo("ENOENT"));
        Assert.That(e.Syscall, Is.EqualTo("open"));
        Assert.That(e.Path, Is.EqualTo("/x"));
        Assert.That(e.Message, Is.EqualTo("[errno 2] " + Syscall.strerror(Errno.ENOENT)));
    }
}
