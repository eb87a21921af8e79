using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Json.Schema;

namespace OsConformance.Protocol;

/// <summary>One way a message breaks a schema: which message, where (a JSON pointer) and what was expected.</summary>
public sealed record SchemaViolation(string MessageName, string Pointer, string Expected)
{
    /// <summary>The pointer as shown to people: "(root)" for the whole message.</summary>
    public string Where => Pointer.Length == 0 ? "(root)" : Pointer;
    public override string ToString() => $"{MessageName}: {Where}: {Expected}";
}

/// <summary>
/// Validates protocol messages against the normative schemas in docs/schemas, embedded in this
/// assembly as "schemas/&lt;file&gt;". All schemas share one registry so their cross-file $refs resolve.
/// </summary>
public static class SchemaValidator
{
    public const string ValueSchema = "value.schema.json";
    public const string RequestSchema = "request.schema.json";
    public const string ReplySchema = "reply.schema.json";
    public const string ReportLineSchema = "report-line.schema.json";

    static readonly string[] Files = [ValueSchema, RequestSchema, ReplySchema, ReportLineSchema];
    static readonly Lazy<(EvaluationOptions Options, Dictionary<string, JsonSchema> Roots)> Loaded = new(Load);
    // Raw schema documents by resource $id (embedded resources too), to quote what a keyword expected.
    static readonly Dictionary<string, JsonNode> Documents = [];
    static readonly ConcurrentDictionary<string, JsonSchema> Pointers = new();

