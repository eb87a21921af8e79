using OsConformance.Cli;
using OsConformance.Reports;

namespace OsConformance.Suite.Tests.Reports;

/// <summary>Temp folders, hand-made runs, and the CLI run in-process, for the expectations/merge/compare tests.</summary>
internal static class ReportsCli
{
    public static (int Code, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = Program.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>A run of <paramref name="impl"/> on <paramref name="label"/> with the given id → status cases.</summary>
    public static RunResults MakeRun(string impl, string label, params (string Id, CaseStatus Status)[] cases)
    {
        var baseRun = SampleResults.Create();
        return baseRun with
        {
            Implementation = new ImplementationDesc(impl, "1.0"),
            Platform = baseRun.Platform with { Label = label },
            Cases = cases.Select(c => SampleResults.Case(c.Id, c.Id.Split('/')[0], c.Status,
                message: c.Status == CaseStatus.Pass ? null : $"{c.Id} went {c.Status.ToWire()} on {impl}@{label}",
                expected: c.Status == CaseStatus.Fail ? "0" : null, actual: c.Status == CaseStatus.Fail ? "1" : null)).ToList(),
            Performance = null,
        };
    }

    public static string Write(string dir, string name, RunResults r)
    {
        var path = Path.Combine(dir, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, ResultsJson.Serialize(r));
        return path;
    }
}
