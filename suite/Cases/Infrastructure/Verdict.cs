using NUnit.Framework;
using OsConformance.Protocol;

namespace OsConformance.Suite.Infrastructure;

/// <summary>
/// Checks that record expected and actual (short strings, for the reports) and then assert.
/// The last check a case makes is the one reported: a failing check ends the case.
/// </summary>
public static class Verdict
{
    private const int MaxLength = 300;

    public static void Equal<T>(T expected, T actual, string what)
    {
        Record(Show(expected), Show(actual));
        if (!EqualityComparer<T>.Default.Equals(expected, actual))
            Assert.Fail($"{what}: expected {Show(expected)}, actual {Show(actual)}");
    }

    public static void That(bool condition, string what, string expected, string actual)
    {
        Record(expected, actual);
        if (!condition)
            Assert.Fail($"{what}: expected {Short(expected)}, actual {Short(actual)}");
    }

    /// <summary>The call must return; its value is returned. A throw fails the case with the error as actual.</summary>
    public static JsValue Returns(CallOutcome outcome, string what = "the call")
    {
        if (outcome.Thrown is { } error)
        {
            Record("a value", $"threw {error}");
            Assert.Fail($"{what}: expected a value, actual threw {Short(error.ToString())}");
        }
        var value = outcome.Value ?? JsValue.Undefined;
        Record("a value", Show(value));
        return value;
    }

    /// <summary>The call must throw a system error whose errno name is <paramref name="errno"/>.</summary>
    public static JsError Throws(CallOutcome outcome, string errno, string what = "the call")
    {
        string expected = $"throws {errno}";
        var error = outcome.Thrown;
        if (error is null)
        {
            Record(expected, $"returned {Show(outcome.Value)}");
            Assert.Fail($"{what}: expected {expected}, actual returned {Show(outcome.Value)}");
        }
        Record(expected, $"threw {error}");
        if (error!.Kind != "system")
            Assert.Fail($"{what}: expected {expected} (a system error), actual threw a {error.Kind} error {Short(error.ToString())}");
        if (error.Errno != errno)
            Assert.Fail($"{what}: expected {expected}, actual threw {Short(error.ToString())}");
        return error;
    }

    /// <summary>The call must throw an error of this kind: "type", "range", "error" or "system".</summary>
    public static JsError ThrowsKind(CallOutcome outcome, string kind, string what = "the call")
    {
        string expected = $"throws a {kind} error";
        var error = outcome.Thrown;
        if (error is null)
        {
            Record(expected, $"returned {Show(outcome.Value)}");
            Assert.Fail($"{what}: expected {expected}, actual returned {Show(outcome.Value)}");
        }
        Record(expected, $"threw a {error!.Kind} error: {error}");
        if (error.Kind != kind)
            Assert.Fail($"{what}: expected {expected}, actual threw a {error.Kind} error {Short(error.ToString())}");
        return error;
    }

    /// <summary>Ends the case as unsupported (the implementation or the platform lacks the feature).</summary>
    public static void Unsupported(string reason) => Assert.Inconclusive("unsupported: " + reason);

    /// <summary>Records expected and actual without asserting, for checks made another way.</summary>
    public static void Record(string? expected, string? actual)
    {
        var record = CaseRecords.Current;
        record.Expected = expected is null ? null : Short(expected);
        record.Actual = actual is null ? null : Short(actual);
    }

    public static string Show(object? value) => Short(value switch
    {
        null => "null",
        string s => System.Text.Json.JsonSerializer.Serialize(s),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    });

    private static string Short(string s) => s.Length <= MaxLength ? s : s[..(MaxLength - 1)] + "…";
}
