namespace OsConformance.Harness;

/// <summary>
/// The reference harness: one <see cref="Session"/> on stdin and stdout. `--report-pid` adds the
/// harness's own pid to the start reply, for running it behind a wrapper that does not exec
/// (docs/protocol.md#the-harness-process); without it the reply is as it always was.
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        bool reportPid = false;
        foreach (var arg in args)
        {
            if (arg == "--report-pid") { reportPid = true; continue; }
            Stdio.Log($"unknown argument {arg}; the only option is --report-pid");
            return 2;
        }
        var stdin = new LineReader(0);
        new Session(static line => Stdio.WriteAll(1, line), reportPid: reportPid).Run(stdin.ReadLine);
        return 0; // after stop, or at end of input without stop: nothing left to do
    }
}
