using NUnit.Framework;
using OsConformance.Protocol;
using OsConformance.Suite.Fds;
using OsConformance.Suite.Infrastructure;
using OsConformance.Suite.Oracles;
using static OsConformance.Suite.Fds.FdSupport;

namespace OsConformance.Suite.Cloexec;

/// <summary>
/// Close-on-exec at birth and the cloexec/nonblock toggles, each judged twice: by the kernel's fd
/// flags (FdOracle) and by what an exec'd program inherits (the child's fd table after execv).
/// </summary>
public sealed class CloexecCases : ConformanceFixture
{
    private const string Created = "Since version 0.3.0 the fds are created with O_CLOEXEC set.";
    private const string AllCreated = "Since version 0.3.0 all fds are created with O_CLOEXEC set.";
    private const string Undo = "You can undo this using os.cloexec().";
    private const string SetsClears = "Sets or clears the O_CLOEXEC flag on the given fd.";
    private const string Dup2Sets = "Duplicates oldfd into newfd, setting the O_CLOEXEC flag if indicated.";
    private const string Dup2Default = "It defaults to true;";
    private const string NonblockSets = "Sets or clears the O_NONBLOCK flag on the given fd.";

    private static readonly string[] FlagStrings = ["r", "r+", "w", "wx", "w+", "wx+", "a", "ax", "a+", "ax+"];

    // Numeric masks built from the module's own O_* constants (each id names it).
    private static readonly (string Id, string Names)[] NumericFlags =
    [
        ("rdonly", "O_RDONLY"),
        ("wronly+creat", "O_WRONLY|O_CREAT"),
        ("rdwr+creat+trunc", "O_RDWR|O_CREAT|O_TRUNC"),
        ("wronly+creat+append", "O_WRONLY|O_CREAT|O_APPEND"),
        ("rdwr+creat+excl", "O_RDWR|O_CREAT|O_EXCL"),
        ("rdonly+sync", "O_RDONLY|O_SYNC"),
    ];

    // creator key, function, spec, expected close-on-exec
    private static IEnumerable<(string Key, string Function, string Spec, bool Cloexec)> Creators()
    {
        foreach (var s in FlagStrings)
            yield return ($"open-{s}", "open", Created, true);
        foreach (var (id, _) in NumericFlags)
            yield return ($"open-flags-{id}", "open", Created, true);
        yield return ("dup", "dup", Created, true);
        yield return ("dup2-default", "dup2", Dup2Default, true);
        yield return ("dup2-true", "dup2", Dup2Sets, true);
        yield return ("dup2-false", "dup2", Dup2Sets, false);
        yield return ("pipe-read", "pipe", Created, true);
        yield return ("pipe-write", "pipe", Created, true);
    }

    public static IEnumerable<TestCaseData> Defaults() =>
        Creators().SelectMany(c => new[]
        {
            CaseData.Of($"cloexec/default/{c.Key}/kernel", c.Function, spec: c.Spec, tags: "cloexec", args: [c.Key, c.Cloexec, false]),
            CaseData.Of($"cloexec/default/{c.Key}/exec", c.Function, spec: c.Spec, tags: "cloexec,linux-only", args: [c.Key, c.Cloexec, true]),
        });

    [TestCaseSource(nameof(Defaults))]
    public void CreatedFdHasTheFlag(string key, bool expectCloexec, bool byExec)
    {
        using var h = byExec ? StartHarness("fork", "execv", "waitpid") : StartHarness();
        int fd = Create(h, key);
        var k = Kernel(h, fd, $"the fd from {key}");
        if (!byExec)
        {
            Verdict.Equal(expectCloexec, k.CloseOnExec, $"close-on-exec of the fd from {key} (kernel fdinfo)");
            return;
        }
        int child = ExecSleeper(h, InCaseDir("child.jsonl"));
        try { CheckAfterExec(child, fd, k.Target, expectCloexec, $"the fd from {key}"); }
        finally { KillAndReap(h, child); }
    }

