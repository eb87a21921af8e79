using System.Text;
using System.Text.Json.Nodes;
using NUnit.Framework;
using OsConformance.Reports;

namespace OsConformance.Suite.Tests.Reports;

[TestFixture]
public sealed class ResultsJsonTests
{
    private string _dir = null!;

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("reports-json-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    private string WriteSample(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static string SampleJson() => ResultsJson.SerializeToString(SampleResults.Create());

    [Test]
    public void RoundTripThroughResultsJsonKeepsEveryField()
    {
        var original = SampleResults.Create();
        var paths = ResultsWriter.WriteAll(original, _dir);
        var read = ResultsReader.Read(paths.ResultsJson);

        Assert.That(read.SuiteVersion, Is.EqualTo(original.SuiteVersion));
        // Records compare lists by reference: compare the extensions apart.
        Assert.That(read.Implementation with { Extensions = null }, Is.EqualTo(original.Implementation with { Extensions = null }));
        Assert.That(read.Implementation.Extensions, Is.EqualTo(original.Implementation.Extensions));
        Assert.That(read.Platform, Is.EqualTo(original.Platform));
        Assert.That(read.Harness, Is.EqualTo(original.Harness));
        Assert.That(read.Started, Is.EqualTo(original.Started));
        Assert.That(read.Started.Offset, Is.EqualTo(original.Started.Offset));
        Assert.That(read.Finished, Is.EqualTo(original.Finished));
        Assert.That(read.Finished.Offset, Is.EqualTo(original.Finished.Offset));
        AssertSamePerformance(read.Performance!, original.Performance!);

        var expected = original.Cases.OrderBy(c => c.Id, StringComparer.Ordinal).ToList();
        Assert.That(read.Cases.Select(c => c.Id), Is.EqualTo(expected.Select(c => c.Id)), "cases are written sorted by id");
        for (int i = 0; i < expected.Count; i++)
        {
            // Records compare Tags by reference: compare with the list copied in.
            Assert.That(read.Cases[i] with { Tags = expected[i].Tags }, Is.EqualTo(expected[i]), expected[i].Id);
            Assert.That(read.Cases[i].Tags, Is.EqualTo(expected[i].Tags), expected[i].Id);
        }
    }

    internal static void AssertSamePerformance(PerformanceResults read, PerformanceResults original)
    {
        Assert.That((read.N, read.Rounds, read.Taken, read.Taken.Offset), Is.EqualTo((original.N, original.Rounds, original.Taken, original.Taken.Offset)));
        Assert.That(read.LoadAverage, Is.EqualTo(original.LoadAverage));
        Assert.That(read.Operations, Is.EqualTo(original.Operations));
        Assert.That(read.RoundTrip, Is.EqualTo(original.RoundTrip));
    }

    [Test]
    public void WrittenJsonUsesSnakeCaseLowerCaseStatusesAndCounts()
    {
        var doc = JsonNode.Parse(SampleJson())!.AsObject();
        Assert.That(doc["format"]!.GetValue<string>(), Is.EqualTo("os-conformance/results"));
        Assert.That(doc["schema_version"]!.GetValue<int>(), Is.EqualTo(1));
        var statuses = doc["cases"]!.AsArray().Select(c => c!["status"]!.GetValue<string>()).ToHashSet();
        Assert.That(statuses, Is.EquivalentTo(new[] { "pass", "fail", "unsupported", "broken", "crashed", "timeout", "xfail", "xpass" }));
        var first = doc["cases"]![0]!.AsObject();
        Assert.That(first.Select(p => p.Key), Is.EqualTo(new[] { "id", "function", "spec", "decision", "tags", "status", "expected", "actual", "message", "duration_ms", "rerun", "log" }));
        var counts = doc["counts"]!.AsObject();
        Assert.That(counts["total"]!.GetValue<int>(), Is.EqualTo(11));
        Assert.That(counts["fail"]!.GetValue<int>(), Is.EqualTo(3));
        Assert.That(counts["xpass"]!.GetValue<int>(), Is.EqualTo(1));
        Assert.That(counts["pass"]!.GetValue<int>(), Is.EqualTo(2));
    }

    [Test]
    public void ReadRejectsTruncatedFileNamingIt()
    {
        var json = SampleJson();
        var path = WriteSample("cut.json", json[..(json.Length / 2)]);
        var e = Assert.Throws<ResultsFormatException>(() => ResultsReader.Read(path))!;
        TestContext.Out.WriteLine(e.Message);
        Assert.That(e.Message, Does.Contain(path));
        Assert.That(e.Message, Does.Contain("truncated"));
    }

    [Test]
    public void EveryCutOfAValidFileIsRefusedAsTruncated()
    {
        var bytes = Encoding.UTF8.GetBytes(SampleJson());
        int end = Array.LastIndexOf(bytes, (byte)'}');
        var failures = new List<string>();
        // Every cut before the closing brace; cuts inside multi-byte characters included.
        for (int cut = 1; cut <= end; cut += 7)
        {
            try
            {
                ResultsJson.Parse(bytes.AsSpan(0, cut), "cut");
                failures.Add($"cut at {cut} was accepted");
            }
            catch (ResultsFormatException e) when (e.Reason.StartsWith("truncated", StringComparison.Ordinal)) { }
            catch (Exception e) { failures.Add($"cut at {cut}: {e.GetType().Name}: {e.Message}"); }
        }
        Assert.That(failures, Is.Empty);
    }

    [Test]
    public void ReadRejectsForeignJsonNamingIt()
    {
        var path = WriteSample("package.json", """{ "name": "left-pad", "version": "1.3.0", "main": "index.js" }""");
        var e = Assert.Throws<ResultsFormatException>(() => ResultsReader.Read(path))!;
        TestContext.Out.WriteLine(e.Message);
        Assert.That(e.Message, Does.StartWith(path + ": "));
        Assert.That(e.Message, Does.Contain("not an os-conformance results file"));
    }

    [Test]
    public void ReadRejectsTopLevelArray()
    {
        var path = WriteSample("array.json", "[1, 2, 3]");
        var e = Assert.Throws<ResultsFormatException>(() => ResultsReader.Read(path))!;
        TestContext.Out.WriteLine(e.Message);
        Assert.That(e.Message, Does.Contain(path).And.Contain("array"));
    }

    [Test]
    public void ReadRejectsUnknownStatusNamingFileCaseAndValue()
    {
        var doc = JsonNode.Parse(SampleJson())!;
        doc["cases"]![2]!["status"] = "passed";
        var id = doc["cases"]![2]!["id"]!.GetValue<string>();
        var path = WriteSample("status.json", doc.ToJsonString());
        var e = Assert.Throws<ResultsFormatException>(() => ResultsReader.Read(path))!;
        TestContext.Out.WriteLine(e.Message);
        Assert.That(e.Message, Does.Contain(path));
        Assert.That(e.Message, Does.Contain("/cases/2/status"));
        Assert.That(e.Message, Does.Contain(id));
        Assert.That(e.Message, Does.Contain("\"passed\""));
    }

    [Test]
    public void ReadRefusesNewerSchemaVersionWithReason()
    {
        var doc = JsonNode.Parse(SampleJson())!;
        doc["schema_version"] = 2;
        var path = WriteSample("v2.json", doc.ToJsonString());
        var e = Assert.Throws<ResultsFormatException>(() => ResultsReader.Read(path))!;
        TestContext.Out.WriteLine(e.Message);
        Assert.That(e.Message, Does.Contain(path).And.Contain("schema_version 2").And.Contain("newer"));
    }

    [TestCase("{\"format\": \"os-conformance/results\", \"cases\": [}", "corrupt JSON")]
    [TestCase("\u0000\u0001binary garbage", "corrupt JSON")]
    [TestCase("", "empty")]
    [TestCase("   \n", "empty")]
    [TestCase("{\"format\": \"os-conformance/results\"}", "schema_version")]
    [TestCase("{\"format\": \"os-conformance/expectations\", \"schema_version\": 1}", "not an os-conformance results file")]
    public void ReadRejectsBadInputsNamingTheFile(string text, string reason)
    {
        var path = WriteSample("bad.json", text);
        var e = Assert.Throws<ResultsFormatException>(() => ResultsReader.Read(path))!;
        TestContext.Out.WriteLine(e.Message);
        Assert.That(e.Message, Does.StartWith(path + ": ").And.Contain(reason));
    }

    [Test]
    public void ReadRejectsTrailingGarbageAfterTheDocument()
    {
        var path = WriteSample("trailing.json", SampleJson() + "}");
        var e = Assert.Throws<ResultsFormatException>(() => ResultsReader.Read(path))!;
        TestContext.Out.WriteLine(e.Message);
        Assert.That(e.Message, Does.Contain(path).And.Contain("corrupt JSON"));
    }

    [Test]
    public void ReadRejectsMissingFileNamingIt()
    {
        var path = Path.Combine(_dir, "absent.json");
        var e = Assert.Throws<ResultsFormatException>(() => ResultsReader.Read(path))!;
        TestContext.Out.WriteLine(e.Message);
        Assert.That(e.Message, Does.StartWith(path + ": ").And.Contain("cannot read"));
    }

    [Test]
    public void ReadRejectsWrongTypeAndMissingMember()
    {
        var doc = JsonNode.Parse(SampleJson())!;
        doc["platform"]!["uid"] = "root";
        doc["cases"]![0]!.AsObject().Remove("duration_ms");
        var path = WriteSample("types.json", doc.ToJsonString());
        var e = Assert.Throws<ResultsFormatException>(() => ResultsReader.Read(path))!;
        TestContext.Out.WriteLine(e.Message);
        Assert.That(e.Message, Does.Contain(path).And.Contain("/platform/uid").And.Contain("duration_ms"));
    }

    [Test]
    public void ReadRejectsBadTimestamp()
    {
        var doc = JsonNode.Parse(SampleJson())!;
        doc["started"] = "yesterday";
        var path = WriteSample("time.json", doc.ToJsonString());
        var e = Assert.Throws<ResultsFormatException>(() => ResultsReader.Read(path))!;
        TestContext.Out.WriteLine(e.Message);
        Assert.That(e.Message, Does.Contain(path).And.Contain("/started"));
    }

    [Test]
    public void ReadRejectsDuplicateIds()
    {
        var doc = JsonNode.Parse(SampleJson())!;
        var cases = doc["cases"]!.AsArray();
        cases.Add(cases[0]!.DeepClone());
        var path = WriteSample("dup.json", doc.ToJsonString());
        var e = Assert.Throws<ResultsFormatException>(() => ResultsReader.Read(path))!;
        TestContext.Out.WriteLine(e.Message);
        Assert.That(e.Message, Does.Contain(path).And.Contain(cases[0]!["id"]!.GetValue<string>()).And.Contain("unique"));
    }

    [Test]
    public void ReadAcceptsEditedStatusWithStaleCountsAndRecomputesThem()
    {
        // compare must see a hand-edited pass -> fail; counts are derived, not trusted.
        var doc = JsonNode.Parse(SampleJson())!;
        var pass = doc["cases"]!.AsArray().First(c => c!["status"]!.GetValue<string>() == "pass")!;
        pass["status"] = "fail";
        var path = WriteSample("edited.json", doc.ToJsonString());
        var read = ResultsReader.Read(path);
        Assert.That(read.Counts().Fail, Is.EqualTo(4));
        Assert.That(read.Cases.Single(c => c.Id == pass["id"]!.GetValue<string>()).Status, Is.EqualTo(CaseStatus.Fail));
    }

    [Test]
    public void UnpairedSurrogatesAndControlCharactersAreWrittenAsValidJson()
    {
        var sample = SampleResults.Create();
        var odd = SampleResults.Case("read/garbage/bytes", "read", CaseStatus.Crashed, message: "bad \ud800 half and \u0000 nul");
        var results = sample with { Cases = [.. sample.Cases, odd] };
        var read = ResultsJson.Parse(ResultsJson.Serialize(results), "mem");
        Assert.That(read.Cases.Single(c => c.Id == odd.Id).Message, Is.EqualTo("bad \uFFFD half and \u0000 nul"));
    }

    [Test]
    public void NonFiniteDurationIsRefusedOnWrite()
    {
        var sample = SampleResults.Create();
        var results = sample with { Cases = [SampleResults.Case("a/b", "a", CaseStatus.Pass) with { DurationMs = double.NaN }] };
        var e = Assert.Throws<ArgumentException>(() => ResultsJson.Serialize(results))!;
        Assert.That(e.Message, Does.Contain("a/b"));
    }

    [Test]
    public void EmbeddedSchemaIsTheDocumentedOne()
    {
        var docs = Path.Combine(RepoRoot(), "docs", "schemas", "results.schema.json");
        Assert.That(JsonNode.DeepEquals(JsonNode.Parse(ResultsSchema.Text()), JsonNode.Parse(File.ReadAllText(docs))), Is.True);
    }

    internal static string RepoRoot()
    {
        // Builds with --artifacts-path outside the tree find it through the launcher's variable.
        if (Environment.GetEnvironmentVariable("OSC_ROOT") is { Length: > 0 } env) return env;
        var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Directory.Build.props"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }
}
