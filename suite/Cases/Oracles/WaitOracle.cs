using Mono.Unix.Native;

namespace OsConformance.Suite.Oracles;

/// <summary>What the platform's own W* macros say about a wait status.</summary>
public sealed record WaitMacros(
    bool WIFEXITED, int WEXITSTATUS, bool WIFSIGNALED, int WTERMSIG, bool WIFSTOPPED, int WSTOPSIG, bool WIFCONTINUED);

/// <summary>
/// A second wait-status oracle: the platform's C macros run natively by Mono.Unix's library
/// (libMono.Unix, MonoUnixLibrary). It has no WIFCONTINUED; NativeOracle.Wait is the primary
/// oracle, this one cross-checks the six macros it has.
/// </summary>
public static class WaitOracle
{
    /// <summary>The six macros Mono.Unix has, by name; null for WIFCONTINUED, which it lacks.</summary>
    public static object? Macro(string name, int status) => name switch
    {
        "WIFEXITED" => Syscall.WIFEXITED(status),
        "WEXITSTATUS" => Syscall.WEXITSTATUS(status),
        "WIFSIGNALED" => Syscall.WIFSIGNALED(status),
        "WTERMSIG" => (int)NativeConvert.FromSignum(Syscall.WTERMSIG(status)),
        "WIFSTOPPED" => Syscall.WIFSTOPPED(status),
        "WSTOPSIG" => (int)NativeConvert.FromSignum(Syscall.WSTOPSIG(status)),
        "WIFCONTINUED" => null,
        _ => throw new ArgumentException($"not a W* macro: {name}", nameof(name)),
    };

    /// <summary>The platform's number for a signal, from Mono.Unix's native conversion.</summary>
    public static int Signal(Signum signal) => NativeConvert.FromSignum(signal);

    /// <summary>Sends a signal from the runner (the os module has no kill).</summary>
    public static void Kill(int pid, Signum signal)
    {
        if (Syscall.kill(pid, signal) != 0)
            throw new IOException($"oracle kill({pid}, {signal}) failed: {Stdlib.GetLastError()}");
    }
}
