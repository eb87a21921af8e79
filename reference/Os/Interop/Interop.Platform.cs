namespace OsConformance.Reference;

internal static partial class Interop
{
    /// <summary>
    /// Every platform-dependent number the module uses, in one place, chosen at run time.
    /// Linux: asm-generic values (x64, arm64, arm, riscv64, ppc64le, s390x, loongarch64 share them
    /// for these flags). macOS: from xnu bsd/sys/fcntl.h and bsd/sys/wait.h.
    /// </summary>
    internal static class Platform
    {
        internal static readonly bool IsLinux = OperatingSystem.IsLinux();
        internal static readonly bool IsMacOS = OperatingSystem.IsMacOS();

        // Apple arm64 passes variadic arguments on the stack, not in registers.
        internal static readonly bool VarargsOnStack =
            IsMacOS && System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture
                == System.Runtime.InteropServices.Architecture.Arm64;

        // ---- open(2) flags ----
        internal static readonly int O_RDONLY = 0;
        internal static readonly int O_WRONLY = 1;
        internal static readonly int O_RDWR = 2;
        internal static readonly int O_APPEND = Pick(Linux.O_APPEND, Darwin.O_APPEND);
        internal static readonly int O_CREAT = Pick(Linux.O_CREAT, Darwin.O_CREAT);
        internal static readonly int O_EXCL = Pick(Linux.O_EXCL, Darwin.O_EXCL);
        internal static readonly int O_TRUNC = Pick(Linux.O_TRUNC, Darwin.O_TRUNC);
        internal static readonly int O_SYNC = Pick(Linux.O_SYNC, Darwin.O_SYNC);
        internal static readonly int O_NONBLOCK = Pick(Linux.O_NONBLOCK, Darwin.O_NONBLOCK);
        internal static readonly int O_CLOEXEC = Pick(Linux.O_CLOEXEC, Darwin.O_CLOEXEC);

        // ---- fcntl(2): the same numbers on both ----
        internal const int F_GETFD = 1, F_SETFD = 2, F_GETFL = 3, F_SETFL = 4, FD_CLOEXEC = 1;
        internal static readonly int F_DUPFD_CLOEXEC = Pick(Linux.F_DUPFD_CLOEXEC, Darwin.F_DUPFD_CLOEXEC);

        // ---- waitpid(2) options ----
        internal const int WNOHANG = 1, WUNTRACED = 2;
        internal static readonly int WCONTINUED = Pick(Linux.WCONTINUED, Darwin.WCONTINUED);

        // ---- *at(2) ----
        internal static readonly int AT_FDCWD = Pick(Linux.AT_FDCWD, Darwin.AT_FDCWD);

        /// <summary>Linux asm-generic/fcntl.h, linux/fcntl.h and bits/waitflags.h.</summary>
        internal static class Linux
        {
            internal const int O_APPEND = 0x400 /* 02000 */, O_CREAT = 0x40 /* 0100 */, O_EXCL = 0x80 /* 0200 */,
                O_TRUNC = 0x200 /* 01000 */, O_SYNC = 0x101000 /* 04010000 */, O_NONBLOCK = 0x800 /* 04000 */,
                O_CLOEXEC = 0x80000 /* 02000000 */, F_DUPFD_CLOEXEC = 1030, WCONTINUED = 8, AT_FDCWD = -100;
        }

        /// <summary>
        /// macOS, from xnu's headers; reference/Tests/MacHeaderTests.cs pins each to its header line
        /// so these are checked on Linux too.
        /// </summary>
        internal static class Darwin
        {
            internal const int O_APPEND = 0x8, O_CREAT = 0x200, O_EXCL = 0x800, O_TRUNC = 0x400, O_SYNC = 0x80,
                O_NONBLOCK = 0x4, O_CLOEXEC = 0x1000000, F_DUPFD_CLOEXEC = 67, WCONTINUED = 0x10, AT_FDCWD = -2;
        }

        private static int Pick(int linux, int macos)
        {
            if (IsLinux) return linux;
            if (IsMacOS) return macos;
            throw new PlatformNotSupportedException("the os module reference supports Linux and macOS only");
        }
    }
}
