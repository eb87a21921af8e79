using System.Diagnostics;
using System.Runtime.InteropServices;
using OsConformance.Protocol.Containment;
using OsConformance.Protocol.Interop;

namespace OsConformance.Protocol;

// The deadline. A fresh harness has options.Timeout from its spawn; a pooled one gets a new
// deadline per lease (SetDeadline), so a late reply is a timeout there too. Waits poll in short
// slices so that Kill, which takes no lock, also ends a wait that holds the gate.
public sealed partial class HarnessProcess
{
    long deadline; // Stopwatch timestamp
    volatile bool killRequested;

    /// <summary>Whether <see cref="Kill"/> was called: such a harness is never lent again.</summary>
    public bool Killed => killRequested;

    /// <summary>From now, the harness has <paramref name="timeout"/> for everything it is asked (a pooled harness, per case).</summary>
    public void SetDeadline(TimeSpan timeout)
    {
        lock (gate) deadline = Stopwatch.GetTimestamp() + Ticks(timeout);
    }

    /// <summary>
    /// SIGKILL to the harness and all its descendants, without taking the lock a blocked reader
    /// holds (the watchdog's and the signal handlers' kill). A pending wait then ends as a timeout;
    /// Dispose reaps.
    /// </summary>
    public void Kill()
    {
        killRequested = true;
        if (end is not null)
            return;
        if (cgroup is not null)
            Cgroup.Kill(cgroup.Path);
        else
            Orphans.KillDescendants(pid);
        Libc.kill(-pid, Libc.SIGKILL);
        Libc.kill(pid, Libc.SIGKILL); // in case it left its group
    }

    HarnessTimeoutException Timeout(string op)
    {
        KillGroupAndReap();
        return killRequested
            ? new HarnessTimeoutException($"no reply to {op}: the runner killed harness {pid} at the case's deadline")
            : new HarnessTimeoutException($"no reply to {op} within the deadline; killed harness {pid} and its descendants");
    }

    /// <summary>Waits until fd is ready or the deadline passes (then kills: HarnessTimeoutException).</summary>
    unsafe void WaitFd(int fd, short events, string op)
    {
        while (true)
        {
            long left = deadline - Stopwatch.GetTimestamp();
            if (left <= 0 || killRequested)
                throw Timeout(op);
            var pfd = new Libc.PollFd { Fd = fd, Events = events };
            int ms = (int)Math.Clamp(left * 1000 / Stopwatch.Frequency, 1, 200);
            int rc = Libc.poll(&pfd, 1, ms);
            if (rc > 0)
                return; // ready, or HUP/ERR: the following read/write tells which
            // Ended while a descendant holds the pipe open: no EOF will come.
            if (rc == 0 && TryReap(Libc.WNOHANG) is not null)
                throw Crashed($"harness {pid} exited while the {op} reply was due");
            if (rc < 0 && Marshal.GetLastPInvokeError() is var errno && errno != Libc.EINTR)
                throw new IOException("poll: " + Libc.Describe(errno));
        }
    }
}
