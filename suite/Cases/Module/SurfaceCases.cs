using NUnit.Framework;
using OsConformance.Suite.Infrastructure;

namespace OsConformance.Suite.Module;

/// <summary>
/// The module's surface: every documented function exists. A missing one fails here (elsewhere its
/// cases say "unsupported"), so a report never passes an implementation that lacks a function.
/// </summary>
public sealed class SurfaceCases : ConformanceFixture
{
    private const string Module = "This module exposes low level operating system facilities / syscalls.";

    public static IEnumerable<TestCaseData> Documented() =>
        Functions.Documented.Select(fn =>
            CaseData.Of($"module/exposes/{fn}", fn, spec: Module, tags: Tags.ApiSurface + "," + Tags.Pure, args: fn));

    [TestCaseSource(nameof(Documented))]
    public void ExposesTheFunction(string fn)
    {
        StartHarness();
        Verdict.That(Info!.Capabilities.Functions.Contains(fn), $"os.{fn}", "a function of the module", "missing");
    }
}
