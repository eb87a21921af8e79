using NUnit.Framework;
using OsConformance.Suite.Infrastructure;
using OsConformance.Suite.Processes;

namespace OsConformance.Suite.Tests.Runner;

// The state waits of process cases scale with --timeout: a TCG guest gives 120 s a case, and a
// fixed 3 s failed setuid/root-child/sets-euid there ("state R; report: no report").
[TestFixture, NonParallelizable]
public class PatienceTests
{
    [TestCase(10, 3)]
    [TestCase(5, 3)]
    [TestCase(120, 36)]
    public void PatienceIsThreeSecondsOrThirtyPercentOfTheCaseTime(int caseSeconds, int patienceSeconds)
    {
        var saved = Target.CaseTimeout;
        try
        {
            Target.CaseTimeout = TimeSpan.FromSeconds(caseSeconds);
            Assert.That(ProcessKit.Patience, Is.EqualTo(TimeSpan.FromSeconds(patienceSeconds)));
        }
        finally
        {
            Target.CaseTimeout = saved;
        }
    }
}
