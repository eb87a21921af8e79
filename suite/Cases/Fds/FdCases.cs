using NUnit.Framework;
using OsConformance.Protocol;
using OsConformance.Suite.Infrastructure;
using OsConformance.Suite.Oracles;
using static OsConformance.Suite.Fds.FdSupport;

namespace OsConformance.Suite.Fds;

/// <summary>dup, dup2, close and pipe, judged by the kernel's fd table and by data moved through the fds.</summary>
public sealed class FdCases : ConformanceFixture
{
    private const string DupLowest = "Duplicates the given file descriptor, returning the lowest available one.";
    private const string Dup2Into = "Duplicates oldfd into newfd, setting the O_CLOEXEC flag if indicated.";
    private const string Dup2Same = "docs/decisions.md#dup2-same-fd";
    private const string Close = "Close the given file descriptor.";
    private const string PipeCreates = "Creates a pipe (an object that allows unidirectional data flow) and allocates a pair of file descriptors.";
    private const string PipeEnds = "The first descriptor connects to the read end of the pipe; the second connects to the write end.";
    private const string PipeArray = "File descriptors are returned in an array: [read_fd, write_fd].";

    private int OpenFile(HarnessProcess h, string name = "f.txt", string content = "0123456789", string flags = "r")
    {
        string path = InCaseDir(name);
        if (!File.Exists(path))
            File.WriteAllText(path, content);
        return Fd(h.Call("open", path, flags), $"open({name}, '{flags}')");
    }

    // ---- dup

    [Test, Case("dup/returns/lowest-free-fd", "dup", Spec = DupLowest, Tags = "fds")]
    public void DupReturnsLowest()
    {
        using var h = StartHarness("open", "close");
        int a = OpenFile(h, "a.txt");
        int b = OpenFile(h, "b.txt");
        Verdict.Returns(h.Call("close", a), "close(a)");
        // The oracle: the smallest number the kernel's table does not hold, read just before the call.
        int lowest = LowestFree(h.Pid);
        Verdict.Equal(lowest, Fd(h.Call("dup", b), "dup(b)"), "the fd dup(b) returns (lowest free per the kernel)");
    }

    [Test, Case("dup/returns/lowest-free-fd/no-hole", "dup", Spec = DupLowest, Tags = "fds")]
    public void DupReturnsLowestWithoutHole()
    {
        using var h = StartHarness("open");
        int b = OpenFile(h, "b.txt");
        int lowest = LowestFree(h.Pid);
        Verdict.Equal(lowest, Fd(h.Call("dup", b), "dup(b)"), "the fd dup(b) returns (lowest free per the kernel)");
    }

    [Test, Case("dup/same-file/kernel-target", "dup", Spec = DupLowest, Tags = "fds")]
    public void DupRefersToTheSameFile()
    {
        using var h = StartHarness("open");
        int fd = OpenFile(h);
        int copy = Fd(h.Call("dup", fd), "dup(fd)");
        Verdict.That(copy != fd, "dup(fd)", $"a new fd, not {fd}", copy.ToString());
        Verdict.Equal(InCaseDir("f.txt"), Kernel(h, copy, "the dup").Target, "what the dup refers to (kernel)");
    }

    [Test, Case("dup/same-file/shared-offset", "dup", Spec = DupLowest, Tags = "fds")]
    public void DupSharesTheOffset()
    {
        using var h = StartHarness("open", "read");
        int fd = OpenFile(h);
        int copy = Fd(h.Call("dup", fd), "dup(fd)");
        Verdict.Equal("012", ReadText(h, copy, 3, "read(dup, 3)"), "read(dup, 3)");
        // A dup shares the open file, so its offset too.
        Verdict.Equal("345", ReadText(h, fd, 3, "read(original, 3)"), "read(original, 3) after reading 3 through the dup");
    }

    [Test, Case("dup/same-file/access-mode", "dup", Spec = DupLowest, Tags = "fds")]
    public void DupKeepsTheAccessMode()
    {
        using var h = StartHarness("open");
        int fd = OpenFile(h, flags: "a");
        int copy = Fd(h.Call("dup", fd), "dup(fd)");
        var k = Kernel(h, copy, "the dup");
        Verdict.Equal(AccessName(FdOracle.AccessWriteOnly), AccessName(k.AccessMode), "access mode of the dup (kernel)");
        Verdict.Equal(true, k.Append, "O_APPEND of the dup (kernel)");
    }

