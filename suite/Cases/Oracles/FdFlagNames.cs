using System.Numerics;

namespace OsConformance.Suite.Oracles;

/// <summary>
/// The kernel's flags word of an fd as names (O_RDWR, O_APPEND, O_CLOEXEC, ...), with the values of the
/// kernel's own headers (native/fdflags.c), so cases compare the set of flags by name on every platform
/// and architecture. A bit with no name there shows as its octal value.
/// </summary>
public static class FdFlagNames
{
    /// <summary>O_LARGEFILE says nothing the spec asks for: the kernel sets it in every fd a 64-bit
    /// process opens (Linux), so cases leave it out of the comparison.</summary>
    public static readonly string[] KernelAdded = ["O_LARGEFILE"];

    public static IReadOnlyList<string> Of(KernelFd k)
    {
        var table = NativeOracle.FdFlags();
        // Linux: O_ACCMODE of f_flags; macOS: FREAD|FWRITE of fg_flag, the same two bits.
        int rest = k.Flags & ~table["O_ACCMODE"] & ~table["O_CLOEXEC"];
        var names = new List<string>
        {
            k.AccessMode switch { FdOracle.AccessReadOnly => "O_RDONLY", FdOracle.AccessWriteOnly => "O_WRONLY", FdOracle.AccessReadWrite => "O_RDWR", var m => $"access mode {m}" },
        };
        // macOS keeps close-on-exec out of fg_flag; the oracle reads it from fi_status on both platforms.
        if (k.CloseOnExec)
            names.Add("O_CLOEXEC");
        // Multi-bit flags first: Linux's O_SYNC is __O_SYNC|O_DSYNC.
        foreach (var (name, value) in table.Where(kv => kv.Key is not ("O_ACCMODE" or "O_CLOEXEC") && kv.Value != 0)
                     .OrderByDescending(kv => BitOperations.PopCount((uint)kv.Value)).ThenBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if ((rest & value) != value)
                continue;
            rest &= ~value;
            if (!KernelAdded.Contains(name))
                names.Add(name);
        }
        if (rest != 0)
            names.Add("0" + Convert.ToString(rest, 8) + " (no name in the kernel's headers)");
        return [names[0], .. names.Skip(1).Order(StringComparer.Ordinal)];
    }

    /// <summary>Names in the order <see cref="Of"/> gives them: the access mode, then by name.</summary>
    public static IReadOnlyList<string> Expected(string access, params string[] flags) =>
        [access, .. flags.Order(StringComparer.Ordinal)];
}
