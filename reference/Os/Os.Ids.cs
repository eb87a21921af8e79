using E = OsConformance.Reference.Interop.Errno;

namespace OsConformance.Reference;

public static partial class Os
{
    public static int GetPid() => Interop.getpid();
    public static int GetPpid() => Interop.getppid();
    public static int GetUid() => (int)Interop.getuid();
    public static int GetEuid() => (int)Interop.geteuid();
    public static int GetGid() => (int)Interop.getgid();
    public static int GetEgid() => (int)Interop.getegid();

    public static unsafe int[] GetGroups()
    {
        while (true)
        {
            int n = Interop.getgroups(0, null);
            if (n < 0) throw new OsException(E.Last, "getgroups");
            var groups = new int[n];
            if (n == 0) return groups;
            fixed (int* p = groups)
            {
                int got = Interop.getgroups(n, (uint*)p);
                if (got >= 0) return got == n ? groups : groups[..got];
                // EINVAL: the list grew between the two calls; ask again.
                if (E.Last != E.EINVAL) throw new OsException(E.Last, "getgroups");
            }
        }
    }

    public static void SetUid(int uid)
    {
        CheckId(uid, nameof(uid));
        if (Interop.setuid((uint)uid) < 0) throw new OsException(E.Last, "setuid");
    }

    public static void SetGid(int gid)
    {
        CheckId(gid, nameof(gid));
        if (Interop.setgid((uint)gid) < 0) throw new OsException(E.Last, "setgid");
    }

    /// <summary>null clears the supplementary groups (docs/decisions.md#setgroups-null).</summary>
    public static unsafe void SetGroups(IReadOnlyList<int>? groups)
    {
        var list = new uint[groups?.Count ?? 0];
        for (int i = 0; i < list.Length; i++)
        {
            CheckId(groups![i], nameof(groups));
            list[i] = (uint)groups[i];
        }
        fixed (uint* p = list)
            if (Interop.setgroups(list.Length, list.Length == 0 ? null : p) < 0)
                throw new OsException(E.Last, "setgroups");
    }

    // uid_t and gid_t are unsigned, and (uid_t)-1 means "no change" to the kernel: refuse negatives.
    private static void CheckId(int id, string name)
    {
        if (id < 0) throw new ArgumentOutOfRangeException(name, id, "ids must be >= 0");
    }
}
