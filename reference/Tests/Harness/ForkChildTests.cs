using System.Text.Json;
using NUnit.Framework;
using OsConformance.Harness;

namespace OsConformance.Reference.Tests.Harness;

/// <summary>
/// The fork op's child, minus the fork and the final _exit: its step runner run in the test host on
/// steps that neither exit nor exec. ForkTests check the same through real forks of the NativeAOT harness.
/// </summary>
public sealed class ForkChildTests
{
    private static Session.ForkPlan Plan(string report, string stepsAndExit)
    {
        using var doc = JsonDocument.Parse($"{{\"report\":{JsonSerializer.Serialize(report)},{stepsAndExit}}}");
        return Session.ReadFork(doc.RootElement);
    }

    [Test]
    public void Report_ForkedLine_ThenOneLinePerStep_AndTheExitStatus()
    {
        using var dir = new TempDir();
        var plan = Plan(dir["r.jsonl"], """
            "exit": 7, "steps": [
              {"fn": "pipe", "args": []},
              {"fn": "write", "args": [{"$step": [0, 1]}, "ping"]},
              {"fn": "read", "args": [{"$step": [0, 0]}, {"$buffer": "0000000000"}]},
              {"fn": "close", "args": [9999]},
              {"fn": "close", "args": [{"$step": [3]}]},
              {"fn": "close", "args": [{"$step": [0, 5]}]},
              {"fn": "close", "args": [{"$step": [2, 0]}]},
              {"fn": "getpid", "args": [[{"$step": [1]}], {"$object": {"k": {"$step": [3]}}}]},
              {"fn": "close", "args": [{"$step": [0, 0]}]},
              {"fn": "close", "args": [{"$step": [0, 1]}]},
              {"fn": "execve", "args": ["/nonexistent-osc/prog", ["prog"], {"$object": {"N": {"$step": [1]}}}]}
            ]
            """);
        Assert.That(Session.RunChild(plan, forked: 0), Is.EqualTo(7));

        var lines = File.ReadAllLines(dir["r.jsonl"]);
        Assert.That(lines, Has.Length.EqualTo(12), "forked + one line per step");
        Assert.That(lines[0], Is.EqualTo("{\"forked\":0}"));
        Assert.That(lines[2], Is.EqualTo("{\"step\":1,\"value\":4}"));
        Assert.That(lines[3], Is.EqualTo("{\"step\":2,\"value\":4,\"buffers\":{\"1\":{\"$buffer\":\"70696e6700\"}}}"),
            "a filled Buffer is reported as in a call reply");
        Assert.That(lines[4], Does.StartWith("{\"step\":3,\"thrown\":{\"kind\":\"system\",\"name\":\"OsException\","));
        Assert.That(lines[4], Does.Contain("\"errno\":\"EBADF\""));
        Assert.That(lines[5], Is.EqualTo(ThrownError(4, "$step [3] has no value: that step threw")));
        Assert.That(lines[6], Does.StartWith("{\"step\":5,\"thrown\":{\"kind\":\"type\","), "[r, w][5] is undefined: close(undefined)");
        Assert.That(lines[7], Is.EqualTo(ThrownError(6, "$step [2, 0]: step 2 did not return an Array")));
        Assert.That(lines[8], Is.EqualTo(ThrownError(7, "$step [3] has no value: that step threw")),
            "refs are resolved inside Arrays and Objects, even in arguments the function ignores");
        Assert.That(lines[9], Is.EqualTo("{\"step\":8,\"value\":{\"$undefined\":true}}"));
        Assert.That(lines[10], Is.EqualTo("{\"step\":9,\"value\":{\"$undefined\":true}}"));
        // envp.N resolved to step 1's value, the number 4 (unresolved it would be "an Object").
        Assert.That(lines[11], Does.StartWith(
            "{\"step\":10,\"thrown\":{\"kind\":\"type\",\"name\":\"ArgumentException\",\"message\":\"\\\"envp.N\\\" must be a string, not a number"));
    }

    private static string ThrownError(int step, string message) =>
        $"{{\"step\":{step},\"thrown\":{{\"kind\":\"error\",\"name\":\"InvalidOperationException\",\"message\":\"{message}\"," +
        "\"errno\":null,\"code\":null,\"syscall\":null,\"path\":null}}";

    [Test]
    public void Report_IsAppendedTo_AndExitDefaultsToZero()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir["r.jsonl"], "{\"earlier\":true}\n");
        var plan = Plan(dir["r.jsonl"], "\"steps\": [{\"fn\": \"getpid\", \"args\": []}]");
        Assert.That(Session.RunChild(plan, forked: 0), Is.Zero);
        Assert.That(File.ReadAllLines(dir["r.jsonl"]), Is.EqualTo(new[]
        {
            "{\"earlier\":true}", "{\"forked\":0}", $"{{\"step\":0,\"value\":{Environment.ProcessId}}}",
        }));
    }

    [Test]
    public void UnopenableReport_ExitsWithTheHarnessFailureStatus_WithoutRunningSteps()
    {
        using var dir = new TempDir();
        var plan = Plan(dir["missing/r.jsonl"], "\"exit\": 0, \"steps\": [{\"fn\": \"open\", \"args\": [\"" + dir["ran"] + "\", \"w\"]}]");
        Assert.That(Session.RunChild(plan, forked: 0), Is.EqualTo(Session.ChildHarnessFailure).And.EqualTo(125));
        Assert.That(File.Exists(dir["ran"]), Is.False, "no step ran");
    }
}
