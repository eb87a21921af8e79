using System.Text.Json.Nodes;
using Json.Schema;

namespace OsConformance.Reports;

/// <summary>The embedded docs/schemas/results.schema.json and validation against it.</summary>
public static class ResultsSchema
{
    public const string ResourceName = "schemas/results.schema.json";
    private const int MaxErrorsShown = 5;

    private static readonly Lazy<JsonSchema> Schema = new(() => LoadEmbedded(ResourceName));

    /// <summary>The schema text as shipped in this assembly.</summary>
    public static string Text()
    {
        using var stream = typeof(ResultsSchema).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"embedded resource {ResourceName} is missing");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    internal static JsonSchema LoadEmbedded(string resource)
    {
        using var stream = typeof(ResultsSchema).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"embedded resource {resource} is missing");
        return JsonSchema.FromStream(stream).AsTask().GetAwaiter().GetResult();
    }

    /// <summary>Throws <see cref="ResultsFormatException"/> listing where the document breaks the schema.</summary>
    public static void Validate(JsonNode document, string source) => Validate(Schema.Value, ResourceName, document, source);

    /// <summary>Validates against another embedded schema (expectations, matrix) with the same error wording.</summary>
    internal static void Validate(JsonSchema schema, string resourceName, JsonNode document, string source)
    {
        var result = schema.Evaluate(document, new EvaluationOptions
        {
            OutputFormat = OutputFormat.List,
            RequireFormatValidation = true,
        });
        if (result.IsValid) return;

        var problems = new List<string>();
        foreach (var d in result.Details.Prepend(result))
        {
            if (d.Errors is not { Count: > 0 } errors) continue;
            var where = d.InstanceLocation.ToString();
            foreach (var (keyword, message) in errors)
            {
                // Schema-combining keywords repeat the errors of their subschemas: skip the echo.
                if (keyword is "$ref" or "items" or "properties" or "allOf") continue;
                var line = $"{(where.Length == 0 ? "/" : where)}{CaseHint(document, where)}: {message}";
                if (keyword is "enum" or "const" or "type" or "format" or "minimum" or "minLength")
                    line += $" (found {ResultsJson.Show(At(document, where))})";
                if (keyword == "enum" && where.EndsWith("/status", StringComparison.Ordinal))
                    line += $"; statuses are {string.Join(", ", CaseStatusNames.All.Select(s => s.ToWire()))}";
                if (!problems.Contains(line)) problems.Add(line);
            }
        }
        if (problems.Count == 0) problems.Add("it does not match the schema");
        var shown = string.Join("; ", problems.Take(MaxErrorsShown));
        if (problems.Count > MaxErrorsShown) shown += $"; and {problems.Count - MaxErrorsShown} more";
        throw new ResultsFormatException(source, $"does not match {resourceName}: {shown}");
    }

    // "/cases/12/status" is hard to find in a large file; the case id is not.
    private static string CaseHint(JsonNode doc, string pointer)
    {
        var parts = pointer.Split('/');
        if (parts.Length >= 3 && parts[1] is "cases" or "entries" && int.TryParse(parts[2], out int i)
            && doc[parts[1]] is JsonArray cases && i < cases.Count
            && cases[i] is JsonObject c && c["id"] is JsonValue id && id.TryGetValue<string>(out var s))
            return parts[1] == "cases" ? $" (case {s})" : $" (entry {s})";
        return "";
    }

    private static JsonNode? At(JsonNode doc, string pointer)
    {
        JsonNode? node = doc;
        foreach (var raw in pointer.Split('/').Skip(1))
        {
            var part = raw.Replace("~1", "/").Replace("~0", "~");
            node = node switch
            {
                JsonObject o => o[part],
                JsonArray a when int.TryParse(part, out int i) && i < a.Count => a[i],
                _ => null,
            };
            if (node is null) return null;
        }
        return node;
    }
}
