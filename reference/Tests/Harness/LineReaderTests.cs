using System.Text;
using NUnit.Framework;
using OsConformance.Harness;

namespace OsConformance.Reference.Tests.Harness;

/// <summary>The harness's stdin reader on fds of the test host: how requests are cut into lines.</summary>
public sealed class LineReaderTests
{
    private static string? Text(byte[]? line) => line is null ? null : Encoding.UTF8.GetString(line);

    [Test]
    public void Pipe_LinesWithoutTheirEnd_AndTheLastLineWithoutNewline()
    {
        int[] fds = Os.Pipe();
        var reader = new LineReader(fds[0]);
        try
        {
            Stdio.WriteAll(fds[1], "a\nb\r\n\n  c\r\rd"u8);
            Os.Close(fds[1]);
            var lines = new List<string?>();
            for (int i = 0; i < 6; i++) lines.Add(Text(reader.ReadLine()));
            // Only one "\r" right before "\n" is taken off; the end of input stays the end.
            Assert.That(lines, Is.EqualTo(new[] { "a", "b", "", "  c\r\rd", null, null }));
        }
        finally { Os.Close(fds[0]); }
    }

    [Test]
    public void File_LinesLongerThanTheBuffer_AreReadWhole()
    {
        using var dir = new TempDir();
        string longLine = new('x', 200_000); // the buffer starts at 64 KiB
        File.WriteAllText(dir["in"], "first\n" + longLine + "\nlast\n");
        int fd = Os.Open(dir["in"], "r");
        try
        {
            var reader = new LineReader(fd);
            Assert.That(Text(reader.ReadLine()), Is.EqualTo("first"));
            Assert.That(Text(reader.ReadLine()), Is.EqualTo(longLine));
            Assert.That(Text(reader.ReadLine()), Is.EqualTo("last"));
            Assert.That(reader.ReadLine(), Is.Null);
        }
        finally { Os.Close(fd); }
    }
}
