using NUnit.Framework;
using NUnit.Framework.Interfaces;
using OsConformance.Cli.Runner;
using OsConformance.Reports;

namespace OsConformance.Suite.Tests.Runner;

/// <summary>NUnit outcomes → statuses, with messages as NUnit builds them from exception chains.</summary>
public sealed class StatusMapperTests
{
    private static CaseStatus Map(ResultState state, string? message, bool killed = false) => StatusMapper.Map(state, message, killed).Status;

    [Test]
    public void Statuses()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Map(ResultState.Success, null), Is.EqualTo(CaseStatus.Pass));
            Assert.That(Map(ResultState.Inconclusive, "unsupported: x"), Is.EqualTo(CaseStatus.Unsupported));
            Assert.That(Map(ResultState.Failure, "getpid(): expected 1, actual 2"), Is.EqualTo(CaseStatus.Fail));
            Assert.That(Map(ResultState.Error, "System.IO.FileNotFoundException : nope"), Is.EqualTo(CaseStatus.Broken));
            Assert.That(Map(ResultState.SetUpFailure, "precondition"), Is.EqualTo(CaseStatus.Broken));
            Assert.That(Map(ResultState.SetUpError, "System.Exception : setup"), Is.EqualTo(CaseStatus.Broken));
            Assert.That(Map(ResultState.NotRunnable, "invalid case metadata"), Is.EqualTo(CaseStatus.Broken));
            Assert.That(Map(ResultState.Ignored, "why"), Is.EqualTo(CaseStatus.Broken));
            Assert.That(Map(ResultState.Error, "OsConformance.Protocol.HarnessCrashedException : harness exited 3"), Is.EqualTo(CaseStatus.Crashed));
            Assert.That(Map(ResultState.Error, "OsConformance.Protocol.ProtocolViolationException : not JSON"), Is.EqualTo(CaseStatus.Crashed));
            Assert.That(Map(ResultState.Error, "OsConformance.Protocol.HarnessTimeoutException : deadline"), Is.EqualTo(CaseStatus.Timeout));
            Assert.That(Map(ResultState.SetUpError, "OsConformance.Protocol.HarnessCrashedException : at start"), Is.EqualTo(CaseStatus.Crashed));
            Assert.That(Map(ResultState.Error, "System.InvalidOperationException : wrapped\n  ----> OsConformance.Protocol.HarnessCrashedException : died"),
                Is.EqualTo(CaseStatus.Crashed), "anywhere in the chain");
            Assert.That(Map(ResultState.Failure, "x", killed: true), Is.EqualTo(CaseStatus.Timeout));
            Assert.That(Map(ResultState.Failure, "Test exceeded Timeout value of 100ms"), Is.EqualTo(CaseStatus.Timeout));
        });
    }
}
