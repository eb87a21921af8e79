using System.Reflection;
using NUnit.Framework;
using NUnit.Framework.Internal;
using OsConformance.Cli.Runner;
using OsConformance.Suite.Infrastructure;

namespace OsConformance.Suite.Tests.Runner;

public sealed class MetadataTests
{
    private const string Quote = "Returns the process id of the calling process.";

    private static IReadOnlyList<string> Problems(string id, string fn, string? spec, string? decision, params string[] tags) =>
        new CaseMeta(id, fn, spec, decision, tags).Problems();

    [Test]
    public void ValidMetadataHasNoProblems()
    {
        Assert.That(Problems("getpid/x", "getpid", Quote, null, "ids"), Is.Empty);
        Assert.That(Problems("open/flags/wx+/fails-if-exists", "open", null, "docs/decisions.md#open-flags", "open-flags"), Is.Empty);
        Assert.That(Problems("getpid/x", "getpid", "  Returns the process\n id of the calling   process. ", null, "ids"), Is.Empty, "whitespace is normalised");
        Assert.That(Problems("S_ISLNK/x", "S_ISLNK", "Returns true if the mode of the file indicates it’s a symbolic link.", null, "stat"), Is.Empty);
    }

    [TestCase("getpid", "getpid", "well formed")]
    [TestCase("getpid/../x", "getpid", "well formed")]
    [TestCase("getpid/a b", "getpid", "well formed")]
    [TestCase("getpid/x", "fstat", "not one of the 51")]
    [TestCase("getpid/x", "GetPid", "not one of the 51")]
    public void BadIdOrFunction(string id, string fn, string problem) =>
        Assert.That(string.Join("; ", Problems(id, fn, Quote, null, "ids")), Does.Contain(problem));

