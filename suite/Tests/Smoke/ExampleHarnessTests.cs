using NUnit.Framework;
using OsConformance.Cli.Commands;
using OsConformance.Suite.Tests.Protocol;

namespace OsConformance.Suite.Tests.Smoke;

/// <summary>The example Python harness (suite/harnesses/python) passes smoke, directly and behind a wrapper that execs; one that does not exec is caught, unless the harness reports its pid.</summary>
[NonParallelizable]
public class ExampleHarnessTests
{
    static string Python => new[] { "/usr/bin/python3", "/usr/local/bin/python3", "/opt/homebrew/bin/python3" }.FirstOrDefault(File.Exists)
        ?? throw new AssertionException("python3 is needed for the example harness's test: ./os-conformance test installs it as root (apt-get install python3)");

    static string Example(string file) => Path.Combine(Fixtures.Root, "suite", "harnesses", "python", file);

    static string Quote(string path) => "'" + path.Replace("'", "'\\''") + "'";

    static (int Code, string Out) Smoke(string harness)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = SmokeCommand.Run(harness, 60, stdout, stderr);
        return (code, stdout.ToString() + stderr);
    }

    [Test]
    public void The_python_harness_passes_smoke()
    {
        var (code, output) = Smoke($"{Quote(Python)} {Quote(Example("harness.py"))}");
        Assert.That(code, Is.EqualTo(0), output);
        Assert.That(output, Does.Contain("checks, 0 failed, 0 warnings"), output);
        Assert.That(output, Does.Contain("ok  environment at start-up").And.Contain("ok  fork $step reference").And.Contain("ok  type error"));
    }

    [Test]
    public void A_wrapper_that_execs_passes_like_the_direct_harness()
    {
        var (code, output) = Smoke(Quote(Example("wrapper.sh")));
        Assert.That(code, Is.EqualTo(0), output);
    }

    [Test]
    public void A_wrapper_that_does_not_exec_is_named_with_its_fix()
    {
        var (code, output) = Smoke(Quote(Fixtures.Harness("no-exec-wrapper.sh")));
        Assert.That(code, Is.EqualTo(1), output);
        if (Directory.Exists("/proc/self"))
        {
            Assert.That(output, Does.Contain("FAIL call getpid: ").And.Contain("without exec").And.Contain("Fix: end the wrapper with `exec`"));
            // The kernel's own evidence, whatever getpid says: the fd is open in the wrapper's child, not in the spawned shell.
            Assert.That(output, Does.Match(@"FAIL fd table: open returned fd \d+, but the kernel shows no fd \d+ on \S+smoke.txt in pid \d+; it is open in pid \d+ \(\S*python3\S*\), a descendant of the spawned process")
                .And.Contain("or report the harness's own pid in the start reply"));
        }
        else
            Assert.That(output, Does.Contain("FAIL call getpid: ").And.Contain("must exec the harness"));
    }

    [Test]
    public void A_wrapper_that_does_not_exec_passes_when_the_harness_reports_its_pid()
    {
        var (code, output) = Smoke(Quote(Fixtures.Harness("no-exec-wrapper-pid.sh")));
        Assert.That(code, Is.EqualTo(0), output);
        Assert.That(output, Does.Match(@"ok  start reply pid \(\d+, below the spawned pid \d+ \(kernel\)\)").And.Contain("ok  fd table"));
    }
}