    /// <summary>Makes the fd the key names in the harness and returns it.</summary>
    private int Create(HarnessProcess h, string key)
    {
        string existing = InCaseDir("existing.txt");
        File.WriteAllText(existing, "hello\n");
        if (key.StartsWith("open-flags-", StringComparison.Ordinal))
        {
            string names = NumericFlags.Single(n => "open-flags-" + n.Id == key).Names;
            int flags = Flags(Info, names);
            string path = names.Contains("O_CREAT") ? InCaseDir("new.txt") : existing;
            return Fd(h.Call("open", path, flags, 420), $"open(path, {names}, 0644)");
        }
        if (key.StartsWith("open-", StringComparison.Ordinal))
        {
            string s = key["open-".Length..];
            string path = s.StartsWith('r') ? existing : InCaseDir("new.txt");
            return Fd(h.Call("open", path, s, 420), $"open(path, '{s}', 0644)");
        }
        int file = Fd(h.Call("open", existing, "r"), "open(existing, 'r')");
        switch (key)
        {
            case "dup":
                return Fd(h.Call("dup", file), "dup(fd)");
            case "dup2-default":
            case "dup2-true":
            case "dup2-false":
                int target = FreeAbove(h.Pid, 40);
                var outcome = key switch
                {
                    "dup2-default" => h.Call("dup2", file, target),
                    "dup2-true" => h.Call("dup2", file, target, true),
                    _ => h.Call("dup2", file, target, false),
                };
                int got = Fd(outcome, $"dup2(fd, {target})");
                Verdict.Equal(target, got, $"dup2(fd, {target}) returns newfd");
                return got;
            case "pipe-read":
                return Pipe(h).Read;
            case "pipe-write":
                return Pipe(h).Write;
        }
        throw new ArgumentException(key);
    }

    private const string Atomic = "docs/decisions.md#cloexec-atomic";

    // Every creator that must set the flag, except dup2(fd, fd, ...), which creates nothing.
    public static IEnumerable<TestCaseData> AtomicCreators() =>
        Creators().Where(c => c.Cloexec && c.Key != "pipe-write").Select(c =>
            CaseData.Of($"cloexec/atomic/{(c.Key == "pipe-read" ? "pipe" : c.Key)}", c.Function, decision: Atomic,
                tags: "cloexec,linux-only", args: c.Key));

    /// <summary>
    /// Close-on-exec must be set by the call that creates the fd (O_CLOEXEC, F_DUPFD_CLOEXEC, pipe2, dup3),
    /// not by an fcntl after it: another thread's fork+exec in between would leak the fd. The harness runs
    /// under strace; stat calls on two marker paths bracket the call under test in the trace.
    /// </summary>
    [TestCaseSource(nameof(AtomicCreators))]
    public void CreatedAtomically(string key)
    {
        if (SyscallOracle.StracePath is null)
            Verdict.Unsupported("strace is not installed (the syscall oracle needs it; Linux only)");
        string log = InCaseDir("strace.log"), begin = InCaseDir("osc-trace-begin"), end = InCaseDir("osc-trace-end");
        using var h = StartHarnessTraced(SyscallOracle.Prefix(log), "stat");
        // The harness's process (strace's child, or the pid it reported below it): only its calls and its threads' are judged.
        int pid = h.Pid;
        h.Call("stat", begin); // ENOENT; only its trace line matters
        int fd = Create(h, key);
        h.Call("stat", end);
        h.Stop();
        h.WaitForExit(Remaining); // strace flushes its log when the harness has ended
        var calls = SyscallOracle.OfProcesses(SyscallOracle.Read(log), [pid]);
        var window = SyscallOracle.Between(calls, begin, end);
        if (window is null)
            Verdict.Unsupported(calls.Count == 0
                ? "strace traced nothing (ptrace refused?); see strace.log"
                : "the marker stat calls are missing from the trace; see strace.log");
        var creator = SyscallOracle.Creator(window!, fd);
        if (creator is null)
            Verdict.Unsupported($"the trace shows no call that created fd {fd} (a syscall this oracle does not know?); see strace.log");
        // What the implementation did to the fd next, e.g. fcntl(4, F_SETFD, FD_CLOEXEC) or ioctl(4, FIOCLEX).
        string after = string.Join("; ", window!.SkipWhile(c => c != creator).Skip(1)
            .Where(c => c.Args.StartsWith($"{fd},", StringComparison.Ordinal)).Select(c => c.ToString()));
        Verdict.That(SyscallOracle.SetsCloexecAtomically(creator!), $"the call that created fd {fd} ({key})",
            "O_CLOEXEC (or F_DUPFD_CLOEXEC) in the creating call itself",
            creator + (after.Length > 0 ? $", then {after}" : ", without the flag"));
    }

