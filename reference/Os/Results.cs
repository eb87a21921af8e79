namespace OsConformance.Reference;

/// <summary>What os.waitpid returns: {pid, status}.</summary>
public readonly record struct WaitResult(int Pid, int Status);

/// <summary>
/// What os.stat returns: all 16 documented fields. The four times are instants with millisecond
/// resolution (a JavaScript Date), never truncated to whole seconds.
/// </summary>
public sealed record StatResult(
    ulong Dev,
    int Mode,
    ulong Nlink,
    uint Uid,
    uint Gid,
    ulong Rdev,
    ulong Ino,
    long Size,
    long Blksize,
    long Blocks,
    uint Flags,
    uint Gen,
    DateTimeOffset Atime,
    DateTimeOffset Mtime,
    DateTimeOffset Ctime,
    DateTimeOffset Birthtime);
