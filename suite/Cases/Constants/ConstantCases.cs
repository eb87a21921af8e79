using NUnit.Framework;
using OsConformance.Suite.Infrastructure;
using OsConformance.Suite.Oracles;

namespace OsConformance.Suite.Constants;

/// <summary>
/// The constant families, member by member (the set sjs 18.6's binding defines, docs/constants.md),
/// each against the value in the platform's own headers (native/constants.c compiled here).
/// </summary>
public sealed class ConstantCases : ConformanceFixture
{
    private const string OpenFlags = "Constants used as flags in os.open().";
    private const string FileTypes = "Flags used to check the file type in os.stat().";
    private const string ModeBits = "Flags for file mode used in os.stat().";
    private const string WaitOptions = "Flags used in the options field on os.waitpid().";
    private const string Stdio = "Constants represendint default file descriptors for stdio.";

    private static readonly (string Function, string Spec, string[] Names)[] Families =
    [
        ("open", OpenFlags, ["O_APPEND", "O_CREAT", "O_EXCL", "O_RDONLY", "O_RDWR", "O_SYNC", "O_TRUNC", "O_WRONLY"]),
        ("stat", FileTypes, ["S_IFDIR", "S_IFCHR", "S_IFBLK", "S_IFREG", "S_IFIFO", "S_IFLNK", "S_IFSOCK"]),
        ("stat", ModeBits, ["S_ISUID", "S_ISGID", "S_ISVTX", "S_IREAD", "S_IWRITE", "S_IEXEC", "S_IRWXU", "S_IRUSR",
            "S_IWUSR", "S_IXUSR", "S_IRWXG", "S_IRGRP", "S_IWGRP", "S_IXGRP", "S_IRWXO", "S_IROTH", "S_IWOTH", "S_IXOTH"]),
        ("waitpid", WaitOptions, ["WCONTINUED", "WNOHANG", "WUNTRACED"]),
        ("write", Stdio, ["STDIN_FILENO", "STDOUT_FILENO", "STDERR_FILENO"]),
    ];

    /// <summary>Every documented constant, the set a start reply's capabilities.constants should hold.</summary>
    public static IEnumerable<string> DocumentedNames => Families.SelectMany(f => f.Names);

    public static IEnumerable<TestCaseData> Members() =>
        from family in Families
        from name in family.Names
        select CaseData.Of($"constants/{name}/platform-value", family.Function, spec: family.Spec, tags: "constants,pure", args: name);

    [TestCaseSource(nameof(Members))]
    public void HasThePlatformsValue(string name)
    {
        if (!ConstantOracle.Available)
            Verdict.Unsupported($"no header oracle: {NativeOracle.UnavailableReason}");
        int expected = ConstantOracle.Values[name];
        StartHarness();
        var exported = Info!.Capabilities.Constants;
        Verdict.That(exported.ContainsKey(name), $"os.{name}", $"exported, {expected}", "not exported");
        Verdict.Equal<double>(expected, exported[name], $"os.{name}");
    }
}
