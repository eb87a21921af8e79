using Mono.Unix.Native;

namespace OsConformance.Suite.Oracles;

/// <summary>A time as the kernel keeps it: seconds and nanoseconds.</summary>
public readonly record struct KernelTime(long Seconds, long Nanoseconds)
{
    /// <summary>Milliseconds since the epoch, floored, as a JavaScript Date holds the instant.</summary>
    public long Milliseconds => Seconds * 1000 + Nanoseconds / 1_000_000;
    public override string ToString() => $"{DateTimeOffset.FromUnixTimeSeconds(Seconds):yyyy-MM-ddTHH:mm:ss}.{Nanoseconds:D9}Z";
}

/// <summary>What the kernel says about a path, with nanosecond times and the birth time where recorded.</summary>
public sealed record KernelStat(
    ulong Dev, uint Mode, ulong Nlink, uint Uid, uint Gid, ulong Rdev, ulong Ino, long Size, long Blksize, long Blocks,
    uint Flags, uint Gen, KernelTime Atime, KernelTime Mtime, KernelTime Ctime, KernelTime? Birthtime);

/// <summary>
/// The stat oracle. Linux: stat(2) through Mono.Unix for the plain fields, statx(2) for nanosecond
/// times and STATX_BTIME. macOS: stat with 64-bit inodes (written from the header, not yet run here).
/// </summary>
public static class StatOracle
{
    public static KernelStat Stat(string path, bool followLinks = true)
    {
        Interop.EnsureResolver();
        return OperatingSystem.IsMacOS() ? MacStat(path) : LinuxStat(path, followLinks);
    }

    private static KernelStat LinuxStat(string path, bool followLinks)
    {
        int rc = followLinks ? Syscall.stat(path, out var st) : Syscall.lstat(path, out st);
        if (rc != 0)
            throw new IOException($"oracle stat({path}) failed: {Stdlib.GetLastError()}");
        uint mask = Interop.STATX_BASIC_STATS | Interop.STATX_BTIME;
        if (Interop.statx(Interop.AT_FDCWD, path, followLinks ? 0 : Interop.AT_SYMLINK_NOFOLLOW, mask, out var sx) != 0)
            throw Interop.Failure("statx", path);
        static KernelTime T(Interop.StatxTimestamp t) => new(t.tv_sec, t.tv_nsec);
        KernelTime? birth = (sx.stx_mask & Interop.STATX_BTIME) != 0 ? T(sx.stx_btime) : null;
        return new KernelStat(
            st.st_dev, (uint)NativeConvert.FromFilePermissions(st.st_mode), st.st_nlink, st.st_uid, st.st_gid, st.st_rdev,
            st.st_ino, st.st_size, st.st_blksize, st.st_blocks, 0, 0,
            T(sx.stx_atime), T(sx.stx_mtime), T(sx.stx_ctime), birth);
    }

    private static KernelStat MacStat(string path)
    {
        Interop.MacStat st;
        // The symbol follows the process's architecture: an x64 process under Rosetta on an arm64
        // Mac still needs stat$INODE64 (plain stat there is the 32-bit-inode struct).
        int rc = System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture == System.Runtime.InteropServices.Architecture.X64
            ? Interop.mac_stat_x64(path, out st) : Interop.mac_stat_arm64(path, out st);
        if (rc != 0)
            throw Interop.Failure("stat", path);
        static KernelTime T(Interop.MacTimespec t) => new(t.tv_sec, t.tv_nsec);
        return new KernelStat(
            (uint)st.st_dev, st.st_mode, st.st_nlink, st.st_uid, st.st_gid, (uint)st.st_rdev, st.st_ino, st.st_size,
            st.st_blksize, st.st_blocks, st.st_flags, st.st_gen,
            T(st.st_atimespec), T(st.st_mtimespec), T(st.st_ctimespec), T(st.st_birthtimespec));
    }
}
