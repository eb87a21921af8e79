using System.Runtime.InteropServices;
using NUnit.Framework;

namespace OsConformance.Reference.Tests;

/// <summary>Oracles the library under test does not control: /proc, the kernel's fdinfo, libc called directly.</summary>
internal static partial class TestSupport
{
    internal const int LinuxO_CLOEXEC = 0x80000;   // 02000000, as /proc/self/fdinfo prints it
    internal const int LinuxO_NONBLOCK = 0x800;    // 04000

    internal static void RequireLinux() =>
        Assume.That(OperatingSystem.IsLinux(), "this test reads /proc (Linux)");

    /// <summary>The number of open fds of this process.</summary>
    internal static int FdCount() => Directory.GetFileSystemEntries("/proc/self/fd").Length;

    internal static bool IsOpen(int fd) => File.Exists($"/proc/self/fdinfo/{fd}");

    /// <summary>The kernel's open flags of fd (the octal "flags:" line of /proc/self/fdinfo/N).</summary>
    internal static int FdInfoFlags(int fd)
    {
        foreach (string line in File.ReadLines($"/proc/self/fdinfo/{fd}"))
            if (line.StartsWith("flags:"))
                return Convert.ToInt32(line["flags:".Length..].Trim(), 8);
        throw new InvalidOperationException($"no flags line for fd {fd}");
    }

    internal static bool KernelCloexec(int fd) => (FdInfoFlags(fd) & LinuxO_CLOEXEC) != 0;

    internal static int Umask()
    {
        foreach (string line in File.ReadLines("/proc/self/status"))
            if (line.StartsWith("Umask:"))
                return Convert.ToInt32(line["Umask:".Length..].Trim(), 8);
        throw new InvalidOperationException("no Umask line");
    }

    internal static string StatusLine(string key)
    {
        foreach (string line in File.ReadLines("/proc/self/status"))
            if (line.StartsWith(key + ":"))
                return line[(key.Length + 1)..].Trim();
        throw new InvalidOperationException($"no {key} line");
    }

    /// <summary>Runs action n times and asserts the fd count did not grow (an error path must not leak).</summary>
    internal static void AssertNoFdLeak(Action action, int n = 20)
    {
        int before = FdCount();
        for (int i = 0; i < n; i++) action();
        Assert.That(FdCount(), Is.LessThanOrEqualTo(before), "fds leaked");
    }

    internal static OsException ThrowsOs(string errnoName, TestDelegate call)
    {
        var e = Assert.Throws<OsException>(call)!;
        Assert.That(e.ErrnoName, Is.EqualTo(errnoName), e.Message);
        return e;
    }

    // ---- libc called directly, as an oracle and for test setup (not through the library) ----
    private const string Libc = "libc.so.6";

    [DllImport(Libc, SetLastError = true)] internal static extern int setenv(string name, string value, int overwrite);
    [DllImport(Libc, SetLastError = true)] internal static extern int unsetenv(string name);
    [DllImport(Libc)] internal static extern IntPtr getenv(string name);
    [DllImport(Libc, SetLastError = true)] internal static extern int unlockpt(int fd);
    [DllImport(Libc, SetLastError = true)] internal static extern int grantpt(int fd);
    [DllImport(Libc)] internal static extern unsafe int ptsname_r(int fd, byte* buf, nuint len);
    [DllImport(Libc, SetLastError = true)] internal static extern int fcntl(int fd, int cmd, int arg);
    [DllImport(Libc, SetLastError = true)] internal static extern int close(int fd);

    // posix_spawn execs in the child before any managed code could run there, unlike fork (never fork
    // from the JIT test host); Process.Start would do, but .NET then reaps the child itself.
    [DllImport(Libc)]
    private static extern int posix_spawn(out int pid, string path, IntPtr fileActions, IntPtr attr, string?[] argv, string?[] envp);

    /// <summary>Starts argv[0] (a full path) with an empty environment; returns its pid, which only
    /// the caller's waitpid reaps.</summary>
    internal static int Spawn(params string[] argv)
    {
        int err = posix_spawn(out int pid, argv[0], IntPtr.Zero, IntPtr.Zero, [.. argv, null], [null]);
        Assert.That(err, Is.Zero, $"posix_spawn {argv[0]}");
        return pid;
    }
}

/// <summary>A fresh directory per test, removed afterwards.</summary>
internal sealed class TempDir : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("osc-ref-").FullName;

    public string this[string name] => System.IO.Path.Combine(Path, name);

    public string File(string name, string content = "")
    {
        string p = this[name];
        System.IO.File.WriteAllText(p, content);
        return p;
    }

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
