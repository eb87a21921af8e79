using NUnit.Framework;
using static OsConformance.Suite.Tests.Runner.RunnerFixture;

namespace OsConformance.Suite.Tests.Faults;

/// <summary>Every reader of results and expectations files names the file and the byte offset of invalid UTF-8 or JSON, and exits 2.</summary>
[TestFixture]
public sealed class InvalidInputTests
{
    private static string BadFile(string name, byte[] bytes)
    {
        string path = Path.Combine(NewParent(), name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static readonly byte[] BadUtf8 = [.. "{\"format\": \"os-conformance-results\", \"x\": \""u8, 0xC3, 0x28, .. "\"}"u8];
    private static readonly byte[] BadJson = "{\"format\": \"os-conformance-results\", \"x\": nope}"u8.ToArray();
    private static readonly byte[] Surrogate = "{\"format\": \"os-conformance-results\", \"x\": \"\\udfd5\"}"u8.ToArray();

    public static IEnumerable<TestCaseData> Readers()
    {
        foreach (var (kind, bytes, offset) in new[] { ("utf8", BadUtf8, "byte offset 43"), ("json", BadJson, "byte offset"), ("surrogate", Surrogate, "byte offset 42") })
        {
            yield return new TestCaseData("merge", kind, bytes, offset).SetName($"merge {kind}");
            yield return new TestCaseData("compare", kind, bytes, offset).SetName($"compare {kind}");
            yield return new TestCaseData("expectations", kind, bytes, offset).SetName($"expectations write {kind}");
            yield return new TestCaseData("run", kind, bytes, offset).SetName($"run --expectations {kind}");
        }
    }

    [TestCaseSource(nameof(Readers))]
    public void TheFileAndTheOffsetAreNamedAndTheExitIs2(string command, string kind, byte[] bytes, string offset)
    {
        string bad = BadFile($"{kind}.json", bytes);
        string outDir = Path.Combine(NewParent(), "out");
        string[] args = command switch
        {
            "merge" => ["merge", bad, "--out", outDir],
            "compare" => ["compare", bad, bad],
            "expectations" => ["expectations", "write", bad, "--out", Path.Combine(outDir, "e.json")],
            _ => ["run", "--harness", Fake(), "--out", outDir, "--filter", "getpid/**", "--expectations", bad],
        };
        var (code, _, stderr) = RunCli(args);
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(2), stderr);
            Assert.That(stderr, Does.Contain(bad));
            Assert.That(stderr, Does.Contain(offset));
            Assert.That(stderr, Does.Not.Contain("   at "));
        });
    }
}
