using System.Text.RegularExpressions;
using NUnit.Framework.Interfaces;
using OsConformance.Reports;

namespace OsConformance.Cli.Runner;

/// <summary>
/// NUnit's outcome of a case → the suite's status. The harness exceptions are recognised by
/// type name in NUnit's message, which lists the whole exception chain ("Type : message" and
/// "----> Inner : message" lines); the outermost one wins.
/// </summary>
public static partial class StatusMapper
{
    [GeneratedRegex(@"OsConformance\.Protocol\.(?<type>HarnessCrashedException|ProtocolViolationException|HarnessTimeoutException|HarnessFaultException) : (?<msg>[^\n]*)")]
    private static partial Regex HarnessException();

    public static (CaseStatus Status, string? Message) Map(ResultState state, string? message, bool killedAtDeadline)
    {
        message = string.IsNullOrWhiteSpace(message) ? null : message.Trim();
        if (killedAtDeadline)
            return (CaseStatus.Timeout, "the case passed its deadline; the runner killed its harnesses" + (message is null ? "" : ": " + message));

        switch (state.Status)
        {
            case TestStatus.Passed:
            case TestStatus.Warning:
                return (CaseStatus.Pass, null);
            case TestStatus.Inconclusive:
                return (CaseStatus.Unsupported, message);
            case TestStatus.Skipped:
                // An ignored case hides whatever it checks: that is the suite's problem, not a pass.
                return (CaseStatus.Broken, $"{(state.Label is { Length: > 0 } l ? l.ToLowerInvariant() : "skipped")}: {message}");
        }

        if (message is not null && HarnessException().Match(message) is { Success: true } m)
        {
            string msg = m.Groups["msg"].Value;
            return m.Groups["type"].Value switch
            {
                "HarnessTimeoutException" => (CaseStatus.Timeout, "harness timeout: " + msg),
                "HarnessFaultException" => (CaseStatus.Fail, "harness fault: " + msg),
                "ProtocolViolationException" => (CaseStatus.Crashed, "protocol violation: " + msg),
                _ => (CaseStatus.Crashed, "harness crashed: " + msg),
            };
        }
        if (state.Label == "Invalid")
            return (CaseStatus.Broken, message ?? "the case is not runnable");
        if (state.Label == "Cancelled")
            return (CaseStatus.Broken, "cancelled" + (message is null ? "" : ": " + message));
        if (message is not null && message.StartsWith("Test exceeded Timeout value", StringComparison.Ordinal))
            return (CaseStatus.Timeout, message);
        if (state.Status == TestStatus.Failed && state.Label != "Error" && state.Site == FailureSite.Test)
            return (CaseStatus.Fail, message);
        // An exception in the case's own code, or a failure in its setup or teardown.
        string site = state.Site is FailureSite.SetUp or FailureSite.TearDown or FailureSite.Parent
            ? state.Site.ToString().ToLowerInvariant() + ": " : "";
        return (CaseStatus.Broken, site + (message ?? "error"));
    }
}
