using Mono.Unix.Native;
using OsConformance.Protocol;
using OsConformance.Suite.Infrastructure;
using OsConformance.Suite.Oracles;

namespace OsConformance.Suite.Processes;

/// <summary>
/// Shared moves of the process, exec, wait-status and credential cases: pipes, fork children
/// that block on a pipe read (never on sleep), waitpid through the harness, and the kernel's view.
/// </summary>
internal static class ProcessKit
{
    /// <summary>
    /// How long to wait for the kernel to show a state change: 3 s, or 30% of the case's time when
    /// --timeout gives more. Under emulation on a loaded host (ci/vm.sh runs TCG guests with 120 s a
    /// case) a forked child took over 3 s to reach its first step. Every wait ends as soon as the state shows.
    /// </summary>
    public static TimeSpan Patience =>
        TimeSpan.FromTicks(Math.Max(TimeSpan.FromSeconds(3).Ticks, Target.CaseTimeout.Ticks * 3 / 10));

    public const int Nobody = 65534;

    /// <summary>An integral Number as int; anything else fails the case.</summary>
    public static int Number(JsValue v, string what)
    {
        Verdict.That(v is JsNumber n && n.Value == Math.Floor(n.Value) && Math.Abs(n.Value) < int.MaxValue,
            what, "an integral Number", v.ToString());
        return (int)((JsNumber)v).Value;
    }

    public static (int R, int W) Pipe(HarnessProcess h)
    {
        var v = Verdict.Returns(h.Call("pipe"), "pipe()");
        Verdict.That(v is JsArray { Items.Count: 2 }, "pipe()", "[read_fd, write_fd]", v.ToString());
        var items = ((JsArray)v).Items;
        return (Number(items[0], "pipe()[0]"), Number(items[1], "pipe()[1]"));
    }

    /// <summary>The platform's value of a W* option, from its headers (not from the implementation).</summary>
    public static int Option(string name)
    {
        if (!NativeOracle.Available)
            Verdict.Unsupported("no C compiler for the platform's <sys/wait.h>: " + NativeOracle.UnavailableReason);
        return NativeOracle.Constants()[name];
    }

    public static WaitMacros Macros(int status)
    {
        if (!NativeOracle.Available)
            Verdict.Unsupported("no C compiler for the platform's <sys/wait.h>: " + NativeOracle.UnavailableReason);
        return NativeOracle.Wait(status);
    }

    /// <summary>Completed step lines in a fork report so far; -1 while a line is half written.</summary>
    public static int StepCount(string report)
    {
        try { return ForkReport.ReadFull(report).Steps.Count; }
        catch (ProtocolViolationException) { return -1; }
    }

    public static IReadOnlyList<CallOutcome> Steps(string report) => ForkReport.Read(report);

    /// <summary>What the kernel and the report say about a child, for failure messages.</summary>
    public static string Describe(int pid, string report)
    {
        string state;
        try { state = ProcOracle.Exists(pid) ? $"state {ProcOracle.Get(pid).State}" : "no such process"; }
        catch (IOException) { state = "no such process"; }
        string text = File.Exists(report) ? File.ReadAllText(report).Trim().Replace('\n', ' ') : "no report";
        return $"child {pid}: {state}; report: {text}";
    }

    /// <summary>
    /// Forks a child that runs <paramref name="before"/>, closes its copy of the pipe's write end and
    /// blocks reading the pipe (the harness keeps the write end). Returns once the kernel shows it asleep there.
    /// </summary>
    public static int ForkBlocked(HarnessProcess h, string report, (int R, int W) pipe, params ForkStep[] before)
    {
        var steps = new List<ForkStep>(before) { new("close", pipe.W), new("read", pipe.R, 1) };
        int pid = h.Fork(report, steps, 125);
        int readStep = before.Length + 1;
        bool blocked = ProcOracle.WaitUntil(() => StepCount(report) == readStep && ProcOracle.Get(pid).State == 'S', Patience);
        Verdict.That(blocked, $"fork child {pid}", "blocked reading the pipe (kernel state S)", Describe(pid, report));
        return pid;
    }

    /// <summary>Lets a blocked child go on: the harness closes the pipe's write end, so its read sees EOF.</summary>
    public static void Release(HarnessProcess h, (int R, int W) pipe) => Verdict.Returns(h.Call("close", pipe.W), "close(write end)");

    /// <summary>waitpid through the harness: {pid, status} as two integers.</summary>
    public static (int Pid, int Status) WaitPid(HarnessProcess h, int pid, int? options = null)
    {
        string call = options is int o ? $"waitpid({pid}, {o})" : $"waitpid({pid})";
        var outcome = options is int opt ? h.Call("waitpid", pid, opt) : h.Call("waitpid", pid);
        var v = Verdict.Returns(outcome, call);
        Verdict.That(v is JsObject ob && ob.Props.ContainsKey("pid") && ob.Props.ContainsKey("status"),
            call, "an object with pid and status", v.ToString());
        var props = ((JsObject)v).Props;
        return (Number(props["pid"], call + ".pid"), Number(props["status"], call + ".status"));
    }

    /// <summary>Waits until the kernel shows the process in a state (or, for 'X', gone).</summary>
    public static bool AwaitState(int pid, Func<char, bool> state) =>
        ProcOracle.WaitUntil(() => ProcOracle.Exists(pid) ? state(ProcOracle.Get(pid).State) : state('X'), Patience);

    public static int Signal(Signum s) => WaitOracle.Signal(s);

    /// <summary>Same file (device and inode), so symlinked /bin and /usr/bin compare equal.</summary>
    public static bool SameFile(string? a, string b)
    {
        if (a is null || Syscall.stat(a, out var sa) != 0 || Syscall.stat(b, out var sb) != 0)
            return false;
        return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
    }

    /// <summary>A /bin/sh script, executable unless told otherwise.</summary>
    public static string Script(string path, string body, bool executable = true)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        File.SetUnixFileMode(path, executable
            ? UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead
              | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute
            : UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        return path;
    }

    /// <summary>A script that only leaves a marker file behind: proof, on the filesystem, that it ran.</summary>
    public static string MarkerScript(string path, string marker) => Script(path, $": > '{marker}'");

    public static bool Truthy(JsValue v) => v switch
    {
        JsBool b => b.Value,
        JsNumber n => n.Value != 0 && !double.IsNaN(n.Value),
        _ => false,
    };
}
