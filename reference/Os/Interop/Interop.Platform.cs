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
        internal static readonly int O_APPEND = Pick(linux: 0x400 /* 02000 */, macos: 0x8);
        internal static readonly int O_CREAT = Pick(linux: 0x40 /* 0100 */, macos: 0x200);
        internal static readonly int O_EXCL = Pick(linux: 0x80 /* 0200 */, macos: 0x800);
        internal static readonly int O_TRUNC = Pick(linux: 0x200 /* 01000 */, macos: 0x400);
        internal static readonly int O_SYNC = Pick(linux: 0x101000 /* 04010000 */, macos: 0x80);
        internal static readonly int O_NONBLOCK = Pick(linux: 0x800 /* 04000 */, macos: 0x4);
        internal static readonly int O_CLOEXEC = Pick(linux: 0x80000 /* 02000000 */, macos: 0x1000000);

        // ---- fcntl(2) ----
        internal const int F_GETFD = 1, F_SETFD = 2, F_GETFL = 3, F_SETFL = 4, FD_CLOEXEC = 1;
        internal static readonly int F_DUPFD_CLOEXEC = Pick(linux: 1030, macos: 67);

        // ---- waitpid(2) options ----
        internal const int WNOHANG = 1, WUNTRACED = 2;
        internal static readonly int WCONTINUED = Pick(linux: 8, macos: 0x10);

        // ---- *at(2) ----
        internal static readonly int AT_FDCWD = Pick(linux: -100, macos: -2);

        private static int Pick(int linux, int macos)
        {
            if (IsLinux) return linux;
            if (IsMacOS) return macos;
            throw new PlatformNotSupportedException("the os module reference supports Linux and macOS only");
        }
    }
}
