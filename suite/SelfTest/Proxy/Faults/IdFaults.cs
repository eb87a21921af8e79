using OsConformance.Harness;
using OsConformance.Reference;
using static OsConformance.SelfTest.Proxy.Kit;

namespace OsConformance.SelfTest.Proxy.Faults;

/// <summary>User, group and supplementary ids: the real/effective confusions and the setters.</summary>
internal static class IdFaults
{
    private static readonly string[] Ids = ["getuid", "geteuid", "getgid", "getegid", "getgroups", "setuid", "setgid", "setgroups", "tag:ids", "tag:credentials"];

    public static IEnumerable<Fault> All =>
    [
        Spec("ids/getuid-is-euid", "getuid returns the effective uid", "Returns the real user ID of the calling process.", Ids,
            Replace("getuid", _ => (double)Os.GetEuid())).InCi(),
        Spec("ids/geteuid-is-uid", "geteuid returns the real uid", "Returns the effective user ID of the calling process.", Ids,
            Replace("geteuid", _ => (double)Os.GetUid())),
        Spec("ids/getgid-is-egid", "getgid returns the effective gid", "Returns the real group ID of the calling process.", Ids,
            Replace("getgid", _ => (double)Os.GetEgid())),
        Spec("ids/getegid-is-gid", "getegid returns the real gid", "Returns the effective group ID of the calling process.", Ids,
            Replace("getegid", _ => (double)Os.GetGid())),
        Spec("ids/getgid-is-uid", "getgid returns the uid (getuid called twice)", "Returns the real group ID of the calling process.", Ids,
            Replace("getgid", _ => (double)Os.GetUid())),
        Spec("ids/getgroups-first-only", "getgroups returns only the first supplementary group", "Returns the supplementary group IDs of the calling process.", Ids,
            Result("getgroups", (v, _) => ((List<object?>)v!).Take(1).ToList())),
        Spec("ids/getgroups-adds-egid", "getgroups prepends the effective gid when it is not listed (BSD habit)", "Returns the supplementary group IDs of the calling process.", Ids,
            Result("getgroups", (v, _) => { var l = (List<object?>)v!; double g = Os.GetEgid(); return l.Contains(g) ? l : [g, .. l]; })),
        Spec("ids/getgroups-max-16", "getgroups uses a 16-entry buffer: groups past the 16th are lost", "Returns the supplementary group IDs of the calling process.", Ids,
            Result("getgroups", (v, _) => ((List<object?>)v!).Take(16).ToList())),
        Spec("ids/setgroups-drops-last", "setgroups loses the last group (off by one)", "Sets the supplementary group IDs for the calling process.", Ids,
            Arguments("setgroups", a => a[0] is List<object?> { Count: > 0 } l ? With(a, 0, l.Take(l.Count - 1).ToList()) : a)).InCi(),
        Decision("ids/setgroups-null-noop", "setgroups(null) leaves the groups as they are", "setgroups-null", Ids,
            layer => layer.Wrap("setgroups", f => a => a.IsAbsent(0) ? Undefined.Value : f(a))),
        Spec("ids/setuid-eperm-swallowed", "setuid ignores its failure (EPERM is not thrown)", "Sets the effective user ID of the calling process.", Ids,
            Swallowing("setuid", "EPERM")),
        Spec("ids/setgid-eperm-swallowed", "setgid ignores its failure (EPERM is not thrown)", "Sets the effective group ID of the calling process.", Ids,
            Swallowing("setgid", "EPERM")),
        Spec("ids/setuid-noop", "setuid returns without calling setuid(2)", "Sets the effective user ID of the calling process.", Ids,
            Replace("setuid", a => { a.Int(0, "uid"); return Undefined.Value; })),
        Spec("ids/setgid-sets-uid", "setgid calls setuid(2) (copy and paste)", "Sets the effective group ID of the calling process.", Ids,
            Replace("setgid", a => { Os.SetUid(a.Int(0, "gid")); return Undefined.Value; })),
    ];

    private static Action<FaultLayer> Swallowing(string fn, string errno) => layer => layer.Wrap(fn, f => a =>
    {
        try { return f(a); }
        catch (OsException e) when (e.ErrnoName == errno) { return Undefined.Value; }
    });
}