    [Test, Case("dup/pipe/write-end-feeds-read-end", "dup", Spec = DupLowest, Tags = "fds")]
    public void DupOfAPipeEnd()
    {
        using var h = StartHarness("pipe", "read", "write");
        var (r, w) = Pipe(h);
        int w2 = Fd(h.Call("dup", w), "dup(write end)");
        Verdict.Equal<JsValue>(3, Verdict.Returns(h.Call("write", w2, "abc"), "write(dup of write end, 'abc')"), "write(dup, 'abc')");
        Verdict.Equal("abc", ReadText(h, r, 10, "read(read end, 10)"), "read(read end, 10)");
    }

    [Test, Case("dup/errors/closed-fd/ebadf", "dup", Spec = DupLowest, Tags = "fds")]
    public void DupClosedIsEbadf()
    {
        using var h = StartHarness("open", "close");
        int fd = OpenFile(h);
        Verdict.Returns(h.Call("close", fd), "close(fd)");
        int before = FdOracle.List(h.Pid).Count;
        Verdict.Throws(h.Call("dup", fd), "EBADF", "dup(closed fd)");
        Verdict.Equal(before, FdOracle.List(h.Pid).Count, "number of open fds after the failed dup (kernel)");
    }

    [Test, Case("dup/errors/never-opened/ebadf", "dup", Spec = DupLowest, Tags = "fds")]
    public void DupNeverOpenedIsEbadf()
    {
        using var h = StartHarness();
        int fd = FreeFrom(h.Pid, 900);
        Verdict.Throws(h.Call("dup", fd), "EBADF", $"dup({fd}) never opened");
    }

    private static int FreeFrom(int pid, int from)
    {
        var open = FdOracle.List(pid).Keys.ToHashSet();
        while (open.Contains(from))
            from++;
        return from;
    }

    // ---- dup2

    [Test, Case("dup2/returns/newfd", "dup2", Spec = Dup2Into, Tags = "fds")]
    public void Dup2ReturnsNewfd()
    {
        using var h = StartHarness("open");
        int fd = OpenFile(h);
        int target = FreeFrom(h.Pid, 50);
        Verdict.Equal(target, Fd(h.Call("dup2", fd, target), $"dup2(fd, {target})"), $"dup2(fd, {target})");
    }

    [Test, Case("dup2/newfd/refers-to-oldfd-file", "dup2", Spec = Dup2Into, Tags = "fds")]
    public void Dup2NewfdIsTheFile()
    {
        using var h = StartHarness("open");
        int fd = OpenFile(h);
        int target = FreeFrom(h.Pid, 50);
        Fd(h.Call("dup2", fd, target), $"dup2(fd, {target})");
        Verdict.Equal(InCaseDir("f.txt"), Kernel(h, target, "newfd").Target, "what newfd refers to (kernel)");
        Verdict.That(FdOracle.Get(h.Pid, fd) is not null, "oldfd after dup2", "still open", "closed");
    }

    [Test, Case("dup2/newfd/high-number", "dup2", Spec = Dup2Into, Tags = "fds")]
    public void Dup2HighNumber()
    {
        using var h = StartHarness("open");
        int fd = OpenFile(h);
        int target = FreeFrom(h.Pid, 1000);
        Verdict.Equal(target, Fd(h.Call("dup2", fd, target), $"dup2(fd, {target})"), $"dup2(fd, {target})");
        Verdict.Equal(InCaseDir("f.txt"), Kernel(h, target, "newfd").Target, "what newfd refers to (kernel)");
    }

