using System.Globalization;
using NUnit.Framework;
using OsConformance.Protocol;
using OsConformance.Suite.Infrastructure;
using OsConformance.Suite.Oracles;
using static OsConformance.Suite.Fds.FdSupport;

namespace OsConformance.Suite.Errors;

/// <summary>
/// Every function with an argument, called once with a wrong type and once out of range: the error's kind,
/// and that nothing reached the kernel, seen by the syscall oracle (the harness runs under strace; two stat
/// calls on marker paths bracket the call, and none of the syscalls the function makes may appear between
/// them in the harness's own process). The status and mode helpers make no syscall: only their kind is judged.
/// </summary>
public sealed class ArgumentCases : ConformanceFixture
{
    private const string Decision = "docs/decisions.md#argument-validation";

    /// <summary>What a bad call is made of: the harness's open fd (a file), and a path that does not exist.</summary>
    private sealed record Setting(int Fd, string Path, int UnknownWaitBit);

    /// <summary>One function's bad calls (null: it has no argument a range can apply to) and the syscalls it would make.</summary>
    private sealed record Row(string Fn, string TypeLabel, Func<Setting, JsValue[]> WrongType,
        string? RangeLabel, Func<Setting, JsValue[]>? OutOfRange, string[] Syscalls, bool OnFd = false);

    private static JsValue FdText(Setting s) => s.Fd.ToString(CultureInfo.InvariantCulture);
    private static JsValue FdAndAHalf(Setting s) => s.Fd + 0.5;

    private static readonly string[] Stats = ["stat", "lstat", "stat64", "lstat64", "newfstatat", "fstatat64", "statx", "fstat"];
    private static readonly string[] Execs = ["execve", "execveat"];
    private static readonly string[] Exits = ["exit", "exit_group"];

    private static readonly Row[] Rows =
    [
        new("chdir", "number-path", s => [42], null, null, ["chdir", "fchdir"]),
        new("scandir", "number-path", s => [42], null, null, ["open", "openat", "getdents", "getdents64"]),
        new("stat", "number-path", s => [42], null, null, Stats),
        new("unlink", "number-path", s => [42], null, null, ["unlink", "unlinkat", "rmdir"]),
        new("execv", "string-args", s => [s.Path, "x"], null, null, Execs),
        new("execvp", "string-args", s => [s.Path, "x"], null, null, Execs),
        new("execve", "string-envp", s => [s.Path, JsValue.Array(s.Path), "x"], null, null, Execs),
        new("execvpe", "string-envp", s => [s.Path, JsValue.Array(s.Path), "x"], null, null, Execs),
        new("open", "boolean-flags", s => [s.Path, true], "mode-above-07777", s => [s.Path, "w", 4096], ["open", "openat", "openat2", "creat"]),
        new("close", "string-fd", s => [FdText(s)], "fraction-fd", s => [FdAndAHalf(s)], ["close"], OnFd: true),
        new("dup", "string-fd", s => [FdText(s)], "fraction-fd", s => [FdAndAHalf(s)], ["dup", "dup2", "dup3", "fcntl"], OnFd: true),
        new("dup2", "string-newfd", s => [s.Fd, "40"], "fraction-newfd", s => [s.Fd, 40.5], ["dup2", "dup3", "fcntl"], OnFd: true),
        new("cloexec", "string-set", s => [s.Fd, "yes"], "fraction-fd", s => [FdAndAHalf(s), true], ["fcntl", "ioctl"], OnFd: true),
        new("nonblock", "string-set", s => [s.Fd, "yes"], "fraction-fd", s => [FdAndAHalf(s), true], ["fcntl", "ioctl"], OnFd: true),
        new("isatty", "string-fd", s => [FdText(s)], "fraction-fd", s => [FdAndAHalf(s)], ["ioctl", "fcntl", "fstat"], OnFd: true),
        new("ttyname", "string-fd", s => [FdText(s)], "fraction-fd", s => [FdAndAHalf(s)], ["ioctl", "fcntl", "fstat", "readlink", "readlinkat"], OnFd: true),
        new("read", "string-nread", s => [s.Fd, "16"], "negative-nread", s => [s.Fd, -1], ["read", "readv", "pread64", "preadv", "preadv2"], OnFd: true),
        new("write", "number-data", s => [s.Fd, 42], "fraction-fd", s => [FdAndAHalf(s), "x"], ["write", "writev", "pwrite64", "pwritev", "pwritev2"], OnFd: true),
        new("urandom", "string-size", s => ["8"], "negative-size", s => [-1], ["getrandom"]),
        new("waitpid", "string-pid", s => ["-1"], "unknown-option-bit", s => [-1, s.UnknownWaitBit], ["wait4", "waitid", "waitpid"]),
        new("setuid", "string-uid", s => ["0"], "negative-uid", s => [-1], ["setuid", "setuid32", "setreuid", "setreuid32", "setresuid", "setresuid32"]),
        new("setgid", "string-gid", s => ["0"], "negative-gid", s => [-1], ["setgid", "setgid32", "setregid", "setregid32", "setresgid", "setresgid32"]),
        new("setgroups", "string-groups", s => ["0"], "negative-gid", s => [JsValue.Array(-1)], ["setgroups", "setgroups32"]),
        new("exit", "string-status", s => ["0"], "fraction-status", s => [0.5], Exits),
        new("_exit", "string-status", s => ["0"], "fraction-status", s => [0.5], Exits),
    ];

