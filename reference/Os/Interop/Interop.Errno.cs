using System.Runtime.InteropServices;

namespace OsConformance.Reference;

internal static partial class Interop
{
    internal static partial class Errno
    {
        // Linux: asm-generic/errno-base.h + asm-generic/errno.h (aliases EWOULDBLOCK, EDEADLOCK and
        // ENOTSUP share 11, 35, 95 and take the kernel's primary name).
        private static readonly Dictionary<int, string> s_linux = new()
        {
            [1] = "EPERM",
            [2] = "ENOENT",
            [3] = "ESRCH",
            [4] = "EINTR",
            [5] = "EIO",
            [6] = "ENXIO",
            [7] = "E2BIG",
            [8] = "ENOEXEC",
            [9] = "EBADF",
            [10] = "ECHILD",
            [11] = "EAGAIN",
            [12] = "ENOMEM",
            [13] = "EACCES",
            [14] = "EFAULT",
            [15] = "ENOTBLK",
            [16] = "EBUSY",
            [17] = "EEXIST",
            [18] = "EXDEV",
            [19] = "ENODEV",
            [20] = "ENOTDIR",
            [21] = "EISDIR",
            [22] = "EINVAL",
            [23] = "ENFILE",
            [24] = "EMFILE",
            [25] = "ENOTTY",
            [26] = "ETXTBSY",
            [27] = "EFBIG",
            [28] = "ENOSPC",
            [29] = "ESPIPE",
            [30] = "EROFS",
            [31] = "EMLINK",
            [32] = "EPIPE",
            [33] = "EDOM",
            [34] = "ERANGE",
            [35] = "EDEADLK",
            [36] = "ENAMETOOLONG",
            [37] = "ENOLCK",
            [38] = "ENOSYS",
            [39] = "ENOTEMPTY",
            [40] = "ELOOP",
            [42] = "ENOMSG",
            [43] = "EIDRM",
            [44] = "ECHRNG",
            [45] = "EL2NSYNC",
            [46] = "EL3HLT",
            [47] = "EL3RST",
            [48] = "ELNRNG",
            [49] = "EUNATCH",
            [50] = "ENOCSI",
            [51] = "EL2HLT",
            [52] = "EBADE",
            [53] = "EBADR",
            [54] = "EXFULL",
            [55] = "ENOANO",
            [56] = "EBADRQC",
            [57] = "EBADSLT",
            [59] = "EBFONT",
            [60] = "ENOSTR",
            [61] = "ENODATA",
            [62] = "ETIME",
            [63] = "ENOSR",
            [64] = "ENONET",
            [65] = "ENOPKG",
            [66] = "EREMOTE",
            [67] = "ENOLINK",
            [68] = "EADV",
            [69] = "ESRMNT",
            [70] = "ECOMM",
            [71] = "EPROTO",
            [72] = "EMULTIHOP",
            [73] = "EDOTDOT",
            [74] = "EBADMSG",
            [75] = "EOVERFLOW",
            [76] = "ENOTUNIQ",
            [77] = "EBADFD",
            [78] = "EREMCHG",
            [79] = "ELIBACC",
            [80] = "ELIBBAD",
            [81] = "ELIBSCN",
            [82] = "ELIBMAX",
            [83] = "ELIBEXEC",
            [84] = "EILSEQ",
            [85] = "ERESTART",
            [86] = "ESTRPIPE",
            [87] = "EUSERS",
            [88] = "ENOTSOCK",
            [89] = "EDESTADDRREQ",
            [90] = "EMSGSIZE",
            [91] = "EPROTOTYPE",
            [92] = "ENOPROTOOPT",
            [93] = "EPROTONOSUPPORT",
            [94] = "ESOCKTNOSUPPORT",
            [95] = "EOPNOTSUPP",
            [96] = "EPFNOSUPPORT",
            [97] = "EAFNOSUPPORT",
            [98] = "EADDRINUSE",
            [99] = "EADDRNOTAVAIL",
            [100] = "ENETDOWN",
            [101] = "ENETUNREACH",
            [102] = "ENETRESET",
            [103] = "ECONNABORTED",
            [104] = "ECONNRESET",
            [105] = "ENOBUFS",
            [106] = "EISCONN",
            [107] = "ENOTCONN",
            [108] = "ESHUTDOWN",
            [109] = "ETOOMANYREFS",
            [110] = "ETIMEDOUT",
            [111] = "ECONNREFUSED",
            [112] = "EHOSTDOWN",
            [113] = "EHOSTUNREACH",
            [114] = "EALREADY",
            [115] = "EINPROGRESS",
            [116] = "ESTALE",
            [117] = "EUCLEAN",
            [118] = "ENOTNAM",
            [119] = "ENAVAIL",
            [120] = "EISNAM",
            [121] = "EREMOTEIO",
            [122] = "EDQUOT",
            [123] = "ENOMEDIUM",
            [124] = "EMEDIUMTYPE",
            [125] = "ECANCELED",
            [126] = "ENOKEY",
            [127] = "EKEYEXPIRED",
            [128] = "EKEYREVOKED",
            [129] = "EKEYREJECTED",
            [130] = "EOWNERDEAD",
            [131] = "ENOTRECOVERABLE",
            [132] = "ERFKILL",
            [133] = "EHWPOISON",
        };