    [Test, Case("dup2/newfd/open-is-replaced", "dup2", Spec = Dup2Into, Tags = "fds")]
    public void Dup2ReplacesAnOpenNewfd()
    {
        using var h = StartHarness("open");
        int a = OpenFile(h, "a.txt");
        int b = OpenFile(h, "b.txt");
        Fd(h.Call("dup2", a, b), "dup2(a, b)");
        var table = FdOracle.List(h.Pid);
        Verdict.Equal(InCaseDir("a.txt"), table.TryGetValue(b, out var kb) ? kb.Target : "(closed)", "what newfd refers to after dup2 (kernel)");
        // b.txt was open only through b: dup2 closed it.
        var stillB = table.Values.Where(k => k.Target == InCaseDir("b.txt")).Select(k => k.Fd).ToList();
        Verdict.That(stillB.Count == 0, "fds on b.txt after dup2(a, b)", "none (the old file closed)", "fds " + string.Join(", ", stillB));
    }

    [Test, Case("dup2/newfd/shared-offset", "dup2", Spec = Dup2Into, Tags = "fds")]
    public void Dup2SharesTheOffset()
    {
        using var h = StartHarness("open", "read");
        int fd = OpenFile(h);
        int target = FreeFrom(h.Pid, 50);
        Fd(h.Call("dup2", fd, target), $"dup2(fd, {target})");
        Verdict.Equal("0123", ReadText(h, target, 4, "read(newfd, 4)"), "read(newfd, 4)");
        Verdict.Equal("456", ReadText(h, fd, 3, "read(oldfd, 3)"), "read(oldfd, 3) after reading 4 through newfd");
    }

    [Test, Case("dup2/newfd/onto-pipe-end", "dup2", Spec = Dup2Into, Tags = "fds")]
    public void Dup2OntoAPipe()
    {
        using var h = StartHarness("pipe", "read", "write");
        var (r, w) = Pipe(h);
        int target = FreeFrom(h.Pid, 60);
        Fd(h.Call("dup2", w, target), $"dup2(write end, {target})");
        Verdict.Returns(h.Call("write", target, "via-newfd"), "write(newfd, 'via-newfd')");
        Verdict.Equal("via-newfd", ReadText(h, r, 100, "read(read end, 100)"), "read(read end, 100)");
    }

    [Test, Case("dup2/errors/closed-oldfd/ebadf", "dup2", Spec = Dup2Into, Tags = "fds")]
    public void Dup2BadOldfd()
    {
        using var h = StartHarness("open", "close");
        int fd = OpenFile(h);
        Verdict.Returns(h.Call("close", fd), "close(fd)");
        int target = FreeFrom(h.Pid, 50);
        Verdict.Throws(h.Call("dup2", fd, target), "EBADF", $"dup2(closed fd, {target})");
        Verdict.That(FdOracle.Get(h.Pid, target) is null, $"fd {target} after the failed dup2", "not open", "open");
    }

    [Test, Case("dup2/errors/closed-oldfd/newfd-kept", "dup2", Spec = Dup2Into, Tags = "fds")]
    public void Dup2BadOldfdLeavesNewfd()
    {
        using var h = StartHarness("open", "close");
        int fd = OpenFile(h, "a.txt");
        int keep = OpenFile(h, "b.txt");
        Verdict.Returns(h.Call("close", fd), "close(fd)");
        Verdict.Throws(h.Call("dup2", fd, keep), "EBADF", "dup2(closed fd, open newfd)");
        Verdict.Equal(InCaseDir("b.txt"), FdOracle.Get(h.Pid, keep)?.Target ?? "(closed)", "newfd after the failed dup2 (kernel)");
    }

    [Test, Case("dup2/same-fd/returns-fd", "dup2", Decision = Dup2Same, Tags = "fds")]
    public void Dup2SameReturnsFd()
    {
        using var h = StartHarness("open");
        int fd = OpenFile(h);
        Verdict.Equal(fd, Fd(h.Call("dup2", fd, fd), $"dup2({fd}, {fd})"), $"dup2({fd}, {fd})");
        Verdict.Equal(InCaseDir("f.txt"), Kernel(h, fd, "the fd").Target, "the fd after dup2(fd, fd) (kernel)");
    }

