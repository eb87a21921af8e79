using System.Globalization;

namespace OsConformance.Suite.Oracles;

/// <summary>The kernel's answer to a failed call: the errno name from the platform's errno.h, its number and strerror.</summary>
public sealed record KernelErrno(string Name, int Number, string Text);

/// <summary>
/// The errno oracle: the same call an implementation failed, made again by a C program of the suite
/// (native/errno.c), in its own process, so the expected errno comes from the kernel and libc, not from
/// the implementation and not from a table the suite wrote.
/// </summary>
public static class ErrnoOracle
{
    public static bool Available => NativeOracle.Compile("errno") is not null;

    public static string? UnavailableReason => Available ? null : NativeOracle.Failure;

    /// <summary>What the kernel answers to <paramref name="call"/> (see errno.c), or null when the call succeeded.</summary>
    public static KernelErrno? Ask(params string[] call)
    {
        var lines = NativeOracle.Run("errno", call).Split('\n');
        if (lines[0] == "ok")
            return null;
        var head = lines[0].Split(' ');
        if (head.Length != 2 || lines.Length < 2)
            throw new InvalidOperationException($"errno oracle {string.Join(' ', call)}: unexpected output {string.Join("\\n", lines)}");
        return new KernelErrno(head[0], int.Parse(head[1], CultureInfo.InvariantCulture), lines[1]);
    }

    /// <summary>The platform's NGROUPS_MAX (sysconf).</summary>
    public static int NgroupsMax() => int.Parse(NativeOracle.Run("errno", ["ngroups-max"]).Trim(), CultureInfo.InvariantCulture);

    /// <summary>Lowers another process's soft RLIMIT_NOFILE (Linux prlimit); null on success, else the errno.</summary>
    public static KernelErrno? LowerFdLimit(int pid, int soft) =>
        Ask("lower-fd-limit", pid.ToString(CultureInfo.InvariantCulture), soft.ToString(CultureInfo.InvariantCulture));
}
