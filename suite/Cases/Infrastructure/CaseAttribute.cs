using NUnit.Framework;
using NUnit.Framework.Interfaces;
using NUnit.Framework.Internal;
using NUnit.Framework.Internal.Builders;

namespace OsConformance.Suite.Infrastructure;

/// <summary>
/// The metadata of a plain [Test] case: <c>[Test, Case("getpid/equals-spawned-pid", "getpid", Spec = "...", Tags = "ids")]</c>.
/// Builds the test itself (as [TestCase] does) so that its NUnit name is the id; [Test] beside it
/// is harmless. Invalid metadata makes the case not runnable (reported broken) with the reason.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class CaseAttribute(string id, string function) : NUnitAttribute, IApplyToTest, ITestBuilder, IImplyFixture
{
    public string Id { get; } = id;
    public string Function { get; } = function;
    /// <summary>A verbatim sentence (or part of one) of docs/spec/os-module.txt.</summary>
    public string? Spec { get; set; }
    /// <summary>An anchor of docs/decisions.md, as "docs/decisions.md#open-flags".</summary>
    public string? Decision { get; set; }
    /// <summary>Comma-separated: a family, and needs-root, needs-tty, linux-only, macos-only as they apply.</summary>
    public string? Tags { get; set; }

    public CaseMeta Meta => new(Id, Function, Spec, Decision, CaseMeta.SplitTags(Tags));

    public IEnumerable<TestMethod> BuildFrom(IMethodInfo method, Test? suite)
    {
        var parms = new TestCaseParameters([]) { TestName = Id };
        var meta = Meta;
        meta.WriteTo(parms.Properties);
        var problems = method.GetParameters().Length > 0
            ? ["[Case] is for methods without parameters; use CaseData.Of in a TestCaseSource for parameterized cases"]
            : meta.Problems();
        if (problems.Count > 0)
        {
            parms.RunState = RunState.NotRunnable;
            parms.Properties.Set(PropertyNames.SkipReason, CaseMeta.InvalidMessage(Id, problems));
        }
        yield return new NUnitTestCaseBuilder().BuildTestMethod(method, suite, parms);
    }

    public void ApplyToTest(Test test)
    {
        // Already done by BuildFrom for the test itself; NUnit may also apply it to a wrapping suite.
        if (test is not TestMethod || test.Properties.ContainsKey(CaseMeta.IdProperty))
            return;
        var meta = Meta;
        test.Name = meta.Id;
        meta.WriteTo(test.Properties);
        if (test is ParameterizedMethodSuite || test.Method?.GetParameters().Length > 0)
            MarkInvalid(test, meta.Id, ["[Case] is for plain [Test] methods; use CaseData.Of in a TestCaseSource for parameterized cases"]);
        else if (meta.Problems() is { Count: > 0 } problems)
            MarkInvalid(test, meta.Id, problems);
    }

    internal static void MarkInvalid(Test test, string id, IReadOnlyList<string> problems)
    {
        test.RunState = RunState.NotRunnable;
        test.Properties.Set(PropertyNames.SkipReason, CaseMeta.InvalidMessage(id, problems));
    }
}
