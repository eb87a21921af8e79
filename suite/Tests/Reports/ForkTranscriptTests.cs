using NUnit.Framework;
using OsConformance.Suite.Infrastructure;

namespace OsConformance.Suite.Tests.Reports;

/// <summary>A failure's log shows what a fork child reported, right after the fork's reply.</summary>
[TestFixture]
public sealed class ForkTranscriptTests
{
    private string _dir = null!;

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("fork-transcript-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    private static string Fork(int id, string report) =>
        $"> {{\"id\":{id},\"op\":\"fork\",\"report\":{System.Text.Json.JsonSerializer.Serialize(report)},\"exit\":0,\"steps\":[{{\"fn\":\"getppid\",\"args\":[]}}]}}";

    [Test]
    public void TheChildsReportLinesFollowTheForkReply()
    {
        var report = Path.Combine(_dir, "child.jsonl");
        File.WriteAllText(report, "{\"forked\":0}\n{\"step\":0,\"value\":4242}\n");
        var transcript = new[]
        {
            "> {\"id\":1,\"op\":\"start\",\"protocol\":1}", "< {\"id\":1,\"protocol\":1}",
            Fork(2, report), "< {\"id\":2,\"pid\":4343}",
            "> {\"id\":3,\"op\":\"call\",\"fn\":\"waitpid\",\"args\":[4343,0]}", "< {\"id\":3,\"value\":[4343,0]}",
        };
        Assert.That(ForkTranscript.WithChildReports(transcript), Is.EqualTo(new[]
        {
            transcript[0], transcript[1], transcript[2], transcript[3],
            "(child 4343) < {\"forked\":0}",
            "(child 4343) < {\"step\":0,\"value\":4242}",
            transcript[4], transcript[5],
        }));
    }

    [Test]
    public void AMissingOrEmptyReportIsSaid()
    {
        var empty = Path.Combine(_dir, "empty.jsonl");
        File.WriteAllText(empty, "");
        var lines = ForkTranscript.WithChildReports([Fork(1, Path.Combine(_dir, "none.jsonl")), "< {\"id\":1,\"pid\":7}", Fork(2, empty), "< {\"id\":2,\"pid\":8}"]);
        Assert.That(lines[2], Does.StartWith("(child 7) < (no report: "));
        Assert.That(lines[5], Is.EqualTo("(child 8) < (empty report: the child wrote nothing)"));
    }

    [Test]
    public void ALongReportIsCutWithAMarker()
    {
        var report = Path.Combine(_dir, "long.jsonl");
        File.WriteAllLines(report, Enumerable.Range(0, 100).Select(i => $"{{\"step\":{i},\"value\":{i}}}"));
        var lines = ForkTranscript.WithChildReports([Fork(1, report), "< {\"id\":1,\"pid\":9}"]);
        Assert.That(lines, Has.Count.EqualTo(2 + ForkTranscript.MaxLines + 1));
        Assert.That(lines[^1], Is.EqualTo($"(child 9) < ... {100 - ForkTranscript.MaxLines} more report lines in {report}"));
    }

    [Test]
    public void ATranscriptWithoutForksIsUnchanged()
    {
        string[] t = ["> {\"id\":1,\"op\":\"call\",\"fn\":\"getpid\",\"args\":[]}", "< {\"id\":1,\"value\":5}", "> not json", "< {}"];
        Assert.That(ForkTranscript.WithChildReports(t), Is.EqualTo(t));
    }
}
