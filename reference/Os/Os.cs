namespace OsConformance.Reference;

// The public API of the reference: one member per documented name of the sjs os module
// (docs/spec/os-module.txt). Raw int fds by design; every fd the module creates is close-on-exec.
// Failed syscalls throw OsException; bad arguments throw ArgumentException (a TypeError at the
// protocol) or ArgumentOutOfRangeException (a RangeError).
// Bodies live in the partial files by family: Os.Constants.cs, Os.Process.cs, Os.Ids.cs,
// Os.Fds.cs, Os.Files.cs, Os.Status.cs. Syscalls are in Interop/Interop.<Family>.cs.
public static partial class Os
{
}
