using System.Text.RegularExpressions;
using NUnit.Framework.Interfaces;

namespace OsConformance.Suite.Infrastructure;

/// <summary>The metadata every case carries: id, function, spec quote or decision anchor, tags.</summary>
public sealed partial record CaseMeta(string Id, string Function, string? Spec, string? Decision, IReadOnlyList<string> Tags)
{
    // NUnit property names under which the metadata travels on a test.
    public const string IdProperty = "osc.id";
    public const string FunctionProperty = "osc.function";
    public const string SpecProperty = "osc.spec";
    public const string DecisionProperty = "osc.decision";

    [GeneratedRegex(@"^[A-Za-z0-9_.+=,@-]+$")]
    private static partial Regex Segment();
    [GeneratedRegex(@"^[a-z0-9][a-z0-9-]*$")]
    private static partial Regex TagSyntax();

    public static IReadOnlyList<string> SplitTags(string? tags) =>
        (tags ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Every problem with this metadata, or an empty list when it is valid.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        var segments = Id.Split('/');
        if (Id.Length > 200)
            problems.Add("id longer than 200 characters");
        if (segments.Length < 2 || segments.Any(s => s is "" or "." or ".." || !Segment().IsMatch(s)))
            problems.Add($"id '{Id}' is not well formed: two or more '/'-separated segments of [A-Za-z0-9_.+=,@-], none '.' or '..'");
        if (!Functions.IsDocumented(Function))
            problems.Add($"function '{Function}' is not one of the 51 documented functions");
        if ((Spec is null) == (Decision is null))
            problems.Add("give exactly one of Spec (a verbatim quote) and Decision (docs/decisions.md#anchor)");
        if (Spec is not null)
        {
            try
            {
                var doc = SpecDocument.Current;
                if (doc.Locate(Spec, Function).Count == 0)
                    problems.Add(doc.Text.Contains(SpecDocument.Normalize(Spec), StringComparison.Ordinal)
                        ? $"spec quote is not (part of) a sentence of {SpecDocument.RelativePath}: \"{Spec}\""
                        : $"spec quote not found verbatim in {SpecDocument.RelativePath}: \"{Spec}\"");
            }
            catch (Exception e) when (e is IOException or InvalidOperationException or UnauthorizedAccessException)
            {
                problems.Add($"cannot read the spec: {e.Message}");
            }
        }
        if (Decision is not null)
        {
            try
            {
                if (!Decisions.Anchors.Contains(Decision))
                    problems.Add($"decision '{Decision}' is not an anchor of {Decisions.RelativePath} (expected {Decisions.Prefix}<heading>)");
            }
            catch (Exception e) when (e is IOException or InvalidOperationException or UnauthorizedAccessException)
            {
                problems.Add($"cannot read the decisions: {e.Message}");
            }
        }
        foreach (var tag in Tags.Where(t => !TagSyntax().IsMatch(t)))
            problems.Add($"tag '{tag}' is not lower-case kebab-case");
        if (!Tags.Any(Infrastructure.Tags.IsFamily))
            problems.Add("no family tag (a tag other than needs-root, needs-tty, linux-only, macos-only)");
        if (Tags.Contains(Infrastructure.Tags.LinuxOnly) && Tags.Contains(Infrastructure.Tags.MacosOnly))
            problems.Add("linux-only and macos-only together");
        return problems;
    }

    public static string InvalidMessage(string id, IReadOnlyList<string> problems) =>
        $"invalid case metadata for '{id}': " + string.Join("; ", problems);

    /// <summary>Reads the metadata back from a built test; null if it has none.</summary>
    public static CaseMeta? Of(ITest test)
    {
        if (test.Properties.Get(IdProperty) is not string id)
            return null;
        return new CaseMeta(id,
            test.Properties.Get(FunctionProperty) as string ?? "",
            test.Properties.Get(SpecProperty) as string,
            test.Properties.Get(DecisionProperty) as string,
            test.Properties[NUnit.Framework.Internal.PropertyNames.Category].OfType<string>().Distinct().ToList());
    }

    /// <summary>Writes the metadata as NUnit properties and categories.</summary>
    internal void WriteTo(IPropertyBag properties)
    {
        properties.Set(IdProperty, Id);
        properties.Set(FunctionProperty, Function);
        if (Spec is not null) properties.Set(SpecProperty, Spec);
        if (Decision is not null) properties.Set(DecisionProperty, Decision);
        foreach (var tag in Tags)
            properties.Add(NUnit.Framework.Internal.PropertyNames.Category, tag);
    }
}