        // macOS: xnu bsd/sys/errno.h (EWOULDBLOCK is EAGAIN; EOPNOTSUPP is distinct from ENOTSUP under
        // UNIX03); reference/Tests/MacHeaderTests.cs pins every entry to its header line.
        private static readonly Dictionary<int, string> s_macos = new()
        {
            [1] = "EPERM",
            [2] = "ENOENT",
            [3] = "ESRCH",
            [4] = "EINTR",
            [5] = "EIO",
            [6] = "ENXIO",
            [7] = "E2BIG",
            [8] = "ENOEXEC",
            [9] = "EBADF",
            [10] = "ECHILD",
            [11] = "EDEADLK",
            [12] = "ENOMEM",
            [13] = "EACCES",
            [14] = "EFAULT",
            [15] = "ENOTBLK",
            [16] = "EBUSY",
            [17] = "EEXIST",
            [18] = "EXDEV",
            [19] = "ENODEV",
            [20] = "ENOTDIR",
            [21] = "EISDIR",
            [22] = "EINVAL",
            [23] = "ENFILE",
            [24] = "EMFILE",
            [25] = "ENOTTY",
            [26] = "ETXTBSY",
            [27] = "EFBIG",
            [28] = "ENOSPC",
            [29] = "ESPIPE",
            [30] = "EROFS",
            [31] = "EMLINK",
            [32] = "EPIPE",
            [33] = "EDOM",
            [34] = "ERANGE",
            [35] = "EAGAIN",
            [36] = "EINPROGRESS",
            [37] = "EALREADY",
            [38] = "ENOTSOCK",
            [39] = "EDESTADDRREQ",
            [40] = "EMSGSIZE",
            [41] = "EPROTOTYPE",
            [42] = "ENOPROTOOPT",
            [43] = "EPROTONOSUPPORT",
            [44] = "ESOCKTNOSUPPORT",
            [45] = "ENOTSUP",
            [46] = "EPFNOSUPPORT",
            [47] = "EAFNOSUPPORT",
            [48] = "EADDRINUSE",
            [49] = "EADDRNOTAVAIL",
            [50] = "ENETDOWN",
            [51] = "ENETUNREACH",
            [52] = "ENETRESET",
            [53] = "ECONNABORTED",
            [54] = "ECONNRESET",
            [55] = "ENOBUFS",
            [56] = "EISCONN",
            [57] = "ENOTCONN",
            [58] = "ESHUTDOWN",
            [59] = "ETOOMANYREFS",
            [60] = "ETIMEDOUT",
            [61] = "ECONNREFUSED",
            [62] = "ELOOP",
            [63] = "ENAMETOOLONG",
            [64] = "EHOSTDOWN",
            [65] = "EHOSTUNREACH",
            [66] = "ENOTEMPTY",
            [67] = "EPROCLIM",
            [68] = "EUSERS",
            [69] = "EDQUOT",
            [70] = "ESTALE",
            [71] = "EREMOTE",
            [72] = "EBADRPC",
            [73] = "ERPCMISMATCH",
            [74] = "EPROGUNAVAIL",
            [75] = "EPROGMISMATCH",
            [76] = "EPROCUNAVAIL",
            [77] = "ENOLCK",
            [78] = "ENOSYS",
            [79] = "EFTYPE",
            [80] = "EAUTH",
            [81] = "ENEEDAUTH",
            [82] = "EPWROFF",
            [83] = "EDEVERR",
            [84] = "EOVERFLOW",
            [85] = "EBADEXEC",
            [86] = "EBADARCH",
            [87] = "ESHLIBVERS",
            [88] = "EBADMACHO",
            [89] = "ECANCELED",
            [90] = "EIDRM",
            [91] = "ENOMSG",
            [92] = "EILSEQ",
            [93] = "ENOATTR",
            [94] = "EBADMSG",
            [95] = "EMULTIHOP",
            [96] = "ENODATA",
            [97] = "ENOLINK",
            [98] = "ENOSR",
            [99] = "ENOSTR",
            [100] = "EPROTO",
            [101] = "ETIME",
            [102] = "EOPNOTSUPP",
            [103] = "ENOPOLICY",
            [104] = "ENOTRECOVERABLE",
            [105] = "EOWNERDEAD",
            [106] = "EQFULL",
        };

