using System.Globalization;
using System.Text.RegularExpressions;

namespace OsConformance.Suite.Oracles;

/// <summary>One system call as strace printed it: <c>openat(AT_FDCWD, "/x", O_RDONLY|O_CLOEXEC) = 5</c>.</summary>
public sealed record TracedCall(int Pid, string Name, string Args, string Result)
{
    /// <summary>The return value when it is a number (-1 for failed calls), else null.</summary>
    public long? Value => long.TryParse(Result.Split(' ', 2)[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long v) ? v : null;

    public override string ToString() => $"{Name}({Args}) = {Result}";
}

/// <summary>
/// The syscall oracle: what an implementation asked the kernel for, seen by strace (ptrace) running the
/// harness as its child, so nothing the implementation reports is trusted. Linux only; absent strace or a
/// refused ptrace makes a case unsupported.
/// </summary>
public static partial class SyscallOracle
{
    private static readonly Lazy<string?> strace = new(() =>
        OperatingSystem.IsLinux()
            ? (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin").Split(':')
                .Select(d => Path.Combine(d.Length == 0 ? "." : d, "strace")).FirstOrDefault(File.Exists)
            : null);

    public static string? StracePath => strace.Value;

    /// <summary>
    /// The words that run a command under strace, writing every syscall of it and its threads and children
    /// to <paramref name="log"/>, strings in full (paths are how the markers are found).
    /// </summary>
    public static IReadOnlyList<string> Prefix(string log) =>
        [StracePath ?? throw new InvalidOperationException("strace is not installed"), "-f", "-qq", "-s", "65536", "-o", log, "--"];

    [GeneratedRegex(@"^(?<pid>\d+)\s+(?<name>\w+)\((?<args>.*)\)\s+=\s+(?<result>.*)$")]
    private static partial Regex Complete();

    [GeneratedRegex(@"^(?<pid>\d+)\s+(?<name>\w+)\((?<args>.*?)\s*<unfinished \.\.\.>$")]
    private static partial Regex Unfinished();

    [GeneratedRegex(@"^(?<pid>\d+)\s+<\.\.\. (?<name>\w+) resumed>\s*(?<args>.*)\)\s+=\s+(?<result>.*)$")]
    private static partial Regex Resumed();

    /// <summary>What a case's work folder keeps of an strace log once it has been read (docs/protocol.md#limits).</summary>
    public const int KeptLogBytes = 256 * 1024;

    /// <summary>
    /// The calls in an strace -f log, in order of completion, with interrupted calls joined up. The whole
    /// log is read; the file is then cut to <see cref="KeptLogBytes"/>, so a harness that floods its
    /// syscalls cannot blow up the run's folder.
    /// </summary>
    public static IReadOnlyList<TracedCall> Read(string log)
    {
        var calls = Parse(log);
        Cut(log);
        return calls;
    }

    private static void Cut(string log)
    {
        using var file = new FileStream(log, FileMode.Open, FileAccess.ReadWrite);
        long cut = file.Length - KeptLogBytes;
        if (cut <= 0) return;
        file.SetLength(KeptLogBytes);
        file.Seek(0, SeekOrigin.End);
        file.Write(System.Text.Encoding.UTF8.GetBytes($"\n… {cut} bytes cut (the log keeps {KeptLogBytes})\n"));
    }

    private static List<TracedCall> Parse(string log)
    {
        var calls = new List<TracedCall>();
        var pending = new Dictionary<(int, string), string>();
        foreach (string line in File.ReadLines(log))
        {
            if (Complete().Match(line) is { Success: true } c)
                calls.Add(new TracedCall(Pid(c), c.Groups["name"].Value, c.Groups["args"].Value, c.Groups["result"].Value));
            else if (Unfinished().Match(line) is { Success: true } u)
                pending[(Pid(u), u.Groups["name"].Value)] = u.Groups["args"].Value;
            else if (Resumed().Match(line) is { Success: true } r && pending.Remove((Pid(r), r.Groups["name"].Value), out string? head))
                calls.Add(new TracedCall(Pid(r), r.Groups["name"].Value, head + r.Groups["args"].Value, r.Groups["result"].Value));
        }
        return calls;
    }

    private static int Pid(Match m) => int.Parse(m.Groups["pid"].Value, CultureInfo.InvariantCulture);

    /// <summary>
    /// The calls strictly between the first call that names <paramref name="beginPath"/> and the first later
    /// call that names <paramref name="endPath"/>; null when either marker is missing from the log.
    /// </summary>
    public static IReadOnlyList<TracedCall>? Between(IReadOnlyList<TracedCall> calls, string beginPath, string endPath)
    {
        var list = calls.ToList();
        int begin = list.FindIndex(c => c.Args.Contains('"' + beginPath + '"', StringComparison.Ordinal));
        if (begin < 0)
            return null;
        int end = list.FindIndex(begin + 1, c => c.Args.Contains('"' + endPath + '"', StringComparison.Ordinal));
        return end < 0 ? null : list.GetRange(begin + 1, end - begin - 1);
    }

    /// <summary>
    /// The calls made by the given processes: each pid stands for its whole thread group. strace -f prints
    /// the thread id, so a thread is mapped to its process through the clone/clone3 with CLONE_THREAD that
    /// made it; any other tid (a fork child, another program) is its own process. A helper process or thread
    /// of another process that creates the same fd number is left out, so it cannot be judged in its place.
    /// </summary>
    public static IReadOnlyList<TracedCall> OfProcesses(IReadOnlyList<TracedCall> calls, IReadOnlyCollection<int> pids)
    {
        var groups = ThreadGroups(calls);
        return calls.Where(c => pids.Contains(groups.GetValueOrDefault(c.Pid, c.Pid))).ToList();
    }

    /// <summary>Each thread id the log shows being created as a thread, mapped to its thread group id (the pid).</summary>
    public static IReadOnlyDictionary<int, int> ThreadGroups(IReadOnlyList<TracedCall> calls)
    {
        // The creating tid of each thread; a thread may itself be made by a thread, hence the walk below.
        var creator = new Dictionary<int, int>();
        foreach (var c in calls)
            if (c.Name is "clone" or "clone3" && c.Value > 0 && c.Args.Contains("CLONE_THREAD", StringComparison.Ordinal))
                creator[(int)c.Value] = c.Pid;
        var groups = new Dictionary<int, int>();
        foreach (int tid in creator.Keys)
        {
            int t = tid;
            for (int hops = 0; creator.TryGetValue(t, out int up) && hops <= creator.Count; hops++)
                t = up;
            groups[tid] = t;
        }
        return groups;
    }

    private static readonly string[] PairCreators = ["pipe", "pipe2", "socketpair"];

    /// <summary>
    /// The call that brought <paramref name="fd"/> into being: the first successful call returning it
    /// (open, openat, openat2, creat, dup, dup2, dup3, fcntl F_DUPFD*), or a pipe/socketpair that filled it in.
    /// </summary>
    public static TracedCall? Creator(IReadOnlyList<TracedCall> calls, int fd) => calls.FirstOrDefault(c =>
        PairCreators.Contains(c.Name) ? c.Value == 0 && PairFds(c).Contains(fd) : c.Value == fd && ReturnsNewFd(c));

    private static bool ReturnsNewFd(TracedCall c) =>
        c.Name is "open" or "openat" or "openat2" or "creat" or "dup" or "dup2" or "dup3"
        || (c.Name == "fcntl" && c.Args.Contains("F_DUPFD", StringComparison.Ordinal));

    [GeneratedRegex(@"\[(?<a>\d+),\s*(?<b>\d+)\]")]
    private static partial Regex FdPair();

    private static int[] PairFds(TracedCall c) => FdPair().Match(c.Args) is { Success: true } m
        ? [int.Parse(m.Groups["a"].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups["b"].Value, CultureInfo.InvariantCulture)]
        : [];

    /// <summary>True when the call itself asked for close-on-exec (O_CLOEXEC or F_DUPFD_CLOEXEC), atomically.</summary>
    public static bool SetsCloexecAtomically(TracedCall c) =>
        c.Args.Contains("O_CLOEXEC", StringComparison.Ordinal) || c.Args.Contains("F_DUPFD_CLOEXEC", StringComparison.Ordinal);
}