    public static string ReadSchemaText(string file)
    {
        using var stream = typeof(SchemaValidator).Assembly.GetManifestResourceStream("schemas/" + file)
            ?? throw new InvalidOperationException($"schema {file} is not embedded");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    static (EvaluationOptions, Dictionary<string, JsonSchema>) Load()
    {
        var options = new EvaluationOptions { OutputFormat = OutputFormat.List };
        var roots = new Dictionary<string, JsonSchema>();
        foreach (var file in Files)
        {
            var text = ReadSchemaText(file);
            IndexResources(JsonNode.Parse(text)!);
            var schema = JsonSchema.FromText(text);
            options.SchemaRegistry.Register(schema);
            roots[file] = schema;
        }
        return (options, roots);
    }

    static void IndexResources(JsonNode node)
    {
        if (node is JsonObject o)
        {
            if (o["$id"] is JsonValue id && id.GetValueKind() == System.Text.Json.JsonValueKind.String)
                Documents[id.GetValue<string>()] = o;
            foreach (var (_, child) in o)
                if (child is not null) IndexResources(child);
        }
        else if (node is JsonArray a)
            foreach (var child in a)
                if (child is not null) IndexResources(child);
    }

    /// <summary>The schema of a file, or of one of its definitions ("#/$defs/call").</summary>
    static JsonSchema SchemaFor(string file, string? def)
    {
        var (_, roots) = Loaded.Value;
        if (def is null)
            return roots[file];
        return Pointers.GetOrAdd(file + "#" + def, _ =>
        {
            var root = roots[file];
            if (root.GetKeyword<DefsKeyword>()?.Definitions.ContainsKey(def) != true)
                throw new ArgumentException($"{file} has no definition {def}", nameof(def));
            return new JsonSchemaBuilder().Ref(new Uri(root.GetId()!.OriginalString + "#/$defs/" + def)).Build();
        });
    }

    public static IReadOnlyList<SchemaViolation> Validate(JsonNode? instance, string file, string? def, string messageName)
    {
        var (options, _) = Loaded.Value;
        var result = SchemaFor(file, def).Evaluate(instance, options);
        if (result.IsValid)
            return [];
        var violations = new List<SchemaViolation>();
        var details = result.Details.Prepend(result).ToList();
        var errorsByPath = new Dictionary<string, IReadOnlyDictionary<string, string>?>();
        foreach (var d in details)
            errorsByPath.TryAdd(d.EvaluationPath.ToString(), d.Errors);
        foreach (var detail in details)
        {
            var path = detail.EvaluationPath.ToString();
            if (detail.IsValid || detail.Errors is null || IsConditional(path) || InPassedCombinator(path, errorsByPath))
                continue;
            foreach (var (keyword, message) in detail.Errors)
            {
                var v = new SchemaViolation(messageName, detail.InstanceLocation.ToString(), Explain(keyword, message, detail, instance));
                if (!violations.Contains(v))
                    violations.Add(v);
            }
        }
        if (violations.Count == 0)
            violations.Add(new SchemaViolation(messageName, "", "does not match " + file + (def is null ? "" : "#/$defs/" + def)));
        return violations;
    }

    // Failures under "if" and "not" are how those keywords work, not violations.
    static bool IsConditional(string evaluationPath) =>
        evaluationPath.Split('/').Any(segment => segment is "if" or "not");

    /// <summary>
    /// A failed branch of a oneOf/anyOf that as a whole passed is no violation (the sibling branch
    /// matched); only when the combinator itself failed are its branches' errors worth showing.
    /// </summary>
    static bool InPassedCombinator(string evaluationPath, Dictionary<string, IReadOnlyDictionary<string, string>?> errorsByPath)
    {
        var segments = evaluationPath.Split('/');
        for (int i = 1; i < segments.Length - 1; i++)
        {
            if (segments[i] is not ("oneOf" or "anyOf"))
                continue;
            var parent = string.Join('/', segments[..i]);
            if (!errorsByPath.TryGetValue(parent, out var errors) || errors is null || !errors.ContainsKey(segments[i]))
                return true;
        }
        return false;
    }

    /// <summary>What was expected, quoting the schema where the library's message does not.</summary>
    static string Explain(string keyword, string message, EvaluationResults detail, JsonNode? instance)
    {
        // JsonSchema.Net says "All values fail against the false schema" for additionalProperties: false.
        if (keyword == "" || message.Contains("false schema", StringComparison.Ordinal))
            return "unexpected property (not allowed here)";
        var expected = KeywordValue(detail.SchemaLocation, keyword);
        // Under propertyNames the instance location names the property: the key is what failed.
        bool isKey = detail.EvaluationPath.ToString().Split('/').Contains("propertyNames");
        string got = isKey ? JsonCodec.ToLine(JsonValue.Create(detail.InstanceLocation.ToString().Split('/')[^1].Replace("~1", "/").Replace("~0", "~")))
            : detail.InstanceLocation.TryEvaluate(instance, out var node) ? JsonCodec.ToLine(node) : "?";
        if (got.Length > 80)
            got = got[..80] + "...";
        var what = isKey ? "property name " : "";
        return keyword switch
        {
            "enum" when expected is JsonArray values => $"{what}expected one of {string.Join(", ", values.Select(JsonCodec.ToLine))}, got {got} (enum)",
            "const" when expected is not null => $"expected {JsonCodec.ToLine(expected)}, got {got} (const)",
            "pattern" when expected is not null => $"{what}expected a string matching {expected.GetValue<string>()}, got {got} (pattern)",
            "type" => $"{message}, got {got} (type)",
            _ => $"{message} ({keyword})",
        };
    }

    static JsonNode? KeywordValue(Uri schemaLocation, string keyword)
    {
        var text = schemaLocation.OriginalString;
        int hash = text.IndexOf('#');
        var resource = hash < 0 ? text : text[..hash];
        var pointer = hash < 0 ? "" : Uri.UnescapeDataString(text[(hash + 1)..]);
        if (!Documents.TryGetValue(resource, out var doc))
            return null;
        JsonNode? node = doc;
        foreach (var raw in pointer.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var token = raw.Replace("~1", "/").Replace("~0", "~");
            node = node switch
            {
                JsonObject o => o[token],
                JsonArray a when int.TryParse(token, out var i) && i < a.Count => a[i],
                _ => null,
            };
            if (node is null)
                return null;
        }
        return (node as JsonObject)?[keyword];
    }

    public static IReadOnlyList<SchemaViolation> ValidateValue(JsonNode? node, string messageName = "value") =>
        Validate(node, ValueSchema, null, messageName);

    public static IReadOnlyList<SchemaViolation> ValidateRequest(JsonNode? node, string messageName = "request") =>
        Validate(node, RequestSchema, null, messageName);

    /// <summary>Validates a reply against the definition for the op that was sent, or against fault when it has one.</summary>
    public static IReadOnlyList<SchemaViolation> ValidateReply(JsonNode? node, string op, string? messageName = null) =>
        Validate(node, ReplySchema, node is JsonObject o && o.ContainsKey("fault") ? "fault" : op, messageName ?? op + " reply");

    public static IReadOnlyList<SchemaViolation> ValidateReportLine(JsonNode? node, string messageName = "report line") =>
        Validate(node, ReportLineSchema, null, messageName);
}
