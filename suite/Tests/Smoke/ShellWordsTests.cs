using NUnit.Framework;
using OsConformance.Protocol;

namespace OsConformance.Suite.Tests.Smoke;

public class ShellWordsTests
{
    [TestCase("a b  c", new[] { "a", "b", "c" })]
    [TestCase("  node\tharness.js \n", new[] { "node", "harness.js" })]
    [TestCase("'a b' c", new[] { "a b", "c" })]
    [TestCase("\"a b\" c", new[] { "a b", "c" })]
    [TestCase("a\\ b", new[] { "a b" })]
    [TestCase("'it''s'", new[] { "its" })]
    [TestCase("\"it's\"", new[] { "it's" })]
    [TestCase("'\\n'", new[] { "\\n" })]
    [TestCase("\"\\$HOME \\\" \\\\ \\n\"", new[] { "$HOME \" \\ \\n" })]
    [TestCase("$HOME ~ *", new[] { "$HOME", "~", "*" })]
    [TestCase("'' \"\"", new[] { "", "" })]
    [TestCase("a'b'\"c\"d", new[] { "abcd" })]
    [TestCase("a\\\nb", new[] { "ab" })]
    [TestCase("", new string[0])]
    public void Splits_like_a_posix_shell(string text, string[] words) =>
        Assert.That(ShellWords.Split(text), Is.EqualTo(words));

    [TestCase("'open")]
    [TestCase("\"open")]
    [TestCase("trailing\\")]
    public void Rejects_unterminated_input(string text) =>
        Assert.That(() => ShellWords.Split(text), Throws.TypeOf<FormatException>());
}