    [Test, Case("dup2/same-fd/false-clears-cloexec", "dup2", Decision = Dup2Same, Tags = "fds")]
    public void Dup2SameClears()
    {
        using var h = StartHarness("open");
        int fd = OpenFile(h);
        Fd(h.Call("dup2", fd, fd, false), $"dup2({fd}, {fd}, false)");
        Verdict.Equal(false, Kernel(h, fd, "the fd").CloseOnExec, "close-on-exec after dup2(fd, fd, false) (kernel)");
    }

    [Test, Case("dup2/same-fd/default-sets-cloexec", "dup2", Decision = Dup2Same, Tags = "fds")]
    public void Dup2SameDefaultSets()
    {
        using var h = StartHarness("open", "cloexec");
        int fd = OpenFile(h);
        Verdict.Returns(h.Call("cloexec", fd, false), "cloexec(fd, false)");
        Fd(h.Call("dup2", fd, fd), $"dup2({fd}, {fd})");
        Verdict.Equal(true, Kernel(h, fd, "the fd").CloseOnExec, "close-on-exec after dup2(fd, fd) (kernel)");
    }

    [Test, Case("dup2/same-fd/true-sets-cloexec", "dup2", Decision = Dup2Same, Tags = "fds")]
    public void Dup2SameTrueSets()
    {
        using var h = StartHarness("open", "cloexec");
        int fd = OpenFile(h);
        Verdict.Returns(h.Call("cloexec", fd, false), "cloexec(fd, false)");
        Fd(h.Call("dup2", fd, fd, true), $"dup2({fd}, {fd}, true)");
        Verdict.Equal(true, Kernel(h, fd, "the fd").CloseOnExec, "close-on-exec after dup2(fd, fd, true) (kernel)");
    }

    [Test, Case("dup2/same-fd/closed/ebadf", "dup2", Decision = Dup2Same, Tags = "fds")]
    public void Dup2SameClosedIsEbadf()
    {
        using var h = StartHarness("open", "close");
        int fd = OpenFile(h);
        Verdict.Returns(h.Call("close", fd), "close(fd)");
        Verdict.Throws(h.Call("dup2", fd, fd), "EBADF", $"dup2({fd}, {fd}) on a closed fd");
    }

    [Test, Case("dup2/cloexec/only-newfd-changes", "dup2", Spec = Dup2Into, Tags = "fds")]
    public void Dup2FalseLeavesOldfd()
    {
        using var h = StartHarness("open");
        int fd = OpenFile(h);
        int target = FreeFrom(h.Pid, 50);
        Fd(h.Call("dup2", fd, target, false), $"dup2(fd, {target}, false)");
        Verdict.Equal(false, Kernel(h, target, "newfd").CloseOnExec, "close-on-exec of newfd (kernel)");
        Verdict.Equal(true, Kernel(h, fd, "oldfd").CloseOnExec, "close-on-exec of oldfd (kernel)");
    }

    [Test, Case("dup2/cloexec/replacing-inheritable-newfd", "dup2", Spec = "It defaults to true;", Tags = "fds")]
    public void Dup2DefaultOverAnInheritableFd()
    {
        using var h = StartHarness("open", "cloexec");
        int a = OpenFile(h, "a.txt");
        int b = OpenFile(h, "b.txt");
        Verdict.Returns(h.Call("cloexec", b, false), "cloexec(b, false)");
        Fd(h.Call("dup2", a, b), "dup2(a, b)");
        // The new b is a new descriptor: the default applies, not b's old flag.
        Verdict.Equal(true, Kernel(h, b, "newfd").CloseOnExec, "close-on-exec of newfd after dup2(a, b) (kernel)");
    }

    // ---- argument types (decision argument-validation: a string where an fd is expected is a TypeError)

