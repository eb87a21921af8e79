namespace OsConformance.Cli.Runner;

/// <summary>How the machine running the suite is virtualised, for results.json's platform.</summary>
public static class Virtualization
{
    /// <summary>Set by the VM runner (ci/vm.sh) to the accelerator it booted the guest with: kvm or tcg.</summary>
    public const string Variable = "OSC_VIRTUALIZATION";

    /// <summary>
    /// $OSC_VIRTUALIZATION when set; else "vm" when the CPU says it runs under a hypervisor (the
    /// "hypervisor" flag of /proc/cpuinfo, which does not tell which one); else null.
    /// </summary>
    public static string? Detect(string? variable, string? cpuinfo)
    {
        if (variable is { Length: > 0 }) return variable;
        if (cpuinfo is null) return null;
        foreach (var line in cpuinfo.Split('\n'))
            if (line.StartsWith("flags", StringComparison.Ordinal) && line.Split(' ', '\t').Contains("hypervisor"))
                return "vm";
        return null;
    }

    public static string? Detect() =>
        Detect(Environment.GetEnvironmentVariable(Variable), ReadCpuinfo());

    private static string? ReadCpuinfo()
    {
        try { return OperatingSystem.IsLinux() ? File.ReadAllText("/proc/cpuinfo") : null; }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }
}