    [Test]
    public void SpecAndDecisionProblems()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Problems("getpid/x", "getpid", null, null, "ids"), Has.Some.Contains("exactly one"));
            Assert.That(Problems("getpid/x", "getpid", Quote, "docs/decisions.md#errors", "ids"), Has.Some.Contains("exactly one"));
            Assert.That(Problems("getpid/x", "getpid", "Returns the pid.", null, "ids"), Has.Some.Contains("not found verbatim"));
            Assert.That(Problems("getpid/x", "getpid", "os:getpid()", null, "ids"), Has.Some.Contains("not (part of) a sentence"), "a heading is not a sentence");
            Assert.That(Problems("getpid/x", "getpid", null, "docs/decisions.md#no-such", "ids"), Has.Some.Contains("not an anchor"));
            Assert.That(Problems("getpid/x", "getpid", null, "open-flags", "ids"), Has.Some.Contains("not an anchor"));
            Assert.That(Problems("getpid/x", "getpid", Quote, null), Has.Some.Contains("no family tag"));
            Assert.That(Problems("getpid/x", "getpid", Quote, null, "needs-root"), Has.Some.Contains("no family tag"));
            Assert.That(Problems("getpid/x", "getpid", Quote, null, "ids", "linux-only", "macos-only"), Has.Some.Contains("together"));
            Assert.That(Problems("getpid/x", "getpid", Quote, null, "Ids"), Has.Some.Contains("kebab-case"));
        });
    }

    public sealed class Dummy
    {
        public void M() { }
    }

    [Test]
    public void CaseAttributeNamesTheTestAndMarksInvalidMetadataNotRunnable()
    {
        var method = new MethodWrapper(typeof(Dummy), typeof(Dummy).GetMethod(nameof(Dummy.M))!);
        var good = new TestMethod(method);
        new CaseAttribute("getpid/x", "getpid") { Spec = Quote, Tags = "ids,linux-only" }.ApplyToTest(good);
        var bad = new TestMethod(method);
        new CaseAttribute("getpid/y", "nosuch") { Spec = Quote, Tags = "ids" }.ApplyToTest(bad);
        Assert.Multiple(() =>
        {
            Assert.That(good.Name, Is.EqualTo("getpid/x"));
            Assert.That(good.RunState, Is.EqualTo(NUnit.Framework.Interfaces.RunState.Runnable));
            Assert.That(CaseMeta.Of(good), Is.Not.Null);
            Assert.That(CaseMeta.Of(good)!.Tags, Is.EqualTo(new[] { "ids", "linux-only" }));
            Assert.That(bad.RunState, Is.EqualTo(NUnit.Framework.Interfaces.RunState.NotRunnable));
            Assert.That(bad.Properties.Get(PropertyNames.SkipReason), Does.Contain("nosuch"));
        });
    }

    [Test]
    public void CaseDataCarriesMetadataAndArguments()
    {
        var data = CaseData.Of("open/flags/r/x", "open", decision: "docs/decisions.md#open-flags", tags: "open-flags", args: ["r", 3]);
        var bad = CaseData.Of("open/flags/r/y", "open", spec: "not in the spec at all", tags: "open-flags", args: ["r", 3]);
        Assert.Multiple(() =>
        {
            Assert.That(data.TestName, Is.EqualTo("open/flags/r/x"));
            Assert.That(data.Arguments, Is.EqualTo(new object[] { "r", 3 }));
            Assert.That(data.Properties.Get(CaseMeta.IdProperty), Is.EqualTo("open/flags/r/x"));
            Assert.That(data.RunState, Is.EqualTo(NUnit.Framework.Interfaces.RunState.Runnable));
            Assert.That(bad.RunState, Is.EqualTo(NUnit.Framework.Interfaces.RunState.NotRunnable));
        });
    }

    [Test]
    public void DuplicateIdsAndMissingMetadataBecomeNotRunnable()
    {
        var method = new MethodWrapper(typeof(Dummy), typeof(Dummy).GetMethod(nameof(Dummy.M))!);
        var suite = new TestSuite("s");
        var a = new TestMethod(method);
        var b = new TestMethod(method);
        var c = new TestMethod(method);
        new CaseAttribute("getpid/same", "getpid") { Spec = Quote, Tags = "ids" }.ApplyToTest(a);
        new CaseAttribute("getpid/same", "getpid") { Spec = Quote, Tags = "ids" }.ApplyToTest(b);
        suite.Add(a); suite.Add(b); suite.Add(c);
        var entries = CaseCatalog.Collect(suite);
        Assert.That(entries, Has.Count.EqualTo(3));
        Assert.That(entries.Select(e => e.Runnable), Is.All.False);
        Assert.That(entries[0].NotRunnableReason, Does.Contain("duplicate case id 'getpid/same'"));
        Assert.That(entries[2].NotRunnableReason, Does.Contain("no metadata"));
    }

    /// <summary>For the case writers: every case in the suite builds runnable, with valid and unique metadata.</summary>
    [Test]
    public void EveryCaseOfTheSuiteIsValid()
    {
        var catalog = CaseCatalog.Load();
        Assert.That(catalog, Is.Not.Empty);
        var invalid = catalog.Where(e => !e.Runnable).Select(e => $"{e.Id}: {e.NotRunnableReason}").ToList();
        Assert.That(invalid, Is.Empty);
        var misnamed = catalog.Where(e => e.Test.Name != e.Meta?.Id).Select(e => $"{e.Test.FullName} named '{e.Test.Name}'").ToList();
        Assert.That(misnamed, Is.Empty, "the NUnit test name is the case id");
    }

    [Test]
    public void EveryCaseMethodIsATest()
    {
        var orphans = CaseCatalog.SuiteAssembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(m => m.GetCustomAttribute<CaseAttribute>() is not null && m.GetCustomAttribute<TestAttribute>() is null)
            .Select(m => $"{m.DeclaringType!.Name}.{m.Name}").ToList();
        Assert.That(orphans, Is.Empty, "[Case] without [Test] never runs");
    }

    [Test]
    public void CaseDirectoriesAreFlatAndDistinct()
    {
        Assert.That(Path.GetFileName(Target.CaseDirectory("open/flags/wx+/fails-if-exists")), Is.EqualTo("open~flags~wx+~fails-if-exists"));
        Assert.That(Target.CaseDirectory("a/b"), Is.Not.EqualTo(Target.CaseDirectory("a.b")));
    }
}
