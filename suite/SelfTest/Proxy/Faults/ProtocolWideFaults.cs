using System.Text.Json.Nodes;
using OsConformance.Harness;
using OsConformance.Reference;
using static OsConformance.SelfTest.Proxy.Kit;

namespace OsConformance.SelfTest.Proxy.Faults;

/// <summary>Faults of every function at once: the error contract, numeric argument boundaries, constants.</summary>
internal static class ProtocolWideFaults
{
    // Cases that judge an error: the error cases and those named after an errno.
    private static readonly string[] ErrorCases =
        ["id:**error**", .. new[] { "enoent", "ebadf", "eacces", "eexist", "enotdir", "eisdir", "eloop", "enametoolong", "echild", "eperm",
            "einval", "esrch", "enotty", "enoexec", "eagain", "efault", "erange" }.Select(e => $"id:**{e}**")];

    // Cases that pass numbers at their boundaries.
    private static readonly string[] BoundaryCases = ["id:**error**", "id:**range**", "id:**nan**", "id:**fraction**", "id:**int32**", "id:**negative**"];

    public static IEnumerable<Fault> All =>
    [
        // ---- errors ----
        Decision("errors/errno-name-off-by-one", "the errno name table is off by one (ENOENT reads as ESRCH)", "errors", ErrorCases,
            Thrown(e => e is OsException o ? new OsException(o.Errno + 1, o.Syscall, o.Path) : e)).InCi(),
        Decision("errors/system-as-plain-error", "a failed syscall throws a plain Error without errno", "errors", ErrorCases,
            Thrown(e => e is OsException o ? new InvalidOperationException(o.Message) : e)),
        Decision("errors/path-dropped", "a failed syscall's error has no path", "errors", ErrorCases,
            Thrown(e => e is OsException o && o.Path is not null ? new OsException(o.Errno, o.Syscall) : e)),
        Decision("errors/syscall-misnamed", "a failed syscall's error names the module function's caller (\"call\")", "errors", ErrorCases,
            Thrown(e => e is OsException o ? new OsException(o.Errno, "call", o.Path) : e)),
        Decision("errors/range-as-type", "a number out of range throws a TypeError, not a RangeError", "argument-validation", ErrorCases,
            Thrown(e => e is ArgumentOutOfRangeException r ? new ArgumentException(r.Message, r.ParamName) : e)).InCi(),
        Decision("errors/type-as-range", "a wrong type throws a RangeError, not a TypeError", "argument-validation", ErrorCases,
            Thrown(e => e is ArgumentException t and not ArgumentOutOfRangeException ? new ArgumentOutOfRangeException(t.ParamName, t.Message) : e)),

        // ---- numeric boundaries, rewritten in the request so every function is affected ----
        Decision("bounds/fractions-truncated", "non-integer numbers are truncated (1.5 is 1) instead of a RangeError", "argument-validation", BoundaryCases,
            Numbers(d => double.IsFinite(d) && d != Math.Floor(d) ? Math.Truncate(d) : d)).InCi(),
        Decision("bounds/int32-wraps", "numbers outside int32 wrap modulo 2^32 (ToInt32) instead of a RangeError", "argument-validation", BoundaryCases,
            Numbers(d => double.IsFinite(d) && d == Math.Floor(d) && (d > int.MaxValue || d < int.MinValue) ? (int)(uint)(ulong)(long)Math.IEEERemainder(d, 4294967296.0) : d)),
        Decision("bounds/nan-is-zero", "NaN and ±Infinity become 0 instead of a RangeError", "argument-validation", BoundaryCases,
            layer => layer.OnRequest = req => RewriteTagged(req)),

        // ---- constants: the start reply ----
        Constant("constants/O_APPEND-other-platform", "O_APPEND has the other platform's value (hard-coded from macOS or Linux)",
            "Constants used as flags in os.open().", c => c["O_APPEND"] = OperatingSystem.IsMacOS() ? 0x400 : 0x8),
        Constant("constants/WNOHANG-WUNTRACED-swapped", "WNOHANG and WUNTRACED are swapped", "Flags used in the options field on os.waitpid().",
            c => { var n = c["WNOHANG"]!.GetValue<int>(); c["WNOHANG"] = c["WUNTRACED"]!.GetValue<int>(); c["WUNTRACED"] = n; }).InCi(),
        Constant("constants/S_IFLNK-decimal", "S_IFLNK written as decimal 120000 instead of octal 0120000",
            "Flags used to check the file type in os.stat().", c => c["S_IFLNK"] = 120000),
        Constant("constants/O_EXCL-missing", "O_EXCL is not exported", "Constants used as flags in os.open().", c => c.Remove("O_EXCL")),
        Constant("constants/S_IRWXG-decimal", "S_IRWXG written as decimal 70 instead of octal 070", "Flags for file mode used in os.stat().",
            c => c["S_IRWXG"] = 70),
    ];

    private static Action<FaultLayer> Thrown(Func<Exception, Exception> change) => layer =>
    {
        foreach (var fn in Dispatch.Functions.Keys.ToList())
            layer.Wrap(fn, f => a =>
            {
                try { return f(a); }
                catch (Exception e) { var c = change(e); if (ReferenceEquals(c, e)) throw; throw c; }
            });
    };

    private static Action<FaultLayer> Numbers(Func<double, double> change) => layer =>
    {
        foreach (var fn in Dispatch.Functions.Keys.ToList())
            layer.Wrap(fn, f => a => f(new Args([Map(a[0]), Map(a[1]), Map(a[2]), Map(a[3])])));
        object? Map(object? v) => v is double d ? change(d) : v;
    };

    // {"$number": "NaN"} and the infinities in call and fork-step args become 0.
    private static void RewriteTagged(JsonObject req)
    {
        if (req["args"] is JsonArray args) Zero(args);
        if (req["steps"] is JsonArray steps)
            foreach (var s in steps) if (s?["args"] is JsonArray a) Zero(a);
    }

    private static void Zero(JsonArray args)
    {
        for (int i = 0; i < args.Count; i++)
            if (args[i] is JsonObject o && o.ContainsKey("$number")) args[i] = 0;
    }

    private static Fault Constant(string id, string description, string spec, Action<JsonObject> change) =>
        Spec(id, description, spec, ["tag:constants"], layer => layer.OnReply = (op, reply) =>
        {
            if (op == "start" && reply["capabilities"]?["constants"] is JsonObject c) change(c);
        });
}
