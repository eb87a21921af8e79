using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using OsConformance.Reports;

namespace OsConformance.Cli.Runner;

/// <summary>
/// Hands the results to the reports writers. ResultsWriter.WriteAll (the reports helper's API) is
/// looked up at run time because it was not written yet when the runner was; if it is missing,
/// results.json is written here (ResultsJson.Serialize when present, else plain System.Text.Json).
/// </summary>
public static class ReportOutput
{
    public static readonly string[] FileNames = ["results.json", "junit.xml", "summary.md", "report.html"];

    public static IReadOnlyList<string> Write(RunResults results, string outDir)
    {
        var reports = typeof(RunResults).Assembly;
        var writeAll = reports.GetType("OsConformance.Reports.ResultsWriter")
            ?.GetMethod("WriteAll", BindingFlags.Public | BindingFlags.Static, [typeof(RunResults), typeof(string)]);
        if (writeAll is not null)
        {
            try { writeAll.Invoke(null, [results, outDir]); }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            }
        }
        else
        {
            var serialize = reports.GetType("OsConformance.Reports.ResultsJson")
                ?.GetMethod("Serialize", BindingFlags.Public | BindingFlags.Static, [typeof(RunResults)]);
            byte[] bytes = serialize is not null
                ? (byte[])serialize.Invoke(null, [results])!
                : JsonSerializer.SerializeToUtf8Bytes(results, new JsonSerializerOptions
                {
                    WriteIndented = true,
                    PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
                    Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
                });
            string path = Path.Combine(outDir, "results.json");
            File.WriteAllBytes(path + ".tmp", bytes);
            File.Move(path + ".tmp", path, overwrite: true);
        }
        return FileNames.Select(f => Path.Combine(outDir, f)).Where(File.Exists).ToList();
    }
}