    public static IEnumerable<TestCaseData> WrongTypes()
    {
        const string d = "docs/decisions.md#argument-validation";
        yield return CaseData.Of("close/args/string-fd/type-error", "close", decision: d, tags: "fds", args: ["close", 0]);
        yield return CaseData.Of("dup/args/string-fd/type-error", "dup", decision: d, tags: "fds", args: ["dup", 0]);
        yield return CaseData.Of("dup2/args/string-newfd/type-error", "dup2", decision: d, tags: "fds", args: ["dup2", 1]);
        yield return CaseData.Of("read/args/string-fd/type-error", "read", decision: d, tags: "fds", args: ["read", 0]);
        yield return CaseData.Of("write/args/string-fd/type-error", "write", decision: d, tags: "fds", args: ["write", 0]);
        yield return CaseData.Of("write/args/number-data/type-error", "write", decision: d, tags: "fds", args: ["write", 1]);
        yield return CaseData.Of("cloexec/args/string-fd/type-error", "cloexec", decision: d, tags: "fds", args: ["cloexec", 0]);
        yield return CaseData.Of("nonblock/args/string-fd/type-error", "nonblock", decision: d, tags: "fds", args: ["nonblock", 0]);
    }

    [TestCaseSource(nameof(WrongTypes))]
    public void WrongTypeIsTypeError(string fn, int badIndex)
    {
        using var h = StartHarness("open");
        int fd = OpenFile(h, flags: "r+");
        // The fd as a numeric string: an implementation that coerces it would act on a real fd.
        JsValue[] args = fn switch
        {
            "close" or "dup" => [fd.ToString()],
            "dup2" => [fd, (fd + 20).ToString()],
            "read" => [fd.ToString(), 4],
            "write" => badIndex == 0 ? [fd.ToString(), "x"] : [fd, 42],
            _ => [fd.ToString(), true],
        };
        Verdict.ThrowsKind(h.Call(fn, args), "type", $"{fn}({string.Join(", ", args.Select(a => a.ToString()))})");
    }

    public static IEnumerable<TestCaseData> NonBooleanFlags()
    {
        const string d = "docs/decisions.md#argument-validation";
        yield return CaseData.Of("cloexec/args/number-set/type-error", "cloexec", decision: d, tags: "fds", args: "cloexec");
        yield return CaseData.Of("nonblock/args/number-set/type-error", "nonblock", decision: d, tags: "fds", args: "nonblock");
        yield return CaseData.Of("dup2/args/number-cloexec/type-error", "dup2", decision: d, tags: "fds", args: "dup2");
    }

    /// <summary>1 for true: an implementation that coerces it would change the fd's flags.</summary>
    [TestCaseSource(nameof(NonBooleanFlags))]
    public void NonBooleanFlagIsTypeError(string fn)
    {
        using var h = StartHarness("open");
        int fd = OpenFile(h, flags: "r+");
        JsValue[] args = fn == "dup2" ? [fd, fd + 20, 1] : [fd, 1];
        Verdict.ThrowsKind(h.Call(fn, args), "type", $"{fn}({string.Join(", ", args.Select(a => a.ToString()))})");
    }

    [Test, Case("close/args/extra-ignored", "close", Decision = "docs/decisions.md#argument-validation", Tags = "fds")]
    public void ExtraArgumentsAreIgnored()
    {
        using var h = StartHarness("open");
        int fd = OpenFile(h, flags: "r");
        Verdict.That(h.Call("close", fd, "extra", 3).Ok, $"close({fd}, 'extra', 3)", "closes, ignoring the extra arguments", "threw");
        if (ProcOracle.Available)
            Verdict.That(FdOracle.Get(h.Pid, fd) is null, $"fd {fd} after close (kernel)", "not open", "open");
    }

    // ---- close

    [Test, Case("close/file/gone-from-kernel-table", "close", Spec = Close, Tags = "fds")]
    public void CloseRemovesTheFd()
    {
        using var h = StartHarness("open");
        int fd = OpenFile(h);
        Verdict.Returns(h.Call("close", fd), "close(fd)");
        Verdict.That(FdOracle.Get(h.Pid, fd) is null, $"fd {fd} after close (kernel)", "not open", "still open");
    }

    [Test, Case("close/pipe/both-ends", "close", Spec = Close, Tags = "fds")]
    public void ClosePipeEnds()
    {
        using var h = StartHarness("pipe");
        var (r, w) = Pipe(h);
        Verdict.Returns(h.Call("close", r), "close(read end)");
        Verdict.Returns(h.Call("close", w), "close(write end)");
        var table = FdOracle.List(h.Pid);
        Verdict.That(!table.ContainsKey(r) && !table.ContainsKey(w), "pipe fds after close (kernel)", "both closed",
            $"read end open: {table.ContainsKey(r)}, write end open: {table.ContainsKey(w)}");
    }

