using System.Text;
using System.Text.Json;
using NUnit.Framework;
using OsConformance.Harness;

namespace OsConformance.Reference.Tests.Harness;

/// <summary>The harness's value encodings (docs/protocol.md, "Values"), decoded and written back.</summary>
public sealed class CodecTests
{
    private static string Write(object? value)
    {
        var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, Session.WriterOptions)) Codec.Write(w, value);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static object? Decode(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return Codec.Decode(doc.RootElement, null);
    }

    // Every encoding in its one canonical form comes back unchanged.
    [TestCase("3")]
    [TestCase("-2.5")]
    [TestCase("\"héllo\"")]
    [TestCase("true")]
    [TestCase("false")]
    [TestCase("null")]
    [TestCase("{\"$undefined\":true}")]
    [TestCase("{\"$number\":\"NaN\"}")]
    [TestCase("{\"$number\":\"Infinity\"}")]
    [TestCase("{\"$number\":\"-Infinity\"}")]
    [TestCase("{\"$buffer\":\"00ff7f\"}")]
    [TestCase("{\"$buffer\":\"\"}")]
    [TestCase("{\"$date\":1700000000123}")]
    [TestCase("{\"$date\":null}")]
    [TestCase("[]")]
    [TestCase("[1,[2,[\"x\"]],{\"$object\":{}}]")]
    [TestCase("{\"$object\":{\"a\":{\"$object\":{\"b\":null}},\"c\":[{\"$undefined\":true}]}}")]
    public void CanonicalEncodings_RoundTrip(string json) => Assert.That(Write(Decode(json)), Is.EqualTo(json));

    [Test]
    public void Decode_GivesTheHarnessValueModel()
    {
        Assert.That(Decode("{\"$buffer\":\"00ff\"}"), Is.EqualTo(new byte[] { 0, 255 }));
        Assert.That(Decode("{\"$date\":1.5}"), Is.EqualTo(new JsDate(1.5)));
        Assert.That(Decode("{\"$undefined\":true}"), Is.SameAs(Undefined.Value));
        Assert.That(Decode("{\"$number\":\"-Infinity\"}"), Is.EqualTo(double.NegativeInfinity));
        var o = (JsObject)Decode("{\"$object\":{\"k\":\"v\",\"n\":1}}")!;
        Assert.That(o.Props, Is.EqualTo(new[] { new KeyValuePair<string, object?>("k", "v"), new("n", 1.0) }));
    }

    [Test]
    public void Numbers_IntegralAsIntegers_OthersAsDoubles_LikeJsonStringify()
    {
        Assert.That(Write(-0.0), Is.EqualTo("0"));
        Assert.That(Write(1e15), Is.EqualTo("1000000000000000"));
        Assert.That(Write(9007199254740991.0), Is.EqualTo("9007199254740991"));
        Assert.That(Write(0.1), Is.EqualTo("0.1"));
        // From 2^53 on an integer is not exact: written as the double it is, still a JSON number of that value.
        Assert.That(double.Parse(Write(9007199254740992.0)), Is.EqualTo(9007199254740992.0));
        Assert.That(double.Parse(Write(1e21)), Is.EqualTo(1e21));
    }

    [Test]
    public void InvalidDate_IsNull()
    {
        Assert.That(Write(new JsDate(double.NaN)), Is.EqualTo("{\"$date\":null}"));
        Assert.That(Write(new JsDate(double.PositiveInfinity)), Is.EqualTo("{\"$date\":null}"));
    }

    [Test]
    public void StepRefs_DecodeOnlyInsideForkSteps_AndOnlyBackwards()
    {
        Assert.That(((StepRef)Codec.Decode(Element("{\"$step\":[1]}"), 2)!), Is.EqualTo(new StepRef(1, null)));
        Assert.That(((StepRef)Codec.Decode(Element("{\"$step\":[0,3]}"), 1)!), Is.EqualTo(new StepRef(0, 3)));
        Assert.That(Assert.Throws<FaultException>(() => Codec.Decode(Element("{\"$step\":[1]}"), 1))!.Message,
            Is.EqualTo("$step [1] does not refer to an earlier step"));
        Assert.That(Assert.Throws<FaultException>(() => Codec.Decode(Element("{\"$step\":[0]}"), null))!.Message,
            Is.EqualTo("$step is only valid inside fork steps"));
    }

    [Test]
    public void Buffer_HexMustBeLowerCase()
    {
        Assert.That(Assert.Throws<FaultException>(() => Decode("{\"$buffer\":\"0A\"}"))!.Message,
            Is.EqualTo("$buffer must be lower-case hex"));
    }

    [Test]
    public void AValueOutsideTheModel_IsNotWritten()
    {
        var e = Assert.Throws<InvalidOperationException>(() => Write(42));
        Assert.That(e!.Message, Is.EqualTo("no encoding for Int32"), "an int must have been made a double (Number) first");
    }

    private static JsonElement Element(string json) => JsonDocument.Parse(json).RootElement;
}
