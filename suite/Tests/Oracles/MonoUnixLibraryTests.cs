using System.Diagnostics;
using System.Runtime.InteropServices;
using NUnit.Framework;
using OsConformance.Suite.Oracles;
using static OsConformance.Suite.Tests.Runner.RunnerFixture;

namespace OsConformance.Suite.Tests.Oracles;

// The oracles' Mono.Unix native library: present for this RID, of this machine's architecture,
// and a run that cannot load it stops before its first case.
[TestFixture, NonParallelizable]
public class MonoUnixLibraryTests
{
    [Test]
    public void TheNativeLibraryForThisRidIsInTheBuildOutputForThisArchitecture()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "runtimes", MonoUnixLibrary.PortableRid, "native", MonoUnixLibrary.FileName);
        Assert.That(path, Does.Exist);
        Assert.That(NativeImage.Architecture(path), Is.EqualTo(RuntimeInformation.ProcessArchitecture), path);
    }

    [Test]
    public void ItLoadsHere() => Assert.DoesNotThrow(MonoUnixLibrary.EnsureLoadable);

    [Test]
    public void ARunThatCannotLoadItStopsBeforeTheFirstCaseWithOneMessage()
    {
        string parent = NewParent();
        string notALibrary = Path.Combine(parent, MonoUnixLibrary.FileName);
        File.WriteAllText(notALibrary, "not a shared object\n");
        string outDir = Path.Combine(parent, "out");

        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string arg in new[] { "exec", Path.Combine(AppContext.BaseDirectory, "os-conformance-cli.dll"),
                     "run", "--harness", Fake(), "--out", outDir, "--filter", "getpid/**" })
            start.ArgumentList.Add(arg);
        start.Environment[MonoUnixLibrary.PathVariable] = notALibrary;
        start.Environment["OSC_ROOT"] = Root;
        using var cli = Process.Start(start)!;
        var stdout = cli.StandardOutput.ReadToEndAsync();
        string stderr = cli.StandardError.ReadToEnd();
        cli.WaitForExit();

        Assert.That(cli.ExitCode, Is.EqualTo(3), stderr);
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(1), stderr);
        Assert.That(lines[0], Does.Contain(MonoUnixLibrary.FileName).And.Contain(RuntimeInformation.RuntimeIdentifier)
            .And.Contain(notALibrary).And.Contain("Fix: "));
        Assert.That(stdout.Result, Is.Empty, "no case counter: no case ran");
        Assert.That(outDir, Does.Not.Exist, "nothing was written");
    }

    [Test]
    public void NativeImageReadsElfAndMachOHeaders()
    {
        string dir = Path.Combine(AppContext.BaseDirectory, "runtimes");
        Assert.That(NativeImage.Architecture(Path.Combine(dir, "linux-x64", "native", "libMono.Unix.so")), Is.EqualTo(Architecture.X64));
        Assert.That(NativeImage.Architecture(Path.Combine(dir, "linux-arm64", "native", "libMono.Unix.so")), Is.EqualTo(Architecture.Arm64));
        Assert.That(NativeImage.Architecture(Path.Combine(dir, "osx-x64", "native", "libMono.Unix.dylib")), Is.EqualTo(Architecture.X64));
        Assert.That(NativeImage.Architecture(Path.Combine(dir, "osx-arm64", "native", "libMono.Unix.dylib")), Is.EqualTo(Architecture.Arm64));
    }
}

/// <summary>The machine a shared library is built for, from its ELF or Mach-O header.</summary>
internal static class NativeImage
{
    public static Architecture? Architecture(string path)
    {
        var h = new byte[20];
        using (var f = File.OpenRead(path))
            f.ReadExactly(h);
        // ELF: e_machine at 18 (little-endian for these targets); EM_X86_64 62, EM_AARCH64 183, EM_ARM 40.
        if (h[0] == 0x7f && h[1] == 'E' && h[2] == 'L' && h[3] == 'F')
            return BitConverter.ToUInt16(h, 18) switch
            {
                62 => System.Runtime.InteropServices.Architecture.X64,
                183 => System.Runtime.InteropServices.Architecture.Arm64,
                40 => System.Runtime.InteropServices.Architecture.Arm,
                _ => null,
            };
        // Mach-O 64 (MH_MAGIC_64 0xfeedfacf, little-endian): cputype at 4; CPU_TYPE_X86_64 0x01000007, CPU_TYPE_ARM64 0x0100000c.
        if (BitConverter.ToUInt32(h, 0) == 0xfeedfacf)
            return BitConverter.ToUInt32(h, 4) switch
            {
                0x01000007 => System.Runtime.InteropServices.Architecture.X64,
                0x0100000c => System.Runtime.InteropServices.Architecture.Arm64,
                _ => null,
            };
        return null;
    }
}
