using System.Diagnostics;
using System.Runtime.InteropServices;
using OsConformance.Protocol.Interop;

namespace OsConformance.Protocol;

// Ending: reaping the harness (polling waitpid: SIGCHLD belongs to .NET) and killing what it left,
// through its cgroup when it has one, else its process group and its tree of descendants.
public sealed partial class HarnessProcess
{
    /// <summary>The harness hung up: give it a moment to exit, reap it and report how it ended.</summary>
    HarnessCrashedException Crashed(string message)
    {
        var until = Math.Min(deadline, Stopwatch.GetTimestamp() + 5 * Stopwatch.Frequency);
        var e = PollExit(until);
        if (e is null)
        {
            KillGroupAndReap();
            return new HarnessCrashedException($"{message}; it did not exit, killed ({end})", end);
        }
        KillLeftovers();
        return new HarnessCrashedException($"{message}; {e}", e);
    }

    /// <summary>Reaps the harness if it has ended by `until`.</summary>
    ProcessEnd? PollExit(long until)
    {
        int sleepMs = 1;
        while (true)
        {
            if (TryReap(Libc.WNOHANG) is ProcessEnd e)
                return e;
            if (Stopwatch.GetTimestamp() >= until)
                return null;
            Thread.Sleep(sleepMs);
            sleepMs = Math.Min(sleepMs * 2, 20);
        }
    }

    ProcessEnd? TryReap(int flags)
    {
        if (end is not null)
            return end;
        while (true)
        {
            int rc = Libc.waitpid(pid, out int status, flags);
            if (rc == pid)
                return end = Decode(status);
            if (rc == 0)
                return null;
            int errno = Marshal.GetLastPInvokeError();
            if (errno == Libc.EINTR)
                continue;
            if (errno == Libc.ECHILD)
                // Someone else reaped it (only possible if SIGCHLD was ignored when .NET started,
                // which makes System.Diagnostics.Process reap every child): the status is lost.
                return end = new ProcessEnd(-1, null, null, false);
            throw new IOException($"waitpid({pid}): {Libc.Describe(errno)}");
        }
    }

    static ProcessEnd Decode(int status) =>
        Libc.WIFEXITED(status) ? new ProcessEnd(status, Libc.WEXITSTATUS(status), null, false)
        : Libc.WIFSIGNALED(status) ? new ProcessEnd(status, null, Libc.WTERMSIG(status), Libc.WCOREDUMP(status))
        : new ProcessEnd(status, null, null, false);

    /// <summary>SIGKILL to the harness and its descendants while it is unreaped (so its pid cannot be reused), then reap.</summary>
    void KillGroupAndReap()
    {
        if (end is null)
        {
            Kill();
            TryReap(0);
        }
        KillLeftovers();
        CloseFds();
    }

    /// <summary>After the harness was reaped: end what it left (a forked child that stayed, a setsid()ed daemon).</summary>
    void KillLeftovers()
    {
        if (cgroup is not null)
            cgroup.KillAndRemove();
        Libc.kill(-pid, Libc.SIGKILL); // ESRCH when the group is empty: fine
        SweepOrphans();
    }

    void CloseFds()
    {
        if (fdsClosed)
            return;
        fdsClosed = true;
        Libc.close(stdinFd);
        Libc.close(stdoutFd);
    }
}
