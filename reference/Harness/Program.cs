namespace OsConformance.Harness;

/// <summary>The reference harness: one <see cref="Session"/> on stdin and stdout.</summary>
internal static class Program
{
    private static int Main()
    {
        var stdin = new LineReader(0);
        new Session(static line => Stdio.WriteAll(1, line)).Run(stdin.ReadLine);
        return 0; // after stop, or at end of input without stop: nothing left to do
    }
}