    private static int FreeAbove(int pid, int from)
    {
        var open = FdOracle.List(pid).Keys.ToHashSet();
        while (open.Contains(from))
            from++;
        return from;
    }

    // A target and the fd it gives: a regular file, either pipe end, a dup of a file.
    private int Target(HarnessProcess h, string target)
    {
        string file = InCaseDir("t.txt");
        File.WriteAllText(file, "data");
        return target switch
        {
            "file" => Fd(h.Call("open", file, "r+"), "open(file, 'r+')"),
            "pipe-read" => Pipe(h).Read,
            "pipe-write" => Pipe(h).Write,
            "dup" => Fd(h.Call("dup", Fd(h.Call("open", file, "r"), "open(file, 'r')")), "dup(fd)"),
            _ => throw new ArgumentException(target),
        };
    }

    public static IEnumerable<TestCaseData> Toggles()
    {
        foreach (var t in new[] { "file", "pipe-read", "pipe-write", "dup" })
            foreach (var how in new[] { "kernel", "exec" })
            {
                string tags = how == "exec" ? "cloexec,linux-only" : "cloexec";
                bool exec = how == "exec";
                // Clearing is the "undo" the open, dup and pipe notes promise.
                yield return CaseData.Of($"cloexec/toggle/{t}/clear/{how}", "cloexec", spec: Undo, tags: tags, args: [t, false, exec]);
                yield return CaseData.Of($"cloexec/toggle/{t}/clear-then-set/{how}", "cloexec", spec: SetsClears, tags: tags, args: [t, true, exec]);
            }
    }

    [TestCaseSource(nameof(Toggles))]
    public void CloexecToggles(string target, bool finalSet, bool byExec)
    {
        using var h = byExec ? StartHarness("fork", "execv", "waitpid") : StartHarness();
        int fd = Target(h, target);
        Verdict.Returns(h.Call("cloexec", fd, false), $"cloexec({fd}, false)");
        if (finalSet)
        {
            Verdict.Equal(false, Kernel(h, fd, "the fd").CloseOnExec, "close-on-exec after cloexec(fd, false) (kernel fdinfo)");
            Verdict.Returns(h.Call("cloexec", fd, true), $"cloexec({fd}, true)");
        }
        var k = Kernel(h, fd, "the fd");
        if (!byExec)
        {
            Verdict.Equal(finalSet, k.CloseOnExec, $"close-on-exec after cloexec(fd, {(finalSet ? "true" : "false")}) (kernel fdinfo)");
            return;
        }
        int child = ExecSleeper(h, InCaseDir("child.jsonl"));
        try { CheckAfterExec(child, fd, k.Target, finalSet, $"the {target} fd"); }
        finally { KillAndReap(h, child); }
    }