        private static Dictionary<int, string> Table => Platform.IsMacOS ? s_macos : s_linux;

        /// <summary>Each platform's table, whichever this one is (for the header tests).</summary>
        internal static IReadOnlyDictionary<int, string> LinuxTable => s_linux;
        internal static IReadOnlyDictionary<int, string> DarwinTable => s_macos;

        /// <summary>The errno's portable name; "EUNKNOWN" for a number the platform does not define.</summary>
        internal static string Name(int errno) => Table.TryGetValue(errno, out string? name) ? name : "EUNKNOWN";

        /// <summary>The platform's number for a name, or null when the platform has no such errno.</summary>
        internal static int? Number(string name)
        {
            foreach (KeyValuePair<int, string> entry in Table)
                if (entry.Value == name) return entry.Key;
            return null;
        }

        /// <summary>The C library's strerror text for this platform.</summary>
        internal static string StrError(int errno) => Marshal.GetPInvokeErrorMessage(errno);

        /// <summary>errno of the last P/Invoke marked SetLastError, read right after the call.</summary>
        internal static int Last => Marshal.GetLastPInvokeError();

        // Numbers the module branches on, from this platform's table (so they cannot drift from it).
        internal static readonly int EINTR = Must("EINTR");
        internal static readonly int ENOENT = Must("ENOENT");
        internal static readonly int EACCES = Must("EACCES");
        internal static readonly int ENOEXEC = Must("ENOEXEC");
        internal static readonly int ENOTDIR = Must("ENOTDIR");
        internal static readonly int EINVAL = Must("EINVAL");
        internal static readonly int ERANGE = Must("ERANGE");
        internal static readonly int ENODEV = Must("ENODEV");
        internal static readonly int EBADF = Must("EBADF");
        internal static readonly int ESTALE = Must("ESTALE");
        internal static readonly int ETIMEDOUT = Must("ETIMEDOUT");
        internal static readonly int ELOOP = Must("ELOOP");
        internal static readonly int ENAMETOOLONG = Must("ENAMETOOLONG");

        private static int Must(string name) =>
            Number(name) ?? throw new PlatformNotSupportedException($"this platform's errno table has no {name}");
    }
}
