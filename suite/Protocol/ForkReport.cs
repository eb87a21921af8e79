using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OsConformance.Protocol;

/// <summary>A fork or repeat request was answered with `thrown`: the harness is fine, the call failed.</summary>
public sealed class HarnessThrewException(string fn, JsError error) : Exception($"{fn} threw {error}")
{
    public JsError Error { get; } = error;
}

/// <summary>A fork child's report: what os.fork() returned in the child, then one outcome per completed step.</summary>
public sealed record ForkReportContents(JsValue? Forked, IReadOnlyList<CallOutcome> Steps);

/// <summary>Reads a fork child's report file: a {"forked": v} line, then one JSON line per completed step.</summary>
public static partial class ForkReport
{
    /// <summary>The step outcomes in step order (index = step); see <see cref="ReadFull"/>.</summary>
    public static IReadOnlyList<CallOutcome> Read(string path) => ReadFull(path).Steps;

    /// <summary>
    /// A missing or empty file has no forked value and no steps: the child never got as far as
    /// writing. Every line is checked against report-line.schema.json; the first must be the
    /// forked line and the steps must follow in order. Anything else, or an unterminated last
    /// line, is a ProtocolViolationException.
    /// </summary>
    public static ForkReportContents ReadFull(string path)
    {
        if (!File.Exists(path))
            return new(null, []);
        var text = File.ReadAllText(path, new UTF8Encoding(false, true));
        if (text.Length == 0)
            return new(null, []);
        if (!text.EndsWith('\n'))
            throw new ProtocolViolationException($"report {path}: the last line is unterminated", text[(text.LastIndexOf('\n') + 1)..]);
        JsValue? forked = null;
        var outcomes = new List<CallOutcome>();
        var lines = text[..^1].Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var name = $"report line {i + 1}";
            JsonNode? node;
            try
            {
                node = JsonNode.Parse(line);
            }
            catch (JsonException e)
            {
                throw new ProtocolViolationException($"report {path}: {name} is not JSON: {e.Message}", line);
            }
            var violations = SchemaValidator.ValidateReportLine(node, name);
            if (violations.Count > 0)
                throw new ProtocolViolationException($"report {path}: {string.Join("; ", violations)}", line, violations);
            var o = node!.AsObject();
            if (i == 0)
            {
                if (!o.ContainsKey("forked"))
                    throw new ProtocolViolationException($"report {path}: the first line must be {{\"forked\": ...}}", line,
                        [new SchemaViolation(name, "", "the forked line first (expected a forked key)")]);
                forked = JsonCodec.Decode(o["forked"]);
                continue;
            }
            if (o.ContainsKey("forked"))
                throw new ProtocolViolationException($"report {path}: {name} repeats the forked line", line,
                    [new SchemaViolation(name, "/forked", "a step line (the forked line comes once, first)")]);
            int step = o["step"]!.GetValue<int>();
            if (step != outcomes.Count)
                throw new ProtocolViolationException($"report {path}: {name} is for step {step}, expected {outcomes.Count}", line,
                    [new SchemaViolation(name, "/step", $"step {outcomes.Count}, got {step}")]);
            outcomes.Add(new CallOutcome(
                o.ContainsKey("value") ? JsonCodec.Decode(o["value"]) : null,
                o["thrown"] is JsonNode t ? JsonCodec.DecodeError(t) : null,
                JsonCodec.DecodeBuffers(o["buffers"])));
        }
        return new(forked, outcomes);
    }
}
