using System.Xml.Linq;
using NUnit.Framework;
using OsConformance.Reports;

namespace OsConformance.Suite.Tests.Reports;

/// <summary>
/// junit.xml keeps to the dialect of Jenkins xunit's junit-10.xsd. No Debian, npm or NuGet package
/// ships that file, so it is not at hand here (docs/reports.md#junitxml); these are its rules for the
/// elements and attributes the suite writes, asserted on every element of a run with every status.
/// </summary>
[TestFixture]
public sealed class JUnitDialectTests
{
    // Per element: the attributes junit-10.xsd allows, the required ones marked with '!'.
    private static readonly Dictionary<string, string[]> Attributes = new()
    {
        ["testsuites"] = ["name", "time", "tests", "failures", "errors"],
        ["testsuite"] = ["name!", "tests!", "failures!", "errors!", "group", "time", "skipped", "timestamp", "hostname", "id", "package", "file", "log", "url"],
        ["properties"] = [],
        ["property"] = ["name!", "value!"],
        ["testcase"] = ["name!", "time", "classname", "group"],
        ["failure"] = ["type", "message"],
        ["error"] = ["type", "message"],
        ["skipped"] = ["type", "message"],
        ["system-out"] = [],
        ["system-err"] = [],
    };

    private static readonly Dictionary<string, string[]> Children = new()
    {
        ["testsuites"] = ["testsuite"],
        ["testsuite"] = ["testsuite", "properties", "testcase", "system-out", "system-err"],
        ["properties"] = ["property"],
        ["testcase"] = ["skipped", "error", "failure", "system-out", "system-err"],
    };

    private static XDocument Render(RunResults r) => XDocument.Parse(System.Text.Encoding.UTF8.GetString(JUnitReport.Render(r)));

    [Test]
    public void EveryElementAndAttributeIsOneJunit10Allows()
    {
        var doc = Render(SampleResults.Create());
        Assert.That(doc.Root!.Name.LocalName, Is.EqualTo("testsuites"));
        foreach (var e in doc.Root.DescendantsAndSelf())
        {
            string name = e.Name.LocalName;
            Assert.That(Attributes.ContainsKey(name), Is.True, $"<{name}> is not an element of junit-10.xsd");
            var allowed = Attributes[name].Select(a => a.TrimEnd('!')).ToHashSet();
            foreach (var a in e.Attributes())
                Assert.That(allowed, Does.Contain(a.Name.LocalName), $"<{name} {a.Name}> is not allowed by junit-10.xsd");
            foreach (var required in Attributes[name].Where(a => a.EndsWith('!')))
                Assert.That(e.Attribute(required.TrimEnd('!')), Is.Not.Null, $"<{name}> needs {required.TrimEnd('!')}");
            foreach (var child in e.Elements())
                Assert.That(Children.GetValueOrDefault(name, []), Does.Contain(child.Name.LocalName), $"<{child.Name}> inside <{name}>");
            if (name is "testsuites" or "testsuite" && e.Attribute("time") is { } time)
                Assert.That(time.Value, Does.Match(@"^[0-9]*(\.[0-9]*)?$"), "SUREFIRE_TIME");
        }
    }

    [Test]
    public void TheCheckAboveCatchesAForbiddenAttribute()
    {
        // The rules must be able to fail: the root's skipped and timestamp, which junit.xml used to carry, are refused.
        Assert.That(Attributes["testsuites"], Does.Not.Contain("skipped").And.Not.Contain("timestamp"));
        var doc = Render(SampleResults.Create());
        Assert.That(doc.Root!.Attribute("skipped"), Is.Null);
        Assert.That(doc.Root.Attribute("timestamp"), Is.Null);
    }

    [TestCase(CaseStatus.Unsupported, "unsupported: root bypasses file permissions", "skipped")]
    [TestCase(CaseStatus.Crashed, "harness crashed: exit 139", "error")]
    [TestCase(CaseStatus.Fail, "fail: the word may start a message", "failure")]
    public void MessagesAreTheCasesOwnWithTheStatusInTypeOnly(CaseStatus status, string message, string element)
    {
        var run = SampleResults.Create() with { Cases = [SampleResults.Case("x/y", "x", status, message: message)] };
        var e = Render(run).Descendants(element).Single();
        Assert.That((string?)e.Attribute("message"), Is.EqualTo(message), "no status word put before the message");
        Assert.That((string?)e.Attribute("type"), Is.EqualTo(status.ToWire()));
    }

    [Test]
    public void ACaseWithoutAMessageIsNamedByItsStatus()
    {
        var run = SampleResults.Create() with { Cases = [SampleResults.Case("x/y", "x", CaseStatus.Timeout)] };
        Assert.That((string?)Render(run).Descendants("error").Single().Attribute("message"), Is.EqualTo("timeout"));
    }
}
