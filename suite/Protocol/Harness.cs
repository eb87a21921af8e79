namespace OsConformance.Protocol;

// Contract file for the suite's harness client. Implementation: HarnessProcess.*.cs.

/// <summary>
/// How to start a harness for one case. ValidateReplies = false still parses each reply and checks
/// its id and faults, but skips the schema: for timing, where the check would be most of a round trip.
/// HarnessIsChild: Command starts with an oracle's wrapper that runs the rest as its one child
/// (strace), so the harness's own pid is that child's, not the spawned one.
/// </summary>
public sealed record HarnessOptions(
    IReadOnlyList<string> Command,
    string WorkingDirectory,
    TimeSpan Timeout,
    string? StderrLogPath = null,
    IReadOnlyDictionary<string, string>? Environment = null,
    bool ValidateRequests = true,
    bool ValidateReplies = true,
    bool HarnessIsChild = false);

/// <summary>The outcome of a call: a value or a thrown error, plus any filled Buffer arguments.</summary>
public sealed record CallOutcome(JsValue? Value, JsError? Thrown, IReadOnlyDictionary<int, byte[]> Buffers)
{
    public bool Ok => Thrown is null;
    public override string ToString() => Ok ? $"{Value}" : $"threw {Thrown}";
}

public sealed record ImplementationInfo(string Name, string Version);
public sealed record PlatformInfo(string Os, string Arch, string Kernel, string Libc);
public sealed record Capabilities(
    IReadOnlySet<string> Functions,
    IReadOnlyDictionary<string, double> Constants,
    IReadOnlySet<string> Extensions,
    IReadOnlySet<string> Ops);
/// <summary>What a start reply says; Pid is the pid the harness reported, if any (docs/protocol.md#the-harness-process).</summary>
public sealed record StartInfo(int Protocol, ImplementationInfo Implementation, PlatformInfo Platform, Capabilities Capabilities, int? Pid = null);

public sealed record ForkStep(string Fn, params JsValue[] Args);
public sealed record RepeatResult(long N, long ElapsedNs);

/// <summary>How a harness process ended: an exit code or a terminating signal (raw wait status kept).</summary>
public sealed record ProcessEnd(int RawStatus, int? ExitCode, int? Signal, bool CoreDumped)
{
    public override string ToString() => ExitCode is int c ? $"exited {c}" : $"killed by signal {Signal}{(CoreDumped ? " (core dumped)" : "")}";
}

/// <summary>Base of every harness failure; the runner maps the subclasses to case statuses.</summary>
public abstract class HarnessException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The harness process ended (or closed stdout) while a reply was due. Status: crashed.</summary>
public sealed class HarnessCrashedException(string message, ProcessEnd? end = null) : HarnessException(message)
{
    public ProcessEnd? End { get; } = end;
}

/// <summary>The harness missed its deadline and was killed. Status: timeout.</summary>
public sealed class HarnessTimeoutException(string message) : HarnessException(message);

/// <summary>The harness wrote a line that is not a valid reply. Status: crashed.</summary>
public sealed class ProtocolViolationException(string message, string? line = null, IReadOnlyList<SchemaViolation>? violations = null) : HarnessException(message)
{
    public string? Line { get; } = line;

    /// <summary>The schema violations, when the line was JSON that broke a schema; else empty.</summary>
    public IReadOnlyList<SchemaViolation> Violations { get; } = violations ?? [];
}

/// <summary>
/// The pid a start reply reported is not the spawned process or one of its descendants, so no
/// oracle may look at it. Status: broken (the case cannot be set up), and run stops before the cases.
/// </summary>
public sealed class HarnessPidException(string message) : HarnessException(message);

/// <summary>The harness answered with a fault: it could not honour the request.</summary>
public sealed class HarnessFaultException(string message) : HarnessException(message);