    [Test, Case("cloexec/toggle/set-twice/stays-set", "cloexec", Spec = SetsClears, Tags = "cloexec")]
    public void SetTwice()
    {
        using var h = StartHarness();
        int fd = Target(h, "file");
        Verdict.Returns(h.Call("cloexec", fd, true), "cloexec(fd, true)");
        Verdict.Returns(h.Call("cloexec", fd, true), "cloexec(fd, true) again");
        Verdict.Equal(true, Kernel(h, fd, "the fd").CloseOnExec, "close-on-exec (kernel fdinfo)");
    }

    [Test, Case("cloexec/toggle/clear-twice/stays-clear", "cloexec", Spec = SetsClears, Tags = "cloexec")]
    public void ClearTwice()
    {
        using var h = StartHarness();
        int fd = Target(h, "file");
        Verdict.Returns(h.Call("cloexec", fd, false), "cloexec(fd, false)");
        Verdict.Returns(h.Call("cloexec", fd, false), "cloexec(fd, false) again");
        Verdict.Equal(false, Kernel(h, fd, "the fd").CloseOnExec, "close-on-exec (kernel fdinfo)");
    }

    [Test, Case("cloexec/toggle/per-fd/dup-keeps-original", "cloexec", Spec = SetsClears, Tags = "cloexec")]
    public void ClearingADupLeavesTheOriginal()
    {
        using var h = StartHarness();
        int fd = Target(h, "file");
        int copy = Fd(h.Call("dup", fd), "dup(fd)");
        Verdict.Returns(h.Call("cloexec", copy, false), "cloexec(dup, false)");
        // FD_CLOEXEC belongs to the descriptor, not the open file: only the dup changes.
        Verdict.Equal(false, Kernel(h, copy, "the dup").CloseOnExec, "close-on-exec of the dup (kernel fdinfo)");
        Verdict.Equal(true, Kernel(h, fd, "the original").CloseOnExec, "close-on-exec of the original fd (kernel fdinfo)");
    }

    [Test, Case("cloexec/toggle/keeps-nonblock", "cloexec", Spec = SetsClears, Tags = "cloexec")]
    public void CloexecLeavesOtherFlags()
    {
        using var h = StartHarness("nonblock");
        int fd = Target(h, "pipe-read");
        Verdict.Returns(h.Call("nonblock", fd, true), "nonblock(fd, true)");
        Verdict.Returns(h.Call("cloexec", fd, false), "cloexec(fd, false)");
        var k = Kernel(h, fd, "the fd");
        Verdict.Equal(false, k.CloseOnExec, "close-on-exec (kernel fdinfo)");
        Verdict.Equal(true, k.NonBlocking, "O_NONBLOCK after cloexec(fd, false) (kernel fdinfo)");
        Verdict.Equal(FdOracle.AccessReadOnly, k.AccessMode, "access mode after cloexec (kernel fdinfo)");
    }

    [Test, Case("cloexec/errors/closed-fd/ebadf", "cloexec", Spec = SetsClears, Tags = "cloexec")]
    public void ClosedFdIsEbadf()
    {
        using var h = StartHarness("close");
        int fd = Target(h, "file");
        Verdict.Returns(h.Call("close", fd), "close(fd)");
        Verdict.Throws(h.Call("cloexec", fd, true), "EBADF", "cloexec(closed fd, true)");
    }

    [Test, Case("cloexec/default/all-creators/kernel", "cloexec", Spec = AllCreated, Tags = "cloexec")]
    public void EveryCreatorAtOnce()
    {
        using var h = StartHarness("open", "dup", "dup2", "pipe");
        var fds = new List<(string, int)>();
        foreach (var key in new[] { "open-r", "dup", "dup2-default", "pipe-read", "pipe-write" })
            fds.Add((key, Create(h, key)));
        // Every fd the harness holds that the module made: none may be inheritable.
        var leaky = fds.Where(f => !Kernel(h, f.Item2, f.Item1).CloseOnExec).Select(f => $"{f.Item1} (fd {f.Item2})").ToList();
        Verdict.That(leaky.Count == 0, "fds created by open, dup, dup2, pipe", "all close-on-exec", "inheritable: " + string.Join(", ", leaky));
    }

