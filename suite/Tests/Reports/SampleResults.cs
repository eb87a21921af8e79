using System.Text.Json.Nodes;
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
            new ImplementationDesc("sjs-os-reference", "1.2.3"),
            new PlatformDesc("linux", "x64", "6.12.0-1-amd64", "glibc 2.41", 1000, "linux-x64-user"),
            "/work/main/reference/bin/harness --flag",
            new DateTimeOffset(2026, 11, 27, 3, 0, 0, 123, TimeSpan.Zero).AddTicks(4567),
            new DateTimeOffset(2026, 11, 27, 3, 0, 12, 500, TimeSpan.FromHours(1)),
            cases,
            new JsonObject { ["wall_ms"] = 12377.5, ["cases_per_second"] = 0.89, ["workers"] = 2 });
    }

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
