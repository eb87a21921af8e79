using NUnit.Framework;
using OsConformance.Protocol;
using OsConformance.Suite.Infrastructure;

namespace OsConformance.Suite.Files;

/// <summary>os.scandir, against the directory the case made itself.</summary>
public sealed class ScandirCases : ConformanceFixture
{
    private const string Lists = "Lists all files in the given path.";
    private const string Order = "docs/decisions.md#scandir-order";

    private static List<string> Names(JsValue value, string what)
    {
        Verdict.That(value is JsArray, what, "an Array", value.GetType().Name);
        var names = new List<string>();
        foreach (var item in ((JsArray)value).Items)
        {
            Verdict.That(item is JsString, $"{what} element", "a string", item.ToString());
            names.Add(((JsString)item).Value);
        }
        return names;
    }

    private string MakeDir(string name, params string[] entries)
    {
        string dir = InCaseDir(name);
        Directory.CreateDirectory(dir);
        foreach (var e in entries)
        {
            if (e.EndsWith('/'))
                Directory.CreateDirectory(Path.Combine(dir, e.TrimEnd('/')));
            else
                File.WriteAllText(Path.Combine(dir, e), e);
        }
        return dir;
    }

    [Test, Case("scandir/lists/every-entry", "scandir", Spec = Lists, Tags = "files")]
    public void ListsEveryEntry()
    {
        string dir = MakeDir("d", "one", "two", "three", "sub/", ".hidden");
        using var h = StartHarness();
        var names = Names(Verdict.Returns(h.Call("scandir", dir)), "scandir(dir)");
        var expected = Directory.EnumerateFileSystemEntries(dir).Select(p => Path.GetFileName(p)!).Order(StringComparer.Ordinal).ToList();
        Verdict.Equal(string.Join(",", expected), string.Join(",", names.Order(StringComparer.Ordinal)), "names in the directory");
    }

    [Test, Case("scandir/lists/omits-dot-and-dotdot", "scandir", Spec = Lists, Tags = "files")]
    public void OmitsDotEntries()
    {
        string dir = MakeDir("d", "a");
        using var h = StartHarness();
        var names = Names(Verdict.Returns(h.Call("scandir", dir)), "scandir(dir)");
        Verdict.That(!names.Contains(".") && !names.Contains(".."), "scandir(dir)", "no '.' or '..'", string.Join(",", names));
    }

    [Test, Case("scandir/lists/empty-directory", "scandir", Spec = Lists, Tags = "files")]
    public void EmptyDirectoryIsEmptyArray()
    {
        string dir = MakeDir("empty");
        using var h = StartHarness();
        var value = Verdict.Returns(h.Call("scandir", dir));
        Verdict.Equal<JsValue>(JsValue.Array(), value, "scandir(empty dir)");
    }

    [Test, Case("scandir/lists/relative-path", "scandir", Spec = Lists, Tags = "files")]
    public void RelativePathIsResolvedAgainstTheCwd()
    {
        MakeDir("rel", "x", "y");
        using var h = StartHarness();
        var names = Names(Verdict.Returns(h.Call("scandir", "rel")), "scandir('rel')");
        Verdict.Equal("x,y", string.Join(",", names.Order(StringComparer.Ordinal)), "scandir('rel')");
    }

    [Test, Case("scandir/lists/many-entries", "scandir", Spec = Lists, Tags = "files")]
    public void ManyEntries()
    {
        var entries = Enumerable.Range(0, 300).Select(i => $"f{i:D3}").ToArray();
        string dir = MakeDir("many", entries);
        using var h = StartHarness();
        var names = Names(Verdict.Returns(h.Call("scandir", dir)), "scandir(dir of 300)");
        Verdict.Equal(300, names.Count, "number of names");
        Verdict.Equal(string.Join(",", entries), string.Join(",", names.Order(StringComparer.Ordinal)), "names");
    }

    [Test, Case("scandir/order/byte-order", "scandir", Decision = Order, Tags = "files")]
    public void SortedByByteOrder()
    {
        string[] entries = ["b", "B", "a", "_", "10", "9", "é", "Z", "aa", "a.b"];
        string dir = MakeDir("order", entries);
        using var h = StartHarness();
        var names = Names(Verdict.Returns(h.Call("scandir", dir)), "scandir(dir)");
        var expected = entries.Order(StringComparer.Ordinal).ToList(); // UTF-16 ordinal = byte order for these names
        Verdict.Equal(string.Join(",", expected), string.Join(",", names), "order of names");
    }

    [Test, Case("scandir/order/byte-order-beyond-bmp", "scandir", Decision = Order, Tags = "files")]
    public void SortedByBytesNotUtf16()
    {
        // U+FF21 (EF BC A1) sorts before U+1F600 (F0 9F 98 80) by bytes, after it by UTF-16 units (D83D DE00).
        string[] entries = ["\U0001F600", "\uFF21", "z", "\u00E9"];
        string dir = MakeDir("order", entries);
        using var h = StartHarness();
        var names = Names(Verdict.Returns(h.Call("scandir", dir)), "scandir(dir)");
        var expected = entries.OrderBy(e => System.Text.Encoding.UTF8.GetBytes(e), Comparer<byte[]>.Create((a, b) => a.AsSpan().SequenceCompareTo(b))).ToList();
        Verdict.Equal(string.Join(",", expected), string.Join(",", names), "order of names (UTF-8 bytes)");
    }

    [Test, Case("scandir/errors/missing/enoent", "scandir", Spec = Lists, Tags = "files")]
    public void MissingDirectoryIsEnoent()
    {
        using var h = StartHarness();
        Verdict.Throws(h.Call("scandir", InCaseDir("nope")), "ENOENT", "scandir(missing)");
    }

    [Test, Case("scandir/errors/file/enotdir", "scandir", Spec = Lists, Tags = "files")]
    public void FileIsEnotdir()
    {
        string file = InCaseDir("file");
        File.WriteAllText(file, "x");
        using var h = StartHarness();
        Verdict.Throws(h.Call("scandir", file), "ENOTDIR", "scandir(file)");
    }
}
