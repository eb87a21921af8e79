using Mono.Unix.Native;
using NUnit.Framework;
using static OsConformance.Reference.Tests.TestSupport;

namespace OsConformance.Reference.Tests;

// Never changes the test host's ids: as root, only calls that set what is already there.
public class IdsTests
{
    [SetUp] public void Linux() => RequireLinux();

    private static int[] StatusIds(string key) =>
        StatusLine(key).Split(['\t', ' '], StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToArray();

    [Test]
    public void GetPid_GetPpid()
    {
        Assert.That(Os.GetPid(), Is.EqualTo(Environment.ProcessId));
        string stat = File.ReadAllText("/proc/self/stat");
        int ppid = int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1]);
        Assert.That(Os.GetPpid(), Is.EqualTo(ppid));
    }

    [Test]
    public void Uids_And_Gids_MatchTheKernel()
    {
        int[] uid = StatusIds("Uid"), gid = StatusIds("Gid"); // real, effective, saved, fs
        Assert.That(Os.GetUid(), Is.EqualTo(uid[0]));
        Assert.That(Os.GetEuid(), Is.EqualTo(uid[1]));
        Assert.That(Os.GetGid(), Is.EqualTo(gid[0]));
        Assert.That(Os.GetEgid(), Is.EqualTo(gid[1]));
        Assert.That((uint)Os.GetUid(), Is.EqualTo(Syscall.getuid()));
        Assert.That((uint)Os.GetEgid(), Is.EqualTo(Syscall.getegid()));
    }

    [Test]
    public void GetGroups_MatchesTheKernel()
    {
        Assert.That(Os.GetGroups(), Is.EquivalentTo(StatusIds("Groups")));
    }

    [Test]
    public void GetGroups_NonEmptyList_MatchesTheKernel()
    {
        int[] groups = StatusIds("Groups");
        if (groups.Length == 0)
        {
            // A root test host often has no supplementary groups: lend it its own gid as one, then restore.
            if (Syscall.geteuid() != 0) Assert.Ignore("no supplementary groups, and only root may add one");
            Os.SetGroups([Os.GetEgid()]);
        }
        try
        {
            Assert.That(StatusIds("Groups"), Is.Not.Empty);
            Assert.That(Os.GetGroups(), Is.EquivalentTo(StatusIds("Groups")));
        }
        finally
        {
            if (groups.Length == 0) Os.SetGroups([]);
        }
        Assert.That(StatusIds("Groups"), Is.EquivalentTo(groups));
    }

    [Test]
    public void SetIds_NegativeIsOutOfRange_BeforeAnySyscall()
    {
        int[] uids = StatusIds("Uid"), gids = StatusIds("Gid");
        Assert.Throws<ArgumentOutOfRangeException>(() => Os.SetUid(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Os.SetGid(-5));
        Assert.Throws<ArgumentOutOfRangeException>(() => Os.SetGroups([0, -1]));
        Assert.That(StatusIds("Uid"), Is.EqualTo(uids));
        Assert.That(StatusIds("Gid"), Is.EqualTo(gids));
    }

    [Test]
    public void SetUid_SetGid_ToTheCurrentIds_AreNoOps()
    {
        int[] uids = StatusIds("Uid"), gids = StatusIds("Gid");
        Assume.That(uids.Distinct().Count(), Is.EqualTo(1), "real, effective and saved uid must already be equal");
        Assume.That(gids.Distinct().Count(), Is.EqualTo(1), "real, effective and saved gid must already be equal");
        Os.SetUid(uids[0]);
        Os.SetGid(gids[0]);
        Assert.That(StatusIds("Uid"), Is.EqualTo(uids));
        Assert.That(StatusIds("Gid"), Is.EqualTo(gids));
    }

    [Test]
    public void SetGroups_ToTheCurrentList_AndNullWhenAlreadyEmpty()
    {
        Assume.That(Syscall.geteuid(), Is.EqualTo(0u), "setgroups needs CAP_SETGID");
        int[] groups = StatusIds("Groups");
        Os.SetGroups(groups);
        Assert.That(StatusIds("Groups"), Is.EquivalentTo(groups));
        if (groups.Length == 0)
        {
            Os.SetGroups(null);
            Os.SetGroups([]);
            Assert.That(StatusIds("Groups"), Is.Empty);
        }
    }

    [Test]
    public void SetGroups_MoreThanTheKernelTakes_IsEINVAL_OrEPERMWithoutPrivilege()
    {
        int max = int.Parse(File.ReadAllText("/proc/sys/kernel/ngroups_max").Trim());
        int[] groups = StatusIds("Groups");
        // The kernel checks the privilege first, then the size: nothing is changed either way.
        var e = ThrowsOs(Syscall.geteuid() == 0 ? "EINVAL" : "EPERM", () => Os.SetGroups(new int[max + 1]));
        Assert.That(e.Syscall, Is.EqualTo("setgroups"));
        Assert.That(StatusIds("Groups"), Is.EquivalentTo(groups));
    }

    [Test]
    public void SetIds_WithoutPrivilege_AreEPERM()
    {
        Assume.That(Syscall.geteuid(), Is.Not.EqualTo(0u), "only an unprivileged process gets EPERM");
        Assume.That(Os.GetUid(), Is.Not.EqualTo(0));
        var e = ThrowsOs("EPERM", () => Os.SetUid(0));
        Assert.That(e.Syscall, Is.EqualTo("setuid"));
        ThrowsOs("EPERM", () => Os.SetGroups([0]));
        ThrowsOs("EPERM", () => Os.SetGroups(null));
        if (Os.GetGid() != 0) ThrowsOs("EPERM", () => Os.SetGid(0));
    }
}
