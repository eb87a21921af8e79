using NUnit.Framework;
using OsConformance.Protocol;

namespace OsConformance.Suite.Tests.Protocol;

public class ForkReportTests
{
    string path = "";

    [SetUp]
    public void SetUp() => path = Path.Combine(Directory.CreateTempSubdirectory("osc-fr-").FullName, "child.jsonl");

    [TearDown]
    public void TearDown() => Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);

    [Test]
    public void Reads_the_forked_line_and_steps_in_order()
    {
        File.WriteAllText(path, """
            {"forked":0}
            {"step":0,"value":1234}
            {"step":1,"thrown":{"kind":"system","name":"Error","message":"m","errno":"EBADF","code":9}}

            """.Replace("\r", ""));
        var report = ForkReport.ReadFull(path);
        Assert.That(report.Forked, Is.EqualTo(new JsNumber(0)));
        Assert.That(report.Steps, Has.Count.EqualTo(2));
        Assert.That(report.Steps[0].Value, Is.EqualTo(new JsNumber(1234)));
        Assert.That(report.Steps[1].Thrown?.Errno, Is.EqualTo("EBADF"));
        Assert.That(ForkReport.Read(path), Has.Count.EqualTo(2));
    }

    [Test]
    public void A_missing_file_has_no_steps() => Assert.That(ForkReport.ReadFull(path), Is.EqualTo(new ForkReportContents(null, [])).Using<ForkReportContents>((a, b) => a.Forked == b.Forked && a.Steps.Count == b.Steps.Count));

    [TestCase("{\"step\":0,\"value\":1}\n", "forked")]
    [TestCase("{\"forked\":0}\n{\"step\":1,\"value\":1}\n", "step 1, expected 0")]
    [TestCase("{\"forked\":0}\n{\"step\":0,\"value\":1}", "unterminated")]
    [TestCase("{\"forked\":0}\nnot json\n", "not JSON")]
    [TestCase("{\"forked\":0}\n{\"step\":0}\n", "report line 2")]
    [TestCase("{\"forked\":0}\n{\"forked\":0}\n", "forked line")]
    public void Bad_reports_are_violations(string text, string named)
    {
        File.WriteAllText(path, text);
        Assert.That(() => ForkReport.ReadFull(path), Throws.TypeOf<ProtocolViolationException>().With.Message.Contains(named));
    }
}
