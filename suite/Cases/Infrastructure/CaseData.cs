using NUnit.Framework;
using NUnit.Framework.Interfaces;
using NUnit.Framework.Internal;

namespace OsConformance.Suite.Infrastructure;

/// <summary>
/// One row of a TestCaseSource table with its metadata:
/// <c>CaseData.Of("open/flags/wx+/fails-if-exists", "open", spec: "...", tags: "open-flags", "wx+", true)</c>.
/// </summary>
public static class CaseData
{
    public static TestCaseData Of(string id, string function, string? spec = null, string? decision = null,
        string? tags = null, params object?[] args)
    {
        var meta = new CaseMeta(id, function, spec, decision, CaseMeta.SplitTags(tags));
        var data = new TestCaseData(args ?? [null]);
        data.SetName(id);
        meta.WriteTo(data.Properties);
        if (meta.Problems() is { Count: > 0 } problems)
        {
            data.RunState = RunState.NotRunnable;
            data.Properties.Set(PropertyNames.SkipReason, CaseMeta.InvalidMessage(id, problems));
        }
        return data;
    }
}
