using System.Net.Sockets;
using Mono.Unix.Native;
using OsConformance.Suite.Infrastructure;
using OsConformance.Suite.Oracles;

namespace OsConformance.Suite.Stat;

/// <summary>Real files of every type, made by the case itself in its directory.</summary>
public static class FileKinds
{
    public static readonly string[] All = ["regular", "directory", "fifo", "socket", "char-device", "block-device", "symlink-to-regular"];

    /// <summary>The S_IF* constant each kind's stat mode must carry (symlinks are followed by stat).</summary>
    public static string TypeConstant(string kind) => kind switch
    {
        "regular" or "symlink-to-regular" => "S_IFREG",
        "directory" => "S_IFDIR",
        "fifo" => "S_IFIFO",
        "socket" => "S_IFSOCK",
        "char-device" => "S_IFCHR",
        "block-device" => "S_IFBLK",
        _ => throw new ArgumentException($"unknown kind {kind}", nameof(kind)),
    };

    /// <summary>
    /// Makes a file of this kind and returns its path. Devices cannot be made unprivileged, so the
    /// machine's own are used (read only); a missing block device makes the case unsupported.
    /// The socket stays bound until the returned handle is disposed.
    /// </summary>
    public static string Make(string kind, string dir, out IDisposable? keepAlive)
    {
        keepAlive = null;
        string path = Path.Combine(dir, kind);
        switch (kind)
        {
            case "regular":
                File.WriteAllText(path, "some content\n");
                return path;
            case "directory":
                Directory.CreateDirectory(path);
                File.WriteAllText(Path.Combine(path, "inside"), "x");
                return path;
            case "fifo":
                if (Syscall.mkfifo(path, FilePermissions.S_IRUSR | FilePermissions.S_IWUSR) != 0)
                    throw new IOException($"mkfifo {path}: {Stdlib.GetLastError()}");
                return path;
            case "socket":
                path = Path.Combine(dir, "s.sock");
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                socket.Bind(new UnixDomainSocketEndPoint(path));
                keepAlive = socket;
                return path;
            case "char-device":
                return "/dev/null";
            case "block-device":
                foreach (var candidate in new[] { "/dev/loop0", "/dev/vda", "/dev/sda", "/dev/nvme0n1", "/dev/xvda", "/dev/disk0" })
                {
                    try
                    {
                        if ((StatOracle.Stat(candidate).Mode & 0xF000) == NativeOracle.Constants()["S_IFBLK"])
                            return candidate;
                    }
                    catch (IOException) { }
                }
                Verdict.Unsupported("no block device on this machine");
                return "";
            case "symlink-to-regular":
                string target = Path.Combine(dir, "link-target");
                File.WriteAllText(target, "target content, longer than the link\n");
                File.CreateSymbolicLink(path, target);
                return path;
            default:
                throw new ArgumentException($"unknown kind {kind}", nameof(kind));
        }
    }
}
