using NUnit.Framework;
using OsConformance.Cli.Runner;

namespace OsConformance.Suite.Tests.Runner;

[TestFixture]
public sealed class VirtualizationDetectTests
{
    private const string Guest = "processor\t: 0\nflags\t\t: fpu vme sse4_2 hypervisor lahf_lm\n";
    private const string Metal = "processor\t: 0\nflags\t\t: fpu vme sse4_2 lahf_lm\n";

    [TestCase("tcg", Metal, "tcg", TestName = "the VM runner's variable wins")]
    [TestCase(null, Guest, "vm", TestName = "the hypervisor flag says a VM of unknown kind")]
    [TestCase("", Guest, "vm", TestName = "an empty variable is not set")]
    [TestCase(null, Metal, null, TestName = "no flag, no virtualisation")]
    [TestCase(null, "flags\t\t: fpu xhypervisor\n", null, TestName = "a whole flag, not a substring")]
    [TestCase(null, null, null, TestName = "no cpuinfo (not Linux), unknown")]
    public void Detect(string? variable, string? cpuinfo, string? expected) =>
        Assert.That(Virtualization.Detect(variable, cpuinfo), Is.EqualTo(expected));
}
