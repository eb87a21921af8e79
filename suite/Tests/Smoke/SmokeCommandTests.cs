using NUnit.Framework;
using OsConformance.Cli;
using OsConformance.Cli.Commands;
using OsConformance.Suite.Tests.Protocol;

namespace OsConformance.Suite.Tests.Smoke;

[NonParallelizable]
public class SmokeCommandTests
{
    static (int Code, string Out, string Err) Smoke(string? harness, double timeout = 20)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = SmokeCommand.Run(harness, timeout, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    static string Quote(string path) => "'" + path.Replace("'", "'\\''") + "'";

    [Test]
    public void Wrong_json_fails_and_is_named()
    {
        var (code, output, _) = Smoke(Quote(Fixtures.Harness("bad-json.sh")));
        Assert.That(code, Is.EqualTo(1), output);
        Assert.That(output, Does.Contain("FAIL start reply: start reply is not JSON"));
    }

    [Test]
    public void A_missing_field_fails_and_is_named()
    {
        var (code, output, _) = Smoke(Quote(Fixtures.Harness("missing-field.sh")));
        Assert.That(code, Is.EqualTo(1), output);
        Assert.That(output, Does.Contain("FAIL start reply: (root): Required properties [\"platform\"] are not present"));
    }

    [Test]
    public void A_wrong_type_fails_and_is_named()
    {
        var (code, output, _) = Smoke(Quote(Fixtures.Harness("wrong-type.sh")));
        Assert.That(code, Is.EqualTo(1), output);
        Assert.That(output, Does.Contain("FAIL start reply: /protocol: Value is \"string\" but should be \"integer\""));
    }

    [Test]
    public void A_missing_function_is_unsupported_and_named()
    {
        var (_, output, _) = Smoke(Quote(Fixtures.Harness("missing-function.sh")));
        Assert.That(output, Does.Contain("ok  start reply ("));
        Assert.That(output, Does.Contain("unsupported start reply functions: /capabilities/functions: missing 'dup2' (their cases are unsupported in run"));
        Assert.That(output, Does.Not.Contain("FAIL start reply functions"), "as in run, a missing function is unsupported, not a failure");
        Assert.That(output, Does.Contain("; unsupported (not in capabilities.functions): dup2" + Environment.NewLine));
    }

    [Test]
    public void A_documented_function_listed_as_an_extension_is_named()
    {
        var (code, output, _) = Smoke(Quote(Fixtures.Harness("documented-extension.sh")));
        Assert.That(code, Is.EqualTo(1), output);
        Assert.That(output, Does.Contain("FAIL start reply extensions: /capabilities/extensions: 'dup' is documented; list it under functions only" + Environment.NewLine));
        Assert.That(output, Does.Contain("ok  start reply functions"));
    }

    [Test]
    public void A_crash_fails_with_its_exit_status()
    {
        var (code, output, _) = Smoke(Quote(Fixtures.Harness("crash.sh")));
        Assert.That(code, Is.EqualTo(1), output);
        Assert.That(output, Does.Contain("FAIL call getpid: ").And.Contain("exited 3"));
    }

    [Test]
    public void Arguments_are_split_like_a_shell()
    {
        // sh runs the fixture named in the second word: the quoting must survive.
        var (code, output, _) = Smoke("/bin/sh " + Quote(Fixtures.Harness("missing-field.sh")));
        Assert.That(code, Is.EqualTo(1), output);
        Assert.That(output, Does.Contain("Required properties [\"platform\"]"));
    }

    [TestCase("'unterminated")]
    [TestCase("   ")]
    public void A_bad_harness_option_is_a_usage_error(string harness) => Assert.That(Smoke(harness).Code, Is.EqualTo(2));

    [Test]
    public void A_bad_timeout_is_a_usage_error() =>
        Assert.That(Program.Run(["smoke", "--harness", "x", "--timeout", "0"], new StringWriter(), new StringWriter()), Is.EqualTo(2));

    [Test]
    public void A_missing_program_fails_the_spawn_check()
    {
        var (code, output, _) = Smoke("/nonexistent/harness");
        Assert.That(code, Is.EqualTo(1));
        Assert.That(output, Does.StartWith("FAIL spawn: "));
    }

    [Test]
    public void The_reference_harness_passes()
    {
        var path = Path.Combine(Fixtures.Root, ".build", "harness", "osc-harness");
        if (!File.Exists(path))
            Assert.Fail($"the reference harness is not built at {path}: run ./os-conformance build (CI builds it before the tests)");
        var (code, output, err) = Smoke(Quote(path));
        Assert.That(code, Is.EqualTo(0), output + err);
        Assert.That(output, Does.Contain("smoke: ").And.Contain("checks, 0 failed"));
        Assert.That(output, Does.Not.Contain("FAIL"));
    }
}
