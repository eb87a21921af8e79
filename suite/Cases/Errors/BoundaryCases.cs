using NUnit.Framework;
using OsConformance.Protocol;
using OsConformance.Suite.Infrastructure;
using OsConformance.Suite.Oracles;
using static OsConformance.Suite.Fds.FdSupport;

namespace OsConformance.Suite.Errors;

/// <summary>
/// Numeric arguments at the edges of the C int they become: past the int32 range (a wrap modulo 2^32 would
/// turn 2^32 + fd into fd), NaN and the infinities (a conversion to 0 would act on fd 0 or size 0), and the
/// last values inside the range, which must reach the syscall. Every platform (no strace): the error's kind,
/// and the kernel's or the filesystem's state where a converted number would have changed it.
/// </summary>
public sealed class BoundaryCases : ConformanceFixture
{
    private const string Decision = "docs/decisions.md#argument-validation";
    private const double TwoTo31 = 2147483648.0, TwoTo32 = 4294967296.0;

    /// <summary>What a call is made of: an open fd on a file of the case directory, a path that does not exist.</summary>
    private sealed record Setting(int Fd, string Path);

    /// <summary>fn, the label, the arguments; after: what must be unchanged when the call threw a RangeError.</summary>
    private sealed record Row(string Fn, string Kind, string Label, Func<Setting, JsValue[]> Args, string After = "");

    private static readonly Row[] Rows =
    [
        // Past the int32 range: ToInt32 would make each of these a valid, different argument.
        new("close", "int32", "fd-plus-2-to-32", s => [s.Fd + TwoTo32], After: "fd-open"),
        new("close", "int32", "fd-2-to-31", s => [TwoTo31], After: "fd-open"),
        new("close", "int32", "fd-below-minus-2-to-31", s => [-TwoTo31 - 1], After: "fd-open"),
        new("dup", "int32", "oldfd-plus-2-to-32", s => [s.Fd + TwoTo32], After: "fd-count"),
        new("dup2", "int32", "newfd-40-plus-2-to-32", s => [s.Fd, 40 + TwoTo32], After: "fd-40-closed"),
        new("nonblock", "int32", "fd-plus-2-to-32", s => [s.Fd + TwoTo32, true], After: "fd-blocking"),
        new("isatty", "int32", "fd-2-to-32", s => [TwoTo32]),
        new("read", "int32", "nread-16-plus-2-to-32", s => [s.Fd, 16 + TwoTo32], After: "offset-0"),
        new("open", "int32", "mode-0644-plus-2-to-32", s => [s.Path, "w", 420 + TwoTo32], After: "path-missing"),
        new("open", "int32", "flags-2-to-32", s => [s.Path, TwoTo32], After: "path-missing"),
        new("urandom", "int32", "size-8-plus-2-to-32", s => [8 + TwoTo32]),
        new("waitpid", "int32", "pid-minus-1-plus-2-to-32", s => [-1 + TwoTo32]),
        new("setuid", "int32", "uid-2-to-32", s => [TwoTo32]),
        new("setgid", "int32", "gid-2-to-32", s => [TwoTo32]),
        new("S_IMODE", "int32", "mode-0644-plus-2-to-32", s => [420 + TwoTo32]),
        new("WEXITSTATUS", "int32", "status-0x300-plus-2-to-32", s => [0x300 + TwoTo32]),
        // Not integers: NaN and the infinities, which a conversion to 0 would make fd 0, size 0 or mode 0.
        new("dup", "nan", "oldfd-nan", s => [double.NaN], After: "fd-count"),
        new("dup", "infinity", "oldfd-infinity", s => [double.PositiveInfinity], After: "fd-count"),
        new("read", "nan", "nread-nan", s => [s.Fd, double.NaN], After: "offset-0"),
        new("read", "infinity", "nread-infinity", s => [s.Fd, double.PositiveInfinity], After: "offset-0"),
        new("open", "nan", "mode-nan", s => [s.Path, "w", double.NaN], After: "path-missing"),
        new("isatty", "nan", "fd-nan", s => [double.NaN]),
        new("waitpid", "nan", "pid-nan", s => [double.NaN]),
        new("setgid", "nan", "gid-nan", s => [double.NaN]),
        new("S_IMODE", "nan", "mode-nan", s => [double.NaN]),
        new("S_IMODE", "infinity", "mode-minus-infinity", s => [double.NegativeInfinity]),
        new("WIFEXITED", "nan", "status-nan", s => [double.NaN]),
        new("WEXITSTATUS", "infinity", "status-infinity", s => [double.PositiveInfinity]),
    ];

    public static IEnumerable<TestCaseData> OutOfRange() => Rows.Select(r =>
        CaseData.Of($"{r.Fn}/arguments/{r.Kind}/{r.Label}/range-error", r.Fn, decision: Decision, tags: "arguments", args: [r.Fn, r.Label]));

    /// <summary>The call throws a RangeError, and what a converted number would have changed is unchanged.</summary>
    [TestCaseSource(nameof(OutOfRange))]
    public void RefusedAsRange(string fn, string label)
    {
        var row = Rows.Single(r => r.Fn == fn && r.Label == label);
        string file = InCaseDir("file.txt");
        File.WriteAllText(file, "0123456789abcdefghij\n");
        using var h = StartHarness("open");
        var s = new Setting(Fd(h.Call("open", file, "r"), "open(file, 'r')"), InCaseDir("absent.txt"));
        int fdsBefore = FdOracle.List(h.Pid).Count;
        var args = row.Args(s);
        string what = $"{fn}({string.Join(", ", args.Select(a => a.ToString()))})";
        var outcome = h.Call(fn, args);
        switch (row.After)
        {
            case "fd-open":
                Verdict.That(FdOracle.Get(h.Pid, s.Fd)?.Target == file, $"fd {s.Fd} after {what} (kernel)", $"still open on {file}", "closed");
                break;
            case "fd-count":
                Verdict.Equal(fdsBefore, FdOracle.List(h.Pid).Count, $"fds the harness holds after {what} (kernel)");
                break;
            case "fd-40-closed":
                Verdict.That(FdOracle.Get(h.Pid, 40) is null, $"fd 40 after {what} (kernel)", "not open", "open");
                break;
            case "fd-blocking":
                Verdict.Equal(false, Kernel(h, s.Fd, "the fd").NonBlocking, $"O_NONBLOCK of fd {s.Fd} after {what} (kernel fdinfo)");
                break;
            case "offset-0":
                Verdict.Equal(0L, Kernel(h, s.Fd, "the fd").Offset, $"the offset of fd {s.Fd} after {what} (kernel fdinfo)");
                break;
            case "path-missing":
                Verdict.That(!File.Exists(s.Path), $"the path after {what}", "not created", "created");
                break;
        }
        Verdict.ThrowsKind(outcome, "range", what);
    }

    public static IEnumerable<TestCaseData> InRange() =>
    [
        CaseData.Of("close/arguments/int32/fd-int32-max/ebadf", "close", decision: Decision, tags: "arguments", args: [2147483647.0]),
        CaseData.Of("close/arguments/int32/fd-int32-min/ebadf", "close", decision: Decision, tags: "arguments", args: [-TwoTo31]),
    ];

    /// <summary>The last fds inside the int32 range are numbers close(2) takes: EBADF from the kernel, not a RangeError.</summary>
    [TestCaseSource(nameof(InRange))]
    public void ReachesTheKernel(double fd)
    {
        using var h = StartHarness();
        Verdict.Throws(h.Call("close", fd), "EBADF", $"close({fd})");
    }
}