    [Test, Case("close/errors/twice/ebadf", "close", Spec = Close, Tags = "fds")]
    public void CloseTwice()
    {
        using var h = StartHarness("open");
        int fd = OpenFile(h);
        Verdict.Returns(h.Call("close", fd), "close(fd)");
        Verdict.Throws(h.Call("close", fd), "EBADF", "close(fd) again");
    }

    [Test, Case("close/errors/never-opened/ebadf", "close", Spec = Close, Tags = "fds")]
    public void CloseNeverOpened()
    {
        using var h = StartHarness();
        int fd = FreeFrom(h.Pid, 900);
        Verdict.Throws(h.Call("close", fd), "EBADF", $"close({fd}) never opened");
    }

    [Test, Case("close/dup/other-stays-open", "close", Spec = Close, Tags = "fds")]
    public void CloseOneOfTwo()
    {
        using var h = StartHarness("open", "dup", "read");
        int fd = OpenFile(h);
        int copy = Fd(h.Call("dup", fd), "dup(fd)");
        Verdict.Returns(h.Call("close", fd), "close(fd)");
        Verdict.Equal(InCaseDir("f.txt"), Kernel(h, copy, "the dup").Target, "the dup after closing the original (kernel)");
        Verdict.Equal("0123456789", ReadText(h, copy, 100, "read(dup, 100)"), "read(dup, 100)");
    }

    [Test, Case("close/pipe/write-end-gives-eof", "close", Spec = Close, Tags = "fds")]
    public void ClosingTheWriteEndGivesEof()
    {
        using var h = StartHarness("pipe", "read");
        var (r, w) = Pipe(h);
        Verdict.Returns(h.Call("close", w), "close(write end)");
        // With the only write end closed, read returns at once with nothing.
        Verdict.Equal("", ReadText(h, r, 10, "read(read end, 10)"), "read(read end, 10) after closing the write end");
    }


    // ---- pipe

    [Test, Case("pipe/returns/array-of-two-numbers", "pipe", Spec = PipeArray, Tags = "fds")]
    public void PipeReturnsAnArray()
    {
        using var h = StartHarness();
        var value = Verdict.Returns(h.Call("pipe"), "pipe()");
        Verdict.That(value is JsArray { Items.Count: 2 } a && a.Items.All(i => i is JsNumber n && n.Value == Math.Floor(n.Value) && n.Value >= 0),
            "pipe()", "an Array of two integer fds", value.ToString());
    }

    [Test, Case("pipe/returns/two-distinct-open-fds", "pipe", Spec = PipeCreates, Tags = "fds")]
    [JudgesConsistency("the two fds of one pipe() reply must be two numbers; the kernel then judges each (open, read end, write end)")]
    public void PipeFdsAreOpen()
    {
        using var h = StartHarness();
        var (r, w) = Pipe(h);
        Verdict.That(r != w, "pipe()", "two distinct fds", $"[{r}, {w}]");
        var kr = Kernel(h, r, "first fd");
        var kw = Kernel(h, w, "second fd");
        Verdict.That(kr.Target.StartsWith("pipe:", StringComparison.Ordinal) && kr.Target == kw.Target, "what the two fds refer to (kernel)",
            "the same pipe", $"{kr.Target} and {kw.Target}");
    }

    [Test, Case("pipe/ends/first-is-read-only", "pipe", Spec = PipeEnds, Tags = "fds")]
    public void FirstIsReadEnd()
    {
        using var h = StartHarness();
        var (r, _) = Pipe(h);
        Verdict.Equal(AccessName(FdOracle.AccessReadOnly), AccessName(Kernel(h, r, "first fd").AccessMode), "access mode of the first fd (kernel)");
    }

    [Test, Case("pipe/ends/second-is-write-only", "pipe", Spec = PipeEnds, Tags = "fds")]
    public void SecondIsWriteEnd()
    {
        using var h = StartHarness();
        var (_, w) = Pipe(h);
        Verdict.Equal(AccessName(FdOracle.AccessWriteOnly), AccessName(Kernel(h, w, "second fd").AccessMode), "access mode of the second fd (kernel)");
    }

