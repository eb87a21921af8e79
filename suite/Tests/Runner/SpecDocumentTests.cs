using NUnit.Framework;
using OsConformance.Suite.Infrastructure;

namespace OsConformance.Suite.Tests.Runner;

public sealed class SpecDocumentTests
{
    private static SpecDocument Spec => SpecDocument.Current;

    [Test]
    public void SectionsCoverEveryDocumentedFunction()
    {
        var functions = Spec.Sections.SelectMany(s => s.Functions).ToList();
        Assert.That(functions, Is.EquivalentTo(Functions.Documented), "each of the 51 functions has exactly one section");
        Assert.That(Spec.Sections.Single(s => s.Functions.Contains("execvpe")).Functions, Is.EqualTo(new[] { "execv", "execvp", "execve", "execvpe" }));
        Assert.That(Spec.Sections.Single(s => s.Functions.Contains("WIFCONTINUED")).Functions, Has.Count.EqualTo(7));
    }

    [Test]
    public void LostHeadingsAreRestored()
    {
        Assert.That(Spec.Sentences.Single(s => s.Text.StartsWith("Unlinks", StringComparison.Ordinal)).Section.Functions, Is.EqualTo(new[] { "unlink" }));
        Assert.That(Spec.Sentences.Single(s => s.Text.EndsWith("symbolic link.", StringComparison.Ordinal)).Section.Functions, Is.EqualTo(new[] { "S_ISLNK" }));
        Assert.That(Spec.Sentences.Single(s => s.Text == "Returns the related device name of the given fd for which os.isatty() is true.").Section.Functions,
            Is.EqualTo(new[] { "ttyname" }));
    }

    [Test]
    public void HeadingsSeeAlsoAndManPagesAreNotSentences()
    {
        var texts = Spec.Sentences.Select(s => s.Text).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(texts, Has.None.StartsWith("os.").And.None.StartsWith("os:"));
            Assert.That(texts, Has.None.EqualTo("See also").And.None.EqualTo("Note").And.None.EqualTo("Returns:"));
            Assert.That(texts, Has.None.Match(@"^[a-z_0-9]+\(\d\)$"));
            Assert.That(texts, Has.None.Contains("See the man page"));
            Assert.That(Spec.Sentences.Where(s => s.Text == "flags").Select(s => s.Section.Functions.Single()), Is.EqualTo(new[] { "stat" }),
                "the stat field, not the open argument label");
        });
    }

    [Test]
    public void ListItemsAreSentences()
    {
        var texts = Spec.Sentences.Select(s => s.Text).ToList();
        Assert.That(texts, Does.Contain("'wx+' = O_TRUNC | O_CREAT | O_RDWR | O_EXCL: like 'w+' but fails if the path exists"));
        Assert.That(texts, Does.Contain("birthtime"));
        Assert.That(texts.Count(t => t.StartsWith('\'')), Is.EqualTo(10), "the ten flag strings");
    }

    [Test]
    public void RepeatedSentencesResolveToTheCasesFunction()
    {
        const string note = "Since version 0.3.0 the fds are created with O_CLOEXEC set.";
        Assert.That(Spec.Locate(note, "pipe").Single().Section.Functions, Is.EqualTo(new[] { "pipe" }));
        Assert.That(Spec.Locate(note, "dup").Single().Section.Functions, Is.EqualTo(new[] { "dup" }));
        Assert.That(Spec.Locate("dev", "stat").Single().Text, Is.EqualTo("dev"));
        Assert.That(Spec.Locate("Returns true if the mode of the file indicates it's a", "S_ISSOCK").Single().Section.Functions, Is.EqualTo(new[] { "S_ISSOCK" }));
        Assert.That(Spec.Locate("Creates a new process duplicating the calling process. See os.waitpid()", "fork"), Has.Count.EqualTo(2), "a quote across sentences covers each");
    }
}
