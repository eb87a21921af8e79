using System.Text;
using System.Text.RegularExpressions;

namespace OsConformance.Suite.Infrastructure;

/// <summary>A section of the spec: a function heading (or several, as for exec*), a constant family, or the preamble.</summary>
public sealed record SpecSection(string Heading, IReadOnlyList<string> Functions);

/// <summary>One sentence (or list item) of the spec, with its span in the normalised text.</summary>
public sealed record SpecSentence(int Index, SpecSection Section, string Text, int Start, int End);

/// <summary>
/// docs/spec/os-module.txt split into sections and sentences. Headings, "See also" blocks,
/// man-page references and "Note"/"Arguments:"/"Returns:" labels are not sentences; list items
/// are. The two paragraphs whose headings were lost (docs/spec/NOTES.md) get them back here.
/// </summary>
public sealed partial class SpecDocument
{
    public const string RelativePath = "docs/spec/os-module.txt";

    /// <summary>The whole spec, normalised (see <see cref="Normalize"/>).</summary>
    public string Text { get; }
    public IReadOnlyList<SpecSection> Sections { get; }
    public IReadOnlyList<SpecSentence> Sentences { get; }

    private static readonly Lock gate = new();
    private static (string Path, SpecDocument Doc)? cached;

    /// <summary>The spec of the repository root, parsed once.</summary>
    public static SpecDocument Current
    {
        get
        {
            string path = Path.Combine(RepoRoot.Require(), RelativePath);
            lock (gate)
            {
                if (cached is { } c && c.Path == path)
                    return c.Doc;
                var doc = Parse(File.ReadAllText(path));
                cached = (path, doc);
                return doc;
            }
        }
    }

    /// <summary>Whitespace runs become one space; typographic quotes become ASCII ones.</summary>
    public static string Normalize(string s)
    {
        var sb = new StringBuilder(s.Length);
        bool space = false;
        foreach (char ch in s)
        {
            if (char.IsWhiteSpace(ch)) { space = sb.Length > 0; continue; }
            if (space) { sb.Append(' '); space = false; }
            sb.Append(ch switch { '‘' or '’' => '\'', '“' or '”' => '"', _ => ch });
        }
        return sb.ToString();
    }

    [GeneratedRegex(@"^os[.:](?<name>[A-Za-z_][A-Za-z0-9_]*)\(.*\)$")]
    private static partial Regex FunctionHeading();
    [GeneratedRegex(@"^os\.[A-Z][A-Za-z_*{},]*$")]
    private static partial Regex ConstantHeading();
    [GeneratedRegex(@"^[a-z_0-9]+\(\d\)$")]
    private static partial Regex ManPage();
    [GeneratedRegex(@"^See (also|the man page)\b.*\(\d\)\.?$")]
    private static partial Regex ManPageSentence();
    [GeneratedRegex(@"(?<=[.!?])\s+(?=[A-Z'""(\[])")]
    private static partial Regex SentenceBreak();

    private static readonly string[] Labels = ["Functions", "Constants", "Note", "Arguments:", "Returns:"];

    // Paragraphs whose headings were lost in rendering (docs/spec/NOTES.md).
    private static readonly (string Prefix, string Heading, string Function)[] LostHeadings =
    [
        ("Unlinks (usually", "os.unlink(path)", "unlink"),
        ("Returns true if the mode of the file indicates it's a symbolic link.", "os.S_ISLNK(mode)", "S_ISLNK"),
    ];

    private SpecDocument(string text, List<SpecSection> sections, List<SpecSentence> sentences)
    {
        Text = text;
        Sections = sections;
        Sentences = sentences;
    }

    public static SpecDocument Parse(string raw)
    {
        string text = Normalize(raw);
        var sections = new List<SpecSection>();
        var paragraphs = new List<(SpecSection Section, string Text)>();
        var lines = raw.Replace("\r\n", "\n").Split('\n');

        var section = new SpecSection("os", []);
        sections.Add(section);
        var current = new StringBuilder();
        bool seeAlso = false, lastWasHeading = false;

        void Flush()
        {
            if (current.Length > 0)
                paragraphs.Add((section, Normalize(current.ToString())));
            current.Clear();
        }

        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i];
            string t = Normalize(line);
            if (i == 0 && t == "os")
                continue; // the title
            if (t.Length == 0) { Flush(); continue; }