    [Test, Case("pipe/data/written-to-second-read-from-first", "pipe", Spec = PipeEnds, Tags = "fds")]
    public void DataFlows()
    {
        using var h = StartHarness("read", "write");
        var (r, w) = Pipe(h);
        Verdict.Equal<JsValue>(5, Verdict.Returns(h.Call("write", w, "hello"), "write(second, 'hello')"), "write(second, 'hello')");
        Verdict.Equal("hello", ReadText(h, r, 100, "read(first, 100)"), "read(first, 100)");
    }

    [Test, Case("pipe/data/runner-reads-what-harness-wrote", "pipe", Spec = PipeCreates, Tags = "fds,linux-only")]
    public void RunnerReadsThePipe()
    {
        using var h = StartHarness("write");
        var (r, w) = Pipe(h);
        Verdict.Returns(h.Call("write", w, "from-harness"), "write(write end, 'from-harness')");
        // The runner opens the same pipe through /proc (an independent reader) without blocking.
        using var stream = new FileStream(new Microsoft.Win32.SafeHandles.SafeFileHandle(
            Mono.Unix.Native.Syscall.open($"/proc/{h.Pid}/fd/{r}", Mono.Unix.Native.OpenFlags.O_RDONLY | Mono.Unix.Native.OpenFlags.O_NONBLOCK), true), FileAccess.Read);
        var buf = new byte[100];
        int n = stream.Read(buf, 0, buf.Length);
        Verdict.Equal("from-harness", System.Text.Encoding.UTF8.GetString(buf, 0, n), "bytes in the pipe (read by the runner)");
    }

    [Test, Case("pipe/ends/write-to-first/ebadf", "pipe", Spec = PipeEnds, Tags = "fds")]
    public void WriteToReadEnd()
    {
        using var h = StartHarness("write");
        var (r, _) = Pipe(h);
        Verdict.Throws(h.Call("write", r, "x"), "EBADF", "write(first fd, 'x')");
    }

    [Test, Case("pipe/ends/read-from-second/ebadf", "pipe", Spec = PipeEnds, Tags = "fds")]
    public void ReadFromWriteEnd()
    {
        using var h = StartHarness("read");
        var (_, w) = Pipe(h);
        Verdict.Throws(h.Call("read", w, 10), "EBADF", "read(second fd, 10)");
    }

    [Test, Case("pipe/returns/two-pipes-distinct", "pipe", Spec = PipeCreates, Tags = "fds")]
    public void TwoPipesAreDistinct()
    {
        using var h = StartHarness("read", "write");
        var (r1, w1) = Pipe(h);
        var (r2, w2) = Pipe(h);
        Verdict.That(new[] { r1, w1, r2, w2 }.Distinct().Count() == 4, "fds of two pipes", "four distinct fds", $"[{r1}, {w1}] [{r2}, {w2}]");
        Verdict.Returns(h.Call("write", w1, "one"), "write(w1, 'one')");
        Verdict.Returns(h.Call("write", w2, "two"), "write(w2, 'two')");
        Verdict.Equal("two", ReadText(h, r2, 100, "read(r2, 100)"), "read(r2, 100)");
        Verdict.Equal("one", ReadText(h, r1, 100, "read(r1, 100)"), "read(r1, 100)");
    }

    [Test, Case("pipe/returns/lowest-free-fds", "pipe", Decision = "docs/decisions.md#lowest-fd", Tags = "fds")]
    public void PipeTakesLowestFree()
    {
        using var h = StartHarness("open", "close");
        int a = OpenFile(h, "a.txt");
        OpenFile(h, "b.txt");
        Verdict.Returns(h.Call("close", a), "close(a)");
        // pipe(2) allocates the lowest free numbers, as every fd-allocating call does.
        int lowest = LowestFree(h.Pid);
        var (r, _) = Pipe(h);
        Verdict.Equal(lowest, r, "the read end's number (lowest free per the kernel)");
    }
}
