namespace OsConformance.Protocol;

/// <summary>
/// One running harness: spawned in its own process group with stdin/stdout pipes, spoken to one
/// request at a time. Every reply is validated against docs/schemas. Disposing kills the whole
/// process group and reaps it, so nothing outlives a case.
/// Contract stub: bodies to be filled.
/// </summary>
public sealed partial class HarnessProcess : IDisposable
{
    public static HarnessProcess Spawn(HarnessOptions options) => throw new NotImplementedException();

    /// <summary>The harness's pid, as spawned (the oracle for getpid and for /proc lookups).</summary>
    public int Pid => throw new NotImplementedException();

    /// <summary>Every line sent and received, prefixed "> " and "< ", for failure reports.</summary>
    public IReadOnlyList<string> Transcript => throw new NotImplementedException();

    public StartInfo Start() => throw new NotImplementedException();
    public CallOutcome Call(string fn, params JsValue[] args) => throw new NotImplementedException();

    /// <summary>Sends a call that is expected to end or replace the process; does not wait for a reply.</summary>
    public void CallNoReply(string fn, params JsValue[] args) => throw new NotImplementedException();

    /// <summary>Forks a child that runs the steps and reports to reportPath; returns the child's pid.</summary>
    public int Fork(string reportPath, IReadOnlyList<ForkStep> steps, int exit = 0) => throw new NotImplementedException();

    public RepeatResult Repeat(string fn, JsValue[] args, long n) => throw new NotImplementedException();
    public void Stop() => throw new NotImplementedException();

    /// <summary>Waits for the process to end; kills it at the deadline (HarnessTimeoutException).</summary>
    public ProcessEnd WaitForExit(TimeSpan timeout) => throw new NotImplementedException();

    public void Dispose() => throw new NotImplementedException();
}

/// <summary>Reads a fork child's report file (one JSON line per completed step).</summary>
public static partial class ForkReport
{
    public static IReadOnlyList<CallOutcome> Read(string path) => throw new NotImplementedException();
}
