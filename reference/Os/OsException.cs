namespace OsConformance.Reference;

/// <summary>
/// The one error type for a failed syscall. Carries the errno number, its portable name,
/// the syscall and the path. The message reads like "[errno 2] No such file or directory",
/// as sjs's own errors do.
/// </summary>
public sealed class OsException : Exception
{
    public OsException(int errno, string syscall, string? path = null)
        : base($"[errno {errno}] {Interop.Errno.StrError(errno)}")
    {
        Errno = errno;
        ErrnoName = Interop.Errno.Name(errno);
        Syscall = syscall;
        Path = path;
    }

    /// <summary>The platform's errno number (differs between Linux and macOS).</summary>
    public int Errno { get; }

    /// <summary>The portable errno name, e.g. "ENOENT". Compare errors by this, never by number.</summary>
    public string ErrnoName { get; }

    public string Syscall { get; }

    public string? Path { get; }
}
