using NUnit.Framework;
using System.Text.Json.Nodes;
using OsConformance.Protocol;

namespace OsConformance.Suite.Tests.Protocol;

public class JsonCodecTests
{
    static IEnumerable<TestCaseData> Values()
    {
        yield return new TestCaseData(new JsNumber(3), "3").SetName("number integer");
        yield return new TestCaseData(new JsNumber(-1.5), "-1.5").SetName("number fraction");
        yield return new TestCaseData(new JsNumber(double.NaN), """{"$number":"NaN"}""").SetName("number NaN");
        yield return new TestCaseData(new JsNumber(double.PositiveInfinity), """{"$number":"Infinity"}""").SetName("number +Infinity");
        yield return new TestCaseData(new JsNumber(double.NegativeInfinity), """{"$number":"-Infinity"}""").SetName("number -Infinity");
        yield return new TestCaseData(new JsString("hé\"\n"), "\"hé\\\"\\n\"").SetName("string");
        yield return new TestCaseData(new JsBool(true), "true").SetName("boolean");
        yield return new TestCaseData(JsValue.Null, "null").SetName("null");
        yield return new TestCaseData(JsValue.Undefined, """{"$undefined":true}""").SetName("undefined");
        yield return new TestCaseData(new JsBuffer([0x68, 0x69, 0x0a, 0xff]), """{"$buffer":"68690aff"}""").SetName("buffer");
        yield return new TestCaseData(new JsBuffer([]), """{"$buffer":""}""").SetName("buffer empty");
        yield return new TestCaseData(new JsDate(1700000000123), """{"$date":1700000000123}""").SetName("date");
        yield return new TestCaseData(new JsDate(null), """{"$date":null}""").SetName("date invalid");
        yield return new TestCaseData(JsValue.Array(3, "a", JsValue.Array()), """[3,"a",[]]""").SetName("array");
        yield return new TestCaseData(new JsObject(new Dictionary<string, JsValue> { ["pid"] = 12, ["x"] = JsValue.Undefined }),
            """{"$object":{"pid":12,"x":{"$undefined":true}}}""").SetName("object");
        yield return new TestCaseData(JsValue.StepRef(0), """{"$step":[0]}""").SetName("step ref");
        yield return new TestCaseData(JsValue.StepRef(2, 1), """{"$step":[2,1]}""").SetName("step ref element");
    }

    [TestCaseSource(nameof(Values))]
    public void Encodes_and_decodes_back(JsValue value, string json)
    {
        Assert.That(JsonCodec.ToLine(value), Is.EqualTo(json));
        Assert.That(JsonCodec.FromLine(json), Is.EqualTo(value));
    }

    [TestCaseSource(nameof(Values))]
    public void Encoded_values_match_their_schema(JsValue value, string json)
    {
        var node = JsonNode.Parse(json);
        var violations = value is JsStepRef
            ? SchemaValidator.Validate(node, SchemaValidator.ValueSchema, "step_value", "value")
            : SchemaValidator.ValidateValue(node);
        Assert.That(violations, Is.Empty);
    }

    [TestCaseSource(nameof(Values))]
    public void Decodes_nodes_built_in_memory(JsValue value, string json) =>
        Assert.That(JsonCodec.Decode(JsonCodec.Encode(value)), Is.EqualTo(value));

    [Test]
    public void Negative_zero_survives()
    {
        var back = JsonCodec.FromLine(JsonCodec.ToLine(new JsNumber(-0.0)));
        Assert.That(back, Is.TypeOf<JsNumber>());
        Assert.That(double.IsNegative(((JsNumber)back).Value), Is.True);
    }

    [Test]
    public void Errors_round_trip()
    {
        var error = new JsError("system", "Error", "[errno 2] No such file or directory", "ENOENT", 2, "open", "/tmp/x");
        var node = JsonCodec.EncodeError(error);
        Assert.That(JsonCodec.DecodeError(JsonNode.Parse(node.ToJsonString())), Is.EqualTo(error));
        Assert.That(JsonCodec.DecodeError(node), Is.EqualTo(error));
        Assert.That(SchemaValidator.Validate(node, SchemaValidator.ValueSchema, "error", "error"), Is.Empty);
        var typeError = new JsError("type", "TypeError", "bad", null, null, null, null);
        Assert.That(JsonCodec.DecodeError(JsonCodec.EncodeError(typeError)), Is.EqualTo(typeError));
    }

    [TestCase("""{"$number":"nan"}""")]
    [TestCase("""{"$buffer":"6G"}""")]
    [TestCase("""{"$buffer":"abc"}""")]
    [TestCase("""{"a":1,"b":2}""")]
    [TestCase("""{"$nope":1}""")]
    public void Decoding_a_bad_tag_throws(string json) =>
        Assert.That(() => JsonCodec.FromLine(json), Throws.InstanceOf<FormatException>());
}