    [Test, Case("cloexec/exec/mixed/only-cleared-survive", "cloexec", Spec = SetsClears, Tags = "cloexec,linux-only")]
    public void OnlyClearedFdsSurviveExec()
    {
        using var h = StartHarness("pipe", "fork", "execv", "waitpid");
        var (r, w) = Pipe(h);
        Verdict.Returns(h.Call("cloexec", w, false), "cloexec(write end, false)");
        var kr = Kernel(h, r, "read end");
        var kw = Kernel(h, w, "write end");
        int child = ExecSleeper(h, InCaseDir("child.jsonl"));
        try
        {
            CheckAfterExec(child, w, kw.Target, expectCloexec: false, "the cleared write end");
            CheckAfterExec(child, r, kr.Target, expectCloexec: true, "the untouched read end");
        }
        finally { KillAndReap(h, child); }
    }

    // nonblock: the kernel's O_NONBLOCK status flag.
    public static IEnumerable<TestCaseData> NonblockToggles()
    {
        foreach (var t in new[] { "file", "pipe-read", "pipe-write" })
        {
            yield return CaseData.Of($"nonblock/toggle/{t}/set/kernel", "nonblock", spec: NonblockSets, tags: "cloexec", args: [t, true]);
            yield return CaseData.Of($"nonblock/toggle/{t}/set-then-clear/kernel", "nonblock", spec: NonblockSets, tags: "cloexec", args: [t, false]);
        }
    }

    [TestCaseSource(nameof(NonblockToggles))]
    public void NonblockSetsTheStatusFlag(string target, bool finalSet)
    {
        using var h = StartHarness();
        int fd = Target(h, target);
        Verdict.Returns(h.Call("nonblock", fd, true), "nonblock(fd, true)");
        if (!finalSet)
        {
            Verdict.Equal(true, Kernel(h, fd, "the fd").NonBlocking, "O_NONBLOCK after nonblock(fd, true) (kernel fdinfo)");
            Verdict.Returns(h.Call("nonblock", fd, false), "nonblock(fd, false)");
        }
        Verdict.Equal(finalSet, Kernel(h, fd, "the fd").NonBlocking, $"O_NONBLOCK after nonblock(fd, {(finalSet ? "true" : "false")}) (kernel fdinfo)");
    }

    [Test, Case("nonblock/toggle/clear-on-blocking/stays-clear", "nonblock", Spec = NonblockSets, Tags = "cloexec")]
    public void ClearingABlockingFd()
    {
        using var h = StartHarness();
        int fd = Target(h, "pipe-read");
        Verdict.Equal(false, Kernel(h, fd, "the fd").NonBlocking, "O_NONBLOCK of a fresh pipe end (kernel fdinfo)");
        Verdict.Returns(h.Call("nonblock", fd, false), "nonblock(fd, false)");
        Verdict.Equal(false, Kernel(h, fd, "the fd").NonBlocking, "O_NONBLOCK after nonblock(fd, false) (kernel fdinfo)");
    }

    [Test, Case("nonblock/toggle/keeps-cloexec/set", "nonblock", Spec = NonblockSets, Tags = "cloexec")]
    public void NonblockKeepsCloexecSet()
    {
        using var h = StartHarness();
        int fd = Target(h, "pipe-write");
        Verdict.Returns(h.Call("nonblock", fd, true), "nonblock(fd, true)");
        var k = Kernel(h, fd, "the fd");
        Verdict.Equal(true, k.NonBlocking, "O_NONBLOCK (kernel fdinfo)");
        Verdict.Equal(true, k.CloseOnExec, "close-on-exec after nonblock(fd, true) (kernel fdinfo)");
    }