            var fh = FunctionHeading().Match(t);
            if (fh.Success || ConstantHeading().IsMatch(t))
            {
                Flush();
                seeAlso = false;
                string? fn = fh.Success ? fh.Groups["name"].Value : null;
                if (lastWasHeading)
                    section = ReplaceLast(sections, section with
                    {
                        Heading = section.Heading + " " + t,
                        Functions = fn is null ? section.Functions : [.. section.Functions, fn],
                    }, paragraphs);
                else
                {
                    section = new SpecSection(t, fn is null ? [] : [fn]);
                    sections.Add(section);
                }
                lastWasHeading = true;
                continue;
            }
            lastWasHeading = false;

            if (t == "See also") { Flush(); seeAlso = true; continue; }
            if (Labels.Contains(t)) { Flush(); seeAlso = false; continue; }
            if (ManPage().IsMatch(t)) { Flush(); continue; }
            if (seeAlso) seeAlso = false;

            if (current.Length == 0)
                foreach (var (prefix, heading, function) in LostHeadings)
                    if (t.StartsWith(prefix, StringComparison.Ordinal))
                    {
                        section = new SpecSection(heading, [function]);
                        sections.Add(section);
                    }

            if (t.StartsWith('•'))
            {
                Flush();
                string item = t.TrimStart('•', ' ');
                if (!item.Contains(' ') && NextIsNested(lines, i))
                    continue; // a label such as "flags" whose text is the indented block below
                current.Append(item);
                Flush();
                continue;
            }
            if (current.Length > 0)
                current.Append(' ');
            current.Append(t);
        }
        Flush();

        var sentences = new List<SpecSentence>();
        int cursor = 0;
        foreach (var (sec, para) in paragraphs)
        {
            foreach (var piece in SentenceBreak().Split(para))
            {
                string s = piece.Trim();
                if (s.Length == 0 || ManPageSentence().IsMatch(s))
                    continue;
                int at = text.IndexOf(s, cursor, StringComparison.Ordinal);
                if (at < 0)
                    throw new InvalidOperationException($"spec sentence not found in the normalised text: {s}");
                sentences.Add(new SpecSentence(sentences.Count, sec, s, at, at + s.Length));
                cursor = at + s.Length;
            }
        }
        return new SpecDocument(text, sections, sentences);
    }

    private static SpecSection ReplaceLast(List<SpecSection> sections, SpecSection replacement, List<(SpecSection Section, string Text)> paragraphs)
    {
        var old = sections[^1];
        sections[^1] = replacement;
        for (int i = 0; i < paragraphs.Count; i++)
            if (ReferenceEquals(paragraphs[i].Section, old))
                paragraphs[i] = (replacement, paragraphs[i].Text);
        return replacement;
    }

    private static bool NextIsNested(string[] lines, int i)
    {
        int indent = lines[i].Length - lines[i].TrimStart().Length;
        for (int j = i + 1; j < lines.Length; j++)
        {
            if (lines[j].Trim().Length == 0)
                continue;
            int next = lines[j].Length - lines[j].TrimStart().Length;
            return next > indent && !lines[j].TrimStart().StartsWith('•');
        }
        return false;
    }

    /// <summary>
    /// The sentences a quote covers. The quote must occur verbatim (after normalisation); among its
    /// occurrences, one inside the section of <paramref name="function"/> wins, then one that
    /// starts and ends on sentence boundaries, then the first. Empty when it covers no sentence.
    /// </summary>
    public IReadOnlyList<SpecSentence> Locate(string quote, string? function)
    {
        string q = Normalize(quote);
        if (q.Length == 0)
            return [];
        List<SpecSentence>? best = null;
        int bestScore = -1;
        for (int at = Text.IndexOf(q, StringComparison.Ordinal); at >= 0; at = Text.IndexOf(q, at + 1, StringComparison.Ordinal))
        {
            int end = at + q.Length;
            var covered = Sentences.Where(s => s.Start < end && at < s.End).ToList();
            if (covered.Count == 0)
                continue;
            bool inSection = function is not null && covered.All(s => s.Section.Functions.Count == 0 || s.Section.Functions.Contains(function));
            bool aligned = covered[0].Start == at && covered[^1].End == end;
            int score = (inSection ? 2 : 0) + (aligned ? 1 : 0);
            if (score > bestScore)
            {
                best = covered;
                bestScore = score;
            }
        }
        return best ?? [];
    }
}
