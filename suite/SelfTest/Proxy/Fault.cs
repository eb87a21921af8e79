using OsConformance.Harness;

namespace OsConformance.SelfTest.Proxy;

/// <summary>
/// One simulated implementation bug. <see cref="Id"/> is "family/name". Exactly one of Spec (a quote of
/// docs/spec/os-module.txt) and Decision (docs/decisions.md#anchor) says what it breaks.
/// <see cref="Observers"/> chooses the cases the self-test runs for it: documented function names
/// (cases of that function) and "tag:TAG" (cases with that tag).
/// </summary>
internal sealed record Fault(string Id, string Description, string? Spec, string? Decision, string[] Observers, Action<FaultLayer> Apply)
{
    /// <summary>In the fixed CI subset (selftest --subset ci).</summary>
    public bool Ci { get; init; }

    /// <summary>Why it may survive every case (docs/selftest.md): shown only while it does.</summary>
    public string? Answer { get; init; }

    public string Family => Id[..Id.IndexOf('/')];

    public Fault Answered(string answer) => this with { Answer = answer };

    public Fault InCi() => this with { Ci = true };
}

/// <summary>Small building blocks the faults share.</summary>
internal static class Kit
{
    public static Fault Spec(string id, string description, string spec, string[] observers, Action<FaultLayer> apply) =>
        new(id, description, spec, null, observers, apply);

    public static Fault Decision(string id, string description, string anchor, string[] observers, Action<FaultLayer> apply) =>
        new(id, description, null, "docs/decisions.md#" + anchor, observers, apply);

    /// <summary>The first four arguments with one replaced (no documented function takes more).</summary>
    public static Args With(Args a, int i, object? value)
    {
        var list = new List<object?> { a[0], a[1], a[2], a[3] };
        list[i] = value;
        return new Args(list);
    }

    /// <summary>Replaces a function's result.</summary>
    public static Action<FaultLayer> Result(string fn, Func<object?, Args, object?> change) =>
        layer => layer.Wrap(fn, f => a => change(f(a), a));

    /// <summary>Replaces a function's arguments.</summary>
    public static Action<FaultLayer> Arguments(string fn, Func<Args, Args> change) =>
        layer => layer.Wrap(fn, f => a => f(change(a)));

    /// <summary>Replaces a function with another implementation.</summary>
    public static Action<FaultLayer> Replace(string fn, Dispatch.Fn replacement) =>
        layer => layer.Wrap(fn, _ => replacement);

    public static JsObject MapObject(object? value, Func<string, object?, JsObject, object?> map)
    {
        var source = (JsObject)value!;
        var result = new JsObject();
        foreach (var p in source.Props) result.Add(p.Key, map(p.Key, p.Value, source));
        return result;
    }

    public static object? Get(JsObject o, string key) => o.Props.First(p => p.Key == key).Value;

    public static bool HasFlags(Args a, params string[] flagStrings) => a[1] is string s && flagStrings.Contains(s);
}
