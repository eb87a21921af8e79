using NUnit.Framework;
using OsConformance.Suite.Oracles;

namespace OsConformance.Suite.Tests.Oracles;

[TestFixture, Platform("Linux")]
public class VdsoOracleTests
{
    [Test]
    public void FindsWhatEveryVdsoExportsAndNotWhatNoneDoes()
    {
        // Every Linux vDSO since 2.6 exports clock_gettime; no kernel exports the second name.
        Assert.That(VdsoOracle.VdsoExports(VdsoOracle.Prefix + "clock_gettime"), Is.True);
        Assert.That(VdsoOracle.VdsoExports(VdsoOracle.Prefix + "osc_no_such_call"), Is.False);
    }

    [Test]
    public void ReadsThisGlibcsVersion()
    {
        Assert.That(VdsoOracle.GlibcAtLeast(2, 17), Is.True, "every glibc .NET 10 runs on is 2.17 or later");
        Assert.That(VdsoOracle.GlibcAtLeast(99, 0), Is.False);
    }
}
