using Mono.Unix.Native;
using NUnit.Framework;
using OsConformance.Protocol;
using OsConformance.Suite.Infrastructure;
using OsConformance.Suite.Oracles;

namespace OsConformance.Suite.Stat;

/// <summary>
/// os.stat on set-ups where no two fields coincide and numbers sit past the 32-bit boundaries, so a
/// swapped, confused or truncated field cannot pass by luck (docs/selftest.md found these blind spots).
/// </summary>
public sealed class StatEdgeCases : ConformanceFixture
{
    private const string Obtain = "Obtain information about the file pointed to by path.";
    private const string Times = "docs/decisions.md#stat-times";

    private IReadOnlyDictionary<string, JsValue> StatThroughHarness(string path, string what)
    {
        using var h = StartHarness();
        var value = Verdict.Returns(h.Call("stat", path), $"stat({what})");
        Verdict.That(value is JsObject, $"stat({what})", "an Object", value.ToString());
        return ((JsObject)value).Props;
    }

    private static double Field(IReadOnlyDictionary<string, JsValue> props, string field, string what)
    {
        Verdict.That(props.TryGetValue(field, out var v) && v is JsNumber, $"stat({what}).{field}", "a Number",
            props.TryGetValue(field, out var got) ? got.ToString() : "missing");
        return ((JsNumber)props[field]).Value;
    }

    [Test, Case("stat/distinct/uid-and-gid", "stat", Spec = Obtain, Tags = "stat,needs-root,linux-only")]
    public void DistinctOwnerAndGroup()
    {
        // Root and nobody both own files whose uid equals their gid; chown makes every id differ.
        string path = InCaseDir("owned");
        File.WriteAllText(path, "x");
        const int Uid = 1234, Gid = 5678;
        if (Syscall.chown(path, Uid, Gid) != 0)
            throw new InvalidOperationException($"setup: chown({path}, {Uid}, {Gid}) failed: {Stdlib.GetLastError()}");
        var props = StatThroughHarness(path, "a file owned by 1234:5678");
        var kernel = StatOracle.Stat(path);
        Verdict.Equal((double)kernel.Uid, Field(props, "uid", "owned"), "stat(owned).uid");
        Verdict.Equal((double)kernel.Gid, Field(props, "gid", "owned"), "stat(owned).gid");
    }

    [Test, Case("stat/boundaries/size-above-4g", "stat", Spec = Obtain, Tags = "stat")]
    public void SizeAboveFourGiB()
    {
        // A sparse file past 2^32 bytes: an int32 or uint32 size wraps, a double does not.
        string path = InCaseDir("sparse");
        try
        {
            using var f = new FileStream(path, FileMode.Create, FileAccess.Write);
            f.SetLength((1L << 32) + 5);
        }
        catch (IOException e) { Verdict.Unsupported($"the case directory's filesystem has no sparse 4 GiB file: {e.Message}"); }
        var props = StatThroughHarness(path, "a sparse file of 2^32 + 5 bytes");
        Verdict.Equal((double)StatOracle.Stat(path).Size, Field(props, "size", "sparse"), "stat(sparse).size");
    }

    [Test, Case("stat/boundaries/ino-above-2-31", "stat", Spec = Obtain, Tags = "stat,linux-only")]
    public void InodeAboveInt32()
    {
        // The network namespace's nsfs inode (4026531840 and up) is past 2^31: an int32 ino turns negative.
        using var h = StartHarness();
        string path = $"/proc/{h.Pid}/ns/net";
        var value = Verdict.Returns(h.Call("stat", path), $"stat({path})");
        Verdict.That(value is JsObject, $"stat({path})", "an Object", value.ToString());
        var kernel = StatOracle.Stat(path);
        if (kernel.Ino <= int.MaxValue)
            Verdict.Unsupported($"{path} has inode {kernel.Ino}, not above 2^31");
        Verdict.Equal((double)kernel.Ino, Field(((JsObject)value).Props, "ino", path), $"stat({path}).ino");
    }

    [Test, Case("stat/distinct/times", "stat", Decision = Times, Tags = "stat")]
    public void DistinctTimes()
    {
        // atime and mtime set to different past instants with sub-millisecond parts; ctime and the birth
        // time are now: four different times, none on a whole second or millisecond.
        string path = InCaseDir("dated");
        File.WriteAllText(path, "x");
        File.SetLastWriteTimeUtc(path, new DateTime(2001, 2, 3, 4, 5, 6, DateTimeKind.Utc).AddTicks(1234567));
        File.SetLastAccessTimeUtc(path, new DateTime(2002, 3, 4, 5, 6, 7, DateTimeKind.Utc).AddTicks(7654321));
        var props = StatThroughHarness(path, "a file with distinct times");
        var kernel = StatOracle.Stat(path);
        foreach (var (field, t) in new[] { ("atime", kernel.Atime), ("mtime", kernel.Mtime), ("ctime", kernel.Ctime) })
        {
            Verdict.That(props.TryGetValue(field, out var v) && v is JsDate { Ms: not null }, $"stat(dated).{field}", "a valid Date",
                props.TryGetValue(field, out var got) ? got.ToString() : "missing");
            Verdict.Equal((double)t.Milliseconds, ((JsDate)props[field]).Ms!.Value, $"stat(dated).{field} (ms, truncated from {t})");
        }
    }
}
