using NUnit.Framework;
using OsConformance.Suite.Tests.Runner;

namespace OsConformance.Suite.Tests;

/// <summary>At the end of the unit-test run: the runner tests' temp directories go (a test run left ~100 in $TMPDIR).</summary>
[SetUpFixture]
public sealed class TestRunCleanup
{
    [OneTimeTearDown]
    public void DeleteTempDirectories() => RunnerFixture.DeleteParents();
}
