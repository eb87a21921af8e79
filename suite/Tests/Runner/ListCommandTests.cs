using System.Text.Json.Nodes;
using Json.Schema;
using NUnit.Framework;
using OsConformance.Reports;
using static OsConformance.Suite.Tests.Runner.RunnerFixture;

namespace OsConformance.Suite.Tests.Runner;

/// <summary>list: the ids, functions and tags run would select with the same filters, and its usage errors.</summary>
[TestFixture, NonParallelizable]
public sealed class ListCommandTests
{
    static List<string> Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();

    [Test]
    public void ListsTheIdsRunRunsWithTheSameFilters()
    {
        string[] filters = ["--filter", "get*/**", "--tag", "!linux-only"];
        var listed = RunCli(["list", .. filters]);
        Assert.That(listed.Code, Is.EqualTo(0), listed.Err);

        string outDir = Path.Combine(NewParent(), "out");
        var ran = RunCli(["run", "--harness", Fake(), "--out", outDir, .. filters]);
        Assert.That(ran.Code, Is.EqualTo(0), ran.Out + ran.Err);
        var ids = ResultsReader.Read(Path.Combine(outDir, "results.json")).Cases.Select(c => c.Id);
        Assert.That(Lines(listed.Out), Is.EquivalentTo(ids));
        Assert.That(Lines(listed.Out), Does.Contain("getpid/equals-spawned-pid").And.Not.Contain("getuid/matches-proc-status"));
    }

    [Test]
    public void FunctionsAndTagsAreCountedOverTheSelection()
    {
        var ids = Lines(RunCli("list", "--function", "S_ISDIR", "--function", "open").Out);
        var functions = RunCli("list", "--functions", "--function", "S_ISDIR", "--function", "open");
        Assert.That(functions.Code, Is.EqualTo(0), functions.Err);
        // The spec's order (open before S_ISDIR, which sorts first), the name first, then the number of cases.
        var rows = Lines(functions.Out).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
        Assert.That(rows.Select(r => r[0]), Is.EqualTo(new[] { "open", "S_ISDIR" }));
        Assert.That(rows.Sum(r => int.Parse(r[1])), Is.EqualTo(ids.Count));
        Assert.That(int.Parse(rows[0][1]), Is.EqualTo(Lines(RunCli("list", "--function", "open").Out).Count));

        var tags = RunCli("list", "--tags");
        Assert.That(tags.Code, Is.EqualTo(0), tags.Err);
        var fds = Lines(tags.Out).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Single(r => r[0] == "fds");
        Assert.That(int.Parse(fds[1]), Is.EqualTo(Lines(RunCli("list", "--tag", "fds").Out).Count));
    }

    [Test]
    public void JsonFollowsItsSchemaAndHoldsTheSameSelection()
    {
        var (code, stdout, stderr) = RunCli("list", "--json", "--filter", "open/**");
        Assert.That(code, Is.EqualTo(0), stderr);
        var doc = JsonNode.Parse(stdout)!;
        var schema = JsonSchema.FromFile(Path.Combine(Root, "docs", "schemas", "list.schema.json"));
        var result = schema.Evaluate(doc, new EvaluationOptions { OutputFormat = OutputFormat.List });
        Assert.That(result.IsValid, Is.True, string.Join("\n", result.Details.Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"))));

        var ids = doc["cases"]!.AsArray().Select(c => c!["id"]!.GetValue<string>()).ToList();
        Assert.That(ids, Is.EqualTo(Lines(RunCli("list", "--filter", "open/**").Out)));
        Assert.That(doc["functions"]!.AsArray().Select(f => f!["name"]!.GetValue<string>()), Is.EqualTo(new[] { "open" }));
        Assert.That(doc["suite"]!["cases"]!.GetValue<int>(), Is.EqualTo(Lines(RunCli("list").Out).Count));
        Assert.That(doc["tags"]!.AsArray().Single(t => t!["name"]!.GetValue<string>() == "open-flags")!["cases"]!.GetValue<int>(),
            Is.EqualTo(Lines(RunCli("list", "--filter", "open/**", "--tag", "open-flags").Out).Count));
    }

    // An unknown name is a usage error that names the valid ones and the nearest; run says the same.
    [TestCase("list", "--function", "Open", "did you mean open?", "S_ISDIR, S_ISCHR")]
    [TestCase("list", "--function", "s_isdir", "did you mean S_ISDIR?", "_exit, fork")]
    [TestCase("list", "--tag", "fd", "did you mean fds?", "open-flags")]
    [TestCase("list", "--tag", "!nosuch", "no case has the tag nosuch", "needs-root")]
    [TestCase("run", "--function", "Open", "did you mean open?", "WIFEXITED, WEXITSTATUS")]
    [TestCase("run", "--tag", "fd", "did you mean fds?", "wait-status")]
    public void AnUnknownFunctionOrTagNamesTheValidOnes(string command, string option, string value, string meant, string valid)
    {
        string outDir = Path.Combine(NewParent(), "out");
        var (code, stdout, stderr) = command == "run"
            ? RunCli("run", "--harness", Fake(), "--out", outDir, option, value)
            : RunCli(command, option, value);
        Assert.That(code, Is.EqualTo(2), stderr);
        Assert.That(stderr, Does.StartWith($"{command}: {option} {value}: ").And.Contain(meant).And.Contain(valid));
        Assert.That(stdout, Is.Empty);
        Assert.That(outDir, Does.Not.Exist);
    }

    [Test]
    public void AGlobThatMatchesNothingSuggestsWideningIt()
    {
        foreach (var command in new[] { "list", "run" })
        {
            var (code, _, stderr) = command == "run"
                ? RunCli("run", "--harness", Fake(), "--out", Path.Combine(NewParent(), "out"), "--filter", "open")
                : RunCli("list", "--filter", "open");
            Assert.That(code, Is.EqualTo(2), stderr);
            Assert.That(stderr, Does.Contain("no case matches the filters").And.Contain("did you mean --filter 'open/**'?"), command);
        }
        var neither = RunCli("list", "--function", "getpid", "--tag", "fds");
        Assert.That(neither.Code, Is.EqualTo(2));
        Assert.That(neither.Err, Does.Contain("different options must all hold"));
    }

    [TestCase("--functions", "--tags")]
    [TestCase("--json", "--tags")]
    public void OneViewAtATime(string a, string b)
    {
        var (code, stdout, stderr) = RunCli("list", a, b);
        Assert.That(code, Is.EqualTo(2));
        Assert.That(stderr, Does.Contain("give one of --functions, --tags and --json"));
        Assert.That(stdout, Is.Empty);
    }
}
