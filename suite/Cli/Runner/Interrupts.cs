using System.Runtime.InteropServices;
using OsConformance.Protocol;

namespace OsConformance.Cli.Runner;

/// <summary>
/// SIGINT and SIGTERM during a run: every harness and descendant is killed and reaped, and the
/// process exits 130 or 143 leaving --out as it was (or with the new reports, when the signal came
/// while they were being published: publishing finishes first).
/// </summary>
public sealed class Interrupts : IDisposable
{
    readonly List<PosixSignalRegistration> registrations = [];
    readonly Lock gate = new();
    bool publishing;
    int? pending;

    public Interrupts()
    {
        foreach (var (signal, code) in new[] { (PosixSignal.SIGINT, 130), (PosixSignal.SIGTERM, 143) })
            registrations.Add(PosixSignalRegistration.Create(signal, context =>
            {
                context.Cancel = true; // the exit below, once the harnesses are gone
                OnSignal(code);
            }));
    }

    void OnSignal(int code)
    {
        lock (gate)
        {
            if (publishing)
            {
                pending ??= code;
                return;
            }
        }
        HarnessProcess.KillEverything();
        Console.Error.WriteLine($"os-conformance: interrupted; every harness was killed and --out left as it was");
        Environment.Exit(code);
    }

    /// <summary>Runs <paramref name="publish"/> with the signals deferred; exits after it if one came.</summary>
    public T Deferred<T>(Func<T> publish)
    {
        lock (gate) publishing = true;
        try { return publish(); }
        finally
        {
            int? code;
            lock (gate)
            {
                publishing = false;
                code = pending;
            }
            if (code is int c)
            {
                HarnessProcess.KillEverything();
                Environment.Exit(c);
            }
        }
    }

    public void Dispose()
    {
        foreach (var r in registrations)
            r.Dispose();
    }
}
