using OsConformance.Reports;

namespace OsConformance.Suite.Tests.Reports;

/// <summary>Hand-built runs for the report tests: every status, awkward text, no harness needed.</summary>
internal static class SampleResults
{
    public const string ScriptMessage = "got <script>alert('x')</script> & \"quotes\"";

    public static RunResults Create()
    {
        var cases = new List<CaseResult>
        {
            Case("open/flags/r/missing-enoent", "open", CaseStatus.Pass),
            Case("open/flags/wx+/fails-if-exists", "open", CaseStatus.Fail,
                expected: "throws EEXIST", actual: "returned fd 5", message: "open succeeded on an existing file"),
            Case("open/mode/octal-string", "open", CaseStatus.XFail, expected: "mode 0644", actual: "mode 0666", message: "known gap"),
            Case("dup2/same-fd/returns-fd", "dup2", CaseStatus.XPass, decision: "docs/decisions.md#dup2-same-fd", expected: "fail (expectations)", actual: "pass"),
            Case("dup2/cloexec/default", "dup2", CaseStatus.Pass),
            Case("stat/birthtime/recorded", "stat", CaseStatus.Unsupported, message: "filesystem does not record birth time"),
            Case("waitpid/wnohang/no-child", "waitpid", CaseStatus.Broken, message: "setup: fork failed: EAGAIN"),
            Case("exec/path/absent", "execvp", CaseStatus.Crashed, message: "harness exited with signal 11", log: "stderr:\nSegmentation fault\u0001"),
            Case("read/partial/pipe", "read", CaseStatus.Timeout, message: "no answer in 5000 ms"),
            Case("isatty/file/false", "isatty", CaseStatus.Fail, expected: "false", actual: "true", message: ScriptMessage),
            Case("urandom/size/zero", "urandom", CaseStatus.Fail, expected: "a `Buffer` of | length 0", actual: "```\nthrows RangeError\n```",
                message: "markdown *stars* and | pipes"),
        };
        return new RunResults(
            "0.1.0",
            new ImplementationDesc("sjs-os-reference", "1.2.3", ["fstat"]),
            new PlatformDesc("linux", "x64", "6.12.0-1-amd64", "glibc 2.41", 1000, "linux-x64-user"),
            "/work/main/reference/bin/harness --flag",
            new DateTimeOffset(2026, 11, 27, 3, 0, 0, 123, TimeSpan.Zero).AddTicks(4567),
            new DateTimeOffset(2026, 11, 27, 3, 0, 12, 500, TimeSpan.FromHours(1)),
            cases,
            Performance());
    }

    /// <summary>
    /// Figures as run --perf writes them, scaled by <paramref name="scale"/>; with <paramref name="forkError"/>
    /// the fork operation was not measured. The stat row's how carries HTML and Markdown syntax.
    /// </summary>
    public static PerformanceResults Performance(double scale = 1, string? forkError = null) => new(
        N: 2000,
        Rounds: 3,
        Taken: new DateTimeOffset(2026, 11, 27, 3, 0, 12, 0, TimeSpan.FromHours(1)).AddTicks(4567),
        LoadAverage: [0.5, 0.25, 0.13],
        Operations:
        [
            PerformanceFigure.Measured("getpid", 2000 * scale, "repeat getpid, n=2000"),
            PerformanceFigure.Measured("stat", 7030 * scale, "repeat stat(\"<b>f.txt</b>\") | *n*=2000 & more"),
            forkError is null
                ? PerformanceFigure.Measured("fork+_exit+waitpid", 14_200_000 * scale, "20× (fork op + call waitpid) minus 2 round trips")
                : PerformanceFigure.Failed("fork+_exit+waitpid", "fork op + call waitpid minus 2 round trips", forkError),
        ],
        RoundTrip: PerformanceFigure.Measured(PerformanceResults.RoundTripOperation, 27_000 * scale, "call getpid timed by the client minus getpid inside"));

    public static CaseResult Case(string id, string function, CaseStatus status, string? decision = null,
        string? expected = null, string? actual = null, string? message = null, string? log = null) =>
        new(id, function,
            decision is null ? $"The sentence of the spec that {id} checks." : null,
            decision,
            ["family:" + function, "linux-only"],
            status, expected, actual, message,
            DurationMs: 12.345,
            Rerun: $"./os-conformance run --filter 'id:{id}'",
            Log: log);
}
