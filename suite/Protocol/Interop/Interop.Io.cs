using System.Runtime.InteropServices;

namespace OsConformance.Protocol.Interop;

// read(2), write(2), close(2), poll(2). struct pollfd is {int fd; short events; short revents} everywhere.
internal static unsafe partial class Libc
{
    public const short POLLIN = 0x1;
    public const short POLLOUT = 0x4;
    public const short POLLERR = 0x8;
    public const short POLLHUP = 0x10;
    public const short POLLNVAL = 0x20;

    [StructLayout(LayoutKind.Sequential)]
    public struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    [LibraryImport(Name, SetLastError = true)]
    public static partial nint read(int fd, byte* buf, nuint count);

    [LibraryImport(Name, SetLastError = true)]
    public static partial nint write(int fd, byte* buf, nuint count);

    [LibraryImport(Name, SetLastError = true)]
    public static partial int close(int fd);

    // nfds_t is unsigned long on Linux and unsigned int on macOS; both ABIs pass it in a full register.
    [LibraryImport(Name, SetLastError = true)]
    public static partial int poll(PollFd* fds, nuint nfds, int timeout);
}
