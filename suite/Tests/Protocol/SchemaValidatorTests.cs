using NUnit.Framework;
using System.Text.Json.Nodes;
using OsConformance.Protocol;

namespace OsConformance.Suite.Tests.Protocol;

public class SchemaValidatorTests
{
    const string Start = """{"id":1,"protocol":1,"implementation":{"name":"x","version":"1"},"platform":{"os":"linux","arch":"x64","kernel":"6","libc":"glibc 2.36"},"capabilities":{"functions":["getpid"],"constants":{"O_RDONLY":0},"extensions":[],"ops":["fork"]}}""";

    static IReadOnlyList<SchemaViolation> Reply(string json, string op) => SchemaValidator.ValidateReply(JsonNode.Parse(json), op);

    [TestCase("start", Start)]
    [TestCase("call", """{"id":2,"value":3}""")]
    [TestCase("call", """{"id":2,"value":null}""")]
    [TestCase("call", """{"id":3,"value":5,"buffers":{"1":{"$buffer":"68656c6c6f00"}}}""")]
    [TestCase("call", """{"id":2,"thrown":{"kind":"system","name":"Error","message":"m","errno":"EEXIST","code":17,"syscall":"open","path":"a.txt"}}""")]
    [TestCase("call", """{"id":2,"thrown":{"kind":"type","name":"TypeError","message":"m","errno":null,"code":null}}""")]
    [TestCase("fork", """{"id":4,"pid":1234}""")]
    [TestCase("repeat", """{"id":5,"n":10000,"elapsed_ns":2300000}""")]
    [TestCase("repeat", """{"id":5,"thrown":{"kind":"error","name":"Error","message":"m","errno":null,"code":null}}""")]
    [TestCase("stop", """{"id":6,"stopped":true}""")]
    [TestCase("call", """{"id":7,"fault":"unknown fn"}""")]
    public void Accepts_good_replies(string op, string json) => Assert.That(Reply(json, op), Is.Empty);

    [TestCase("start", """{"id":1,"protocol":1}""", "", "required")]
    [TestCase("start", """{"id":1,"protocol":"1","implementation":{"name":"x","version":"1"},"platform":{"os":"linux","arch":"x64","kernel":"6","libc":"g"},"capabilities":{"functions":[],"constants":{},"extensions":[],"ops":[]}}""", "/protocol", "integer")]
    [TestCase("start", """{"id":1,"protocol":1,"implementation":{"name":"x","version":"1"},"platform":{"os":"linux","arch":"x64","kernel":"6","libc":"g"},"capabilities":{"functions":[],"constants":{"O_RDONLY":0.5},"extensions":[],"ops":[]}}""", "/capabilities/constants/O_RDONLY", "integer")]
    [TestCase("call", """{"id":2}""", "", "oneOf")]
    [TestCase("call", """{"id":2,"value":1,"thrown":{"kind":"type","name":"T","message":"m","errno":null,"code":null}}""", "", "oneOf")]
    [TestCase("call", """{"id":2,"value":{"$buffer":"ABCD"}}""", "/value/$buffer", "pattern")]
    [TestCase("call", """{"id":2,"value":{"pid":1}}""", "/value/pid", "enum")]
    [TestCase("call", """{"id":2,"value":{"$step":[0]}}""", "/value/$step", "enum")]
    [TestCase("call", """{"id":2,"value":1,"extra":true}""", "/extra", "unexpected property")]
    [TestCase("call", """{"id":2,"thrown":{"kind":"system","name":"Error","message":"m","errno":null,"code":2}}""", "/thrown/errno", "string")]
    [TestCase("call", """{"id":2,"thrown":{"kind":"oops","name":"Error","message":"m","errno":null,"code":null}}""", "/thrown/kind", "enum")]
    [TestCase("call", """{"id":2,"value":1,"buffers":{"x":{"$buffer":"00"}}}""", "/buffers/x", "property name expected a string matching")]
    [TestCase("fork", """{"id":4,"pid":0}""", "/pid", "minimum")]
    [TestCase("stop", """{"id":6,"stopped":false}""", "/stopped", "const")]
    [TestCase("stop", """{"id":"6","stopped":true}""", "/id", "integer")]
    [TestCase("call", """{"id":7,"fault":""}""", "/fault", "minLength")]
    public void Rejects_bad_replies_naming_pointer_and_expectation(string op, string json, string pointer, string expected)
    {
        var violations = Reply(json, op);
        Assert.That(violations, Is.Not.Empty);
        Assert.That(violations.Select(v => v.MessageName), Has.All.EqualTo(op + " reply"));
        Assert.That(violations.Any(v => v.Pointer == pointer && v.Expected.Contains(expected)),
            $"no violation at '{pointer}' mentioning '{expected}' in: {string.Join(" | ", violations)}");
    }

    [Test]
    public void Enum_violations_quote_the_allowed_values()
    {
        var v = Reply("""{"id":2,"value":{"$number":"nan"}}""", "call");
        Assert.That(v.Single().ToString(), Is.EqualTo("""call reply: /value/$number: expected one of "NaN", "Infinity", "-Infinity", got "nan" (enum)"""));
    }

    [TestCase("""{"id":1,"op":"start","protocol":1}""")]
    [TestCase("""{"id":2,"op":"call","fn":"open","args":["a.txt","w",420,{"$undefined":true}]}""")]
    [TestCase("""{"id":4,"op":"fork","report":"/r","exit":0,"steps":[{"fn":"getpid","args":[]},{"fn":"close","args":[{"$step":[0,1]},[{"$step":[1]}]]}]}""")]
    [TestCase("""{"id":5,"op":"repeat","fn":"getpid","args":[],"n":10}""")]
    [TestCase("""{"id":6,"op":"stop"}""")]
    public void Accepts_good_requests(string json) => Assert.That(SchemaValidator.ValidateRequest(JsonNode.Parse(json)), Is.Empty);

    [TestCase("""{"id":1,"op":"start"}""", "")]
    [TestCase("""{"id":2,"op":"call","fn":"open","args":[{"$step":[0]}]}""", "/args/0/$step")]
    [TestCase("""{"id":2,"op":"call","fn":"open"}""", "")]
    [TestCase("""{"id":3,"op":"dance"}""", "/op")]
    [TestCase("""{"id":4,"op":"fork","report":"/r","steps":[{"fn":"x","args":[{"$step":[-1]}]}]}""", "/steps/0/args/0/$step/0")]
    [TestCase("""{"op":"stop"}""", "")]
    public void Rejects_bad_requests(string json, string pointer)
    {
        var violations = SchemaValidator.ValidateRequest(JsonNode.Parse(json));
        Assert.That(violations.Select(v => v.Pointer), Has.Member(pointer), string.Join(" | ", violations));
    }

    [TestCase("""{"forked":0}""")]
    [TestCase("""{"step":0,"value":1234}""")]
    [TestCase("""{"step":1,"thrown":{"kind":"system","name":"Error","message":"m","errno":"EBADF","code":9}}""")]
    public void Accepts_good_report_lines(string json) => Assert.That(SchemaValidator.ValidateReportLine(JsonNode.Parse(json)), Is.Empty);

    [TestCase("""{"step":0}""")]
    [TestCase("""{"step":-1,"value":1}""")]
    [TestCase("""{"forked":0,"step":0}""")]
    [TestCase("""{"value":1}""")]
    public void Rejects_bad_report_lines(string json) => Assert.That(SchemaValidator.ValidateReportLine(JsonNode.Parse(json)), Is.Not.Empty);
}
