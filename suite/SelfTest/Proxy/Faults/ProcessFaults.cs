using OsConformance.Harness;
using OsConformance.Reference;
using static OsConformance.SelfTest.Proxy.Kit;

namespace OsConformance.SelfTest.Proxy.Faults;

/// <summary>fork, waitpid, the W* helpers, setsid, exit status and abort.</summary>
internal static class ProcessFaults
{
    private const string WSpec = "Helper functions to get status information from a child process.";

    public static IEnumerable<Fault> All =>
    [
        // ---- W* ----
        W("wstatus/WEXITSTATUS-7-bits", "WEXITSTATUS masks with 0x7f: exit 200 reads 72", "WEXITSTATUS", s => (double)((s >> 8) & 0x7f)).InCi(),
        W("wstatus/WIFEXITED-not-signaled", "WIFEXITED is !WIFSIGNALED: true for stopped children", "WIFEXITED", s => !Os.WIFSIGNALED(s)),
        W("wstatus/WTERMSIG-core-bit", "WTERMSIG keeps the core-dump bit (status & 0xff)", "WTERMSIG", s => (double)(s & 0xff)),
        W("wstatus/WIFSIGNALED-low-bits", "WIFSIGNALED is (status & 0x7f) != 0: true for stopped children", "WIFSIGNALED", s => (s & 0x7f) != 0),
        W("wstatus/WSTOPSIG-low-byte", "WSTOPSIG returns the low byte", "WSTOPSIG", s => (double)(s & 0xff)),
        W("wstatus/WIFCONTINUED-never", "WIFCONTINUED is always false", "WIFCONTINUED", _ => false),
        W("wstatus/WIFSTOPPED-never", "WIFSTOPPED is always false", "WIFSTOPPED", _ => false),

        // ---- fork and waitpid ----
        Spec("fork/parent-gets-own-pid", "fork returns the caller's pid in the parent, not the child's",
            "Creates a new process duplicating the calling process.", ["fork", "waitpid", "tag:process"],
            layer => layer.Fork = () => { int pid = Os.Fork(); return pid == 0 ? 0 : Os.GetPid(); }).InCi(),
        Spec("fork/getpid-cached", "getpid caches the pid at start: a forked child reports its parent's pid",
            "Returns the process id of the calling process.", ["getpid", "fork", "tag:process"],
            layer => { int cached = Os.GetPid(); layer.Wrap("getpid", _ => _ => (double)cached); }),
        Spec("fork/getppid-cached", "getppid caches the parent pid at start: a forked child reports the runner",
            "Returns the process id of the parent of the calling process.", ["getppid", "fork", "tag:process"],
            layer => { int cached = Os.GetPpid(); layer.Wrap("getppid", _ => _ => (double)cached); }),
        Spec("waitpid/status-is-exit-code", "waitpid returns WEXITSTATUS already applied, not the raw status",
            "The return value is an object with pid and status properties.", ["waitpid", "fork", "tag:process"],
            Result("waitpid", (v, _) => MapObject(v, (k, x, _) => k == "status" ? (double)((int)(double)x! >> 8) : x))),
        Spec("waitpid/pid-is-argument", "waitpid's pid is the pid asked for, so waitpid(-1) returns -1",
            "The return value is an object with pid and status properties.", ["waitpid"],
            Result("waitpid", (v, a) => MapObject(v, (k, x, _) => k == "pid" && (double)x! != 0 ? a[0] : x))),
        Decision("waitpid/ignores-options", "waitpid drops options: WNOHANG blocks", "waitpid-options", ["waitpid"],
            Arguments("waitpid", a => a[1] is double ? With(a, 1, 0.0) : a)).InCi(),
        Decision("waitpid/wnohang-returns-pid", "waitpid with WNOHANG and no change returns the asked pid, not 0", "waitpid-options", ["waitpid"],
            Result("waitpid", (v, a) => MapObject(v, (k, x, _) => k == "pid" && (double)x! == 0 ? a[0] : x))),
        Decision("waitpid/unknown-options-masked", "waitpid masks unknown option bits instead of a RangeError", "waitpid-options", ["waitpid"],
            Arguments("waitpid", a => a[1] is double d && d == Math.Floor(d) && Math.Abs(d) < 1e9
                ? With(a, 1, (double)((int)d & (Os.WNOHANG | Os.WUNTRACED | Os.WCONTINUED))) : a)),
        Decision("waitpid/echild-swallowed", "waitpid without children returns {pid: -1} instead of throwing ECHILD", "errors", ["waitpid"],
            layer => layer.Wrap("waitpid", f => a =>
            {
                try { return f(a); }
                catch (OsException e) when (e.ErrnoName == "ECHILD") { return new JsObject().Add("pid", -1.0).Add("status", 0.0); }
            })),
        Spec("setsid/returns-zero", "setsid returns 0 instead of the new session id",
            "Create a new session if the calling process is not a process group leader.", ["setsid"],
            Result("setsid", (_, _) => 0.0)).InCi(),
        Spec("setsid/eperm-swallowed", "setsid in a group leader returns -1 instead of throwing EPERM",
            "Create a new session if the calling process is not a process group leader.", ["setsid"],
            layer => layer.Wrap("setsid", f => a =>
            {
                try { return f(a); }
                catch (OsException e) when (e.ErrnoName == "EPERM") { return -1.0; }
            })),

        // ---- exit status ----
        Spec("exit/default-1", "exit() without a status exits 1", "Ends the process with the specified status. It defaults to 0.", ["exit"],
            Arguments("exit", a => a[0] is Undefined ? With(a, 0, 1.0) : a)).InCi(),
        Decision("exit/status-7-bits", "exit passes status & 0x7f", "exit-status", ["exit", "_exit"],
            layer => { foreach (var fn in new[] { "exit", "_exit" }) layer.Wrap(fn, f => a => f(a[0] is double d ? With(a, 0, (double)((int)d & 0x7f)) : a)); }),
        Decision("exit/negative-is-0", "exit(-1) exits 0 (a negative status is clamped)", "exit-status", ["exit", "_exit"],
            layer => { foreach (var fn in new[] { "exit", "_exit" }) layer.Wrap(fn, f => a => f(a[0] is double d && d < 0 ? With(a, 0, 0.0) : a)); }),
        Decision("exit/abort-exits-134", "abort() exits with status 134 instead of raising SIGABRT", "exit-status", ["abort"],
            Replace("abort", _ => { Os._Exit(134); return Undefined.Value; })),
    ];

    private static Fault W(string id, string description, string fn, Func<int, object?> impl) =>
        Spec(id, description, WSpec, [fn], Replace(fn, a => impl(a.Int(0, "status"))));
}