    [Test, Case("nonblock/toggle/keeps-cloexec/clear", "nonblock", Spec = NonblockSets, Tags = "cloexec")]
    public void NonblockKeepsCloexecClear()
    {
        using var h = StartHarness("cloexec");
        int fd = Target(h, "pipe-write");
        Verdict.Returns(h.Call("cloexec", fd, false), "cloexec(fd, false)");
        Verdict.Returns(h.Call("nonblock", fd, true), "nonblock(fd, true)");
        Verdict.Returns(h.Call("nonblock", fd, false), "nonblock(fd, false)");
        Verdict.Equal(false, Kernel(h, fd, "the fd").CloseOnExec, "close-on-exec after nonblock toggles (kernel fdinfo)");
    }

    [Test, Case("nonblock/toggle/keeps-append", "nonblock", Spec = NonblockSets, Tags = "cloexec")]
    public void NonblockKeepsOtherStatusFlags()
    {
        using var h = StartHarness("open");
        int fd = Fd(h.Call("open", InCaseDir("log.txt"), "a"), "open(path, 'a')");
        Verdict.Returns(h.Call("nonblock", fd, true), "nonblock(fd, true)");
        Verdict.Returns(h.Call("nonblock", fd, false), "nonblock(fd, false)");
        var k = Kernel(h, fd, "the fd");
        Verdict.Equal(true, k.Append, "O_APPEND after nonblock toggles (kernel fdinfo)");
        Verdict.Equal(FdOracle.AccessWriteOnly, k.AccessMode, "access mode after nonblock toggles (kernel fdinfo)");
    }

    [Test, Case("nonblock/toggle/shared-by-dup", "nonblock", Spec = NonblockSets, Tags = "cloexec")]
    public void NonblockIsPerOpenFile()
    {
        using var h = StartHarness("dup");
        int fd = Target(h, "pipe-read");
        int copy = Fd(h.Call("dup", fd), "dup(fd)");
        Verdict.Returns(h.Call("nonblock", copy, true), "nonblock(dup, true)");
        // O_NONBLOCK is a status flag of the open file, which the dup shares.
        Verdict.Equal(true, Kernel(h, fd, "the original").NonBlocking, "O_NONBLOCK of the original fd (kernel fdinfo)");
    }

    [Test, Case("nonblock/errors/closed-fd/ebadf", "nonblock", Spec = NonblockSets, Tags = "cloexec")]
    public void NonblockClosedFdIsEbadf()
    {
        using var h = StartHarness("close");
        int fd = Target(h, "pipe-read");
        Verdict.Returns(h.Call("close", fd), "close(fd)");
        Verdict.Throws(h.Call("nonblock", fd, true), "EBADF", "nonblock(closed fd, true)");
    }

    [Test, Case("nonblock/behaviour/read-empty-pipe/eagain", "nonblock", Spec = NonblockSets, Tags = "cloexec")]
    public void ReadOnEmptyNonblockingPipe()
    {
        using var h = StartHarness("read");
        var (r, _) = Pipe(h);
        Verdict.Returns(h.Call("nonblock", r, true), "nonblock(read end, true)");
        Verdict.Throws(h.Call("read", r, 16), "EAGAIN", "read(empty non-blocking pipe, 16)");
    }

    [Test, Case("nonblock/behaviour/write-full-pipe/eagain", "nonblock", Spec = NonblockSets, Tags = "cloexec,linux-only")]
    public void WriteOnFullNonblockingPipe()
    {
        using var h = StartHarness("write");
        var (_, w) = Pipe(h);
        Verdict.Returns(h.Call("nonblock", w, true), "nonblock(write end, true)");
        // Fill the pipe (Linux default capacity 64 KiB; a non-blocking write stops short when full).
        var chunk = new byte[65536];
        for (int i = 0; i < 8; i++)
        {
            var o = h.Call("write", w, chunk);
            if (!o.Ok)
            {
                Verdict.Throws(o, "EAGAIN", "write(full non-blocking pipe)");
                return;
            }
        }
        Verdict.Throws(h.Call("write", w, chunk), "EAGAIN", "write(full non-blocking pipe)");
    }
}