    // The helpers that compute on a number and make no syscall.
    private static readonly string[] Helpers =
    [
        "S_IMODE", "S_ISDIR", "S_ISCHR", "S_ISBLK", "S_ISREG", "S_ISFIFO", "S_ISLNK", "S_ISSOCK",
        "WIFEXITED", "WEXITSTATUS", "WIFSIGNALED", "WTERMSIG", "WIFSTOPPED", "WSTOPSIG", "WIFCONTINUED",
    ];

    public static IEnumerable<TestCaseData> Traced()
    {
        foreach (var r in Rows)
        {
            yield return CaseData.Of($"{r.Fn}/arguments/wrong-type/{r.TypeLabel}", r.Fn, decision: Decision,
                tags: "arguments,linux-only", args: [r.Fn, "type"]);
            if (r.RangeLabel is not null)
                yield return CaseData.Of($"{r.Fn}/arguments/out-of-range/{r.RangeLabel}", r.Fn, decision: Decision,
                    tags: "arguments,linux-only", args: [r.Fn, "range"]);
        }
    }

    /// <summary>The harness runs under strace; the call must throw the kind and make none of the function's syscalls.</summary>
    [TestCaseSource(nameof(Traced))]
    public void NeverReachesTheKernel(string fn, string kind)
    {
        if (SyscallOracle.StracePath is null)
            Verdict.Unsupported("strace is not installed (the syscall oracle needs it; Linux only)");
        var row = Rows.Single(r => r.Fn == fn);
        string log = InCaseDir("strace.log"), begin = InCaseDir("osc-trace-begin"), end = InCaseDir("osc-trace-end");
        using var h = StartHarnessTraced(SyscallOracle.Prefix(log), "stat", "open");
        int pid = h.Pid;
        string file = InCaseDir("file.txt");
        File.WriteAllText(file, "data\n");
        var setting = new Setting(Fd(h.Call("open", file, "r+"), "open(file, 'r+')"), InCaseDir("absent"), fn == "waitpid" ? UnknownWaitBit() : 0);
        var args = (kind == "type" ? row.WrongType : row.OutOfRange!)(setting);
        string what = $"{fn}({string.Join(", ", args.Select(a => a.ToString()))})";

        h.Call("stat", begin); // ENOENT; only its trace line matters
        var outcome = h.Call(fn, args);
        h.Call("stat", end);
        h.Stop();
        h.WaitForExit(Remaining); // strace flushes its log when the harness has ended

        Verdict.ThrowsKind(outcome, kind, what);
        var window = SyscallOracle.Between(SyscallOracle.OfProcesses(SyscallOracle.Read(log), [pid]), begin, end);
        if (window is null)
            Verdict.Unsupported("the marker stat calls are missing from the trace (ptrace refused?); see strace.log");
        var reached = window!.Where(c => row.Syscalls.Contains(c.Name) && (!row.OnFd || Names(c, setting.Fd))).Select(c => c.ToString()).ToList();
        Verdict.That(reached.Count == 0, $"the harness's syscalls during {what} (strace)",
            $"none of {string.Join(", ", row.Syscalls)}" + (row.OnFd ? $" on fd {setting.Fd}" : ""), string.Join("; ", reached));
        if (fn == "open")
            Verdict.That(!File.Exists(setting.Path), $"the path after {what}", "not created", "created");
    }

    /// <summary>A call on the fd: its first argument, or a path of it under /proc/self/fd.</summary>
    private static bool Names(TracedCall c, int fd)
    {
        string n = fd.ToString(CultureInfo.InvariantCulture);
        return c.Args == n || c.Args.StartsWith(n + ",", StringComparison.Ordinal) || c.Args.Contains($"/fd/{n}\"", StringComparison.Ordinal);
    }

    /// <summary>An option bit none of the module's WNOHANG, WUNTRACED and WCONTINUED uses (docs/decisions.md#waitpid-options).</summary>
    private int UnknownWaitBit()
    {
        int known = Flags(Info, "WNOHANG|WUNTRACED|WCONTINUED");
        int bit = 1 << 20;
        while ((known & bit) != 0)
            bit <<= 1;
        return bit;
    }

    public static IEnumerable<TestCaseData> Pure() => Helpers.SelectMany(fn => new[]
    {
        CaseData.Of($"{fn}/arguments/wrong-type/string", fn, decision: Decision, tags: "arguments,pure", args: [fn, "type"]),
        CaseData.Of($"{fn}/arguments/out-of-range/fraction", fn, decision: Decision, tags: "arguments,pure", args: [fn, "range"]),
    });

    [TestCaseSource(nameof(Pure))]
    public void HelperRefusesTheArgument(string fn, string kind)
    {
        using var h = StartHarness();
        JsValue arg = kind == "type" ? "16384" : 1.5;
        Verdict.ThrowsKind(h.Call(fn, arg), kind, $"{fn}({arg})");
    }
}
