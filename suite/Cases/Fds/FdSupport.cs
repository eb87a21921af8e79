using Mono.Unix.Native;
using OsConformance.Protocol;
using OsConformance.Suite.Infrastructure;
using OsConformance.Suite.Oracles;

namespace OsConformance.Suite.Fds;

/// <summary>Helpers shared by the fd, open and cloexec families: values, the exec probe and the fd oracle.</summary>
public static class FdSupport
{
    /// <summary>The call must return a number that is an fd; returned as an int.</summary>
    public static int Fd(CallOutcome outcome, string what)
    {
        var value = Verdict.Returns(outcome, what);
        if (value is not JsNumber n || n.Value != Math.Floor(n.Value) || n.Value < 0)
        {
            Verdict.That(false, what, "a non-negative integer (an fd)", value.ToString());
            return -1;
        }
        return (int)n.Value;
    }

    /// <summary>
    /// Reads up to n bytes through the Buffer form of read (count returned, data in the reply's
    /// buffers), so cases about other functions do not depend on read's string form.
    /// </summary>
    public static string ReadText(HarnessProcess h, int fd, int n, string what)
    {
        var outcome = h.Call("read", fd, new byte[n]);
        var value = Verdict.Returns(outcome, what);
        if (value is not JsNumber count || count.Value < 0 || count.Value > n || !outcome.Buffers.TryGetValue(1, out var buf))
        {
            Verdict.That(false, what, $"a count 0..{n} and the filled Buffer", $"{value}, buffers: {outcome.Buffers.Count}");
            return "";
        }
        return System.Text.Encoding.UTF8.GetString(buf, 0, (int)count.Value);
    }

    /// <summary>The bytes a read returned, as a string or a Buffer (the form is judged by cases of its own).</summary>
    public static string DataOf(JsValue value, string what)
    {
        switch (value)
        {
            case JsString s: return s.Value;
            case JsBuffer b: return System.Text.Encoding.UTF8.GetString(b.Bytes);
            default:
                Verdict.That(false, what, "the data read", value.ToString());
                return "";
        }
    }

    /// <summary>The call must return an Array of two fds (pipe()).</summary>
    public static (int Read, int Write) Pipe(HarnessProcess h)
    {
        var value = Verdict.Returns(h.Call("pipe"), "pipe()");
        if (value is not JsArray { Items.Count: 2 } a || a.Items[0] is not JsNumber r || a.Items[1] is not JsNumber w)
        {
            Verdict.That(false, "pipe()", "an Array of two numbers", value.ToString());
            return (-1, -1);
        }
        return ((int)r.Value, (int)w.Value);
    }

    /// <summary>The kernel's view of one fd of the harness; the case fails if it is not open.</summary>
    public static KernelFd Kernel(HarnessProcess h, int fd, string what)
    {
        var k = FdOracle.Get(h.Pid, fd);
        Verdict.That(k is not null, what, $"fd {fd} open in the kernel's fd table", "not open");
        return k!;
    }

    /// <summary>The module's constant, as the start reply lists it; unsupported when absent.</summary>
    public static int Constant(StartInfo? info, string name)
    {
        if (info is null || !info.Capabilities.Constants.TryGetValue(name, out double v))
        {
            Verdict.Unsupported($"the module does not export {name}");
            return 0;
        }
        return (int)v;
    }

    /// <summary>Combines the module's O_* constants by name ("O_WRONLY|O_CREAT").</summary>
    public static int Flags(StartInfo? info, string names) =>
        names.Split('|').Aggregate(0, (acc, n) => acc | Constant(info, n.Trim()));

    /// <summary>
    /// Forks the harness into a child that execs /bin/sleep 5, and waits until the exec is complete:
    /// the kernel has mapped sleep's image (which happens after it closes the close-on-exec fds).
    /// </summary>
    public static int ExecSleeper(HarnessProcess h, string reportPath)
    {
        string sleep = File.Exists("/bin/sleep") ? "/bin/sleep" : "/usr/bin/sleep";
        int child = h.Fork(reportPath, [new ForkStep("execv", sleep, JsValue.Array("sleep", "5"))], exit: 97);
        bool execed = ProcOracle.WaitUntil(() =>
            (ProcOracle.Exe(child) ?? "").EndsWith("sleep", StringComparison.Ordinal)
            && File.ReadAllText($"/proc/{child}/maps").Contains("sleep", StringComparison.Ordinal)
            // Asleep in nanosleep: the dynamic loader is done with the fds it opens for itself.
            && ProcOracle.Get(child).State == 'S',
            TimeSpan.FromSeconds(4));
        if (!execed)
        {
            string report = File.Exists(reportPath) ? File.ReadAllText(reportPath) : "(no report)";
            Verdict.That(false, "the forked child", "exec'd /bin/sleep", $"not exec'd after 4 s; report: {report.Trim()}");
        }
        return child;
    }

    /// <summary>Kills the exec'd child and reaps it through the harness's waitpid.</summary>
    public static void KillAndReap(HarnessProcess h, int child)
    {
        try { WaitOracle.Kill(child, Signum.SIGKILL); }
        catch (IOException) { }
        h.Call("waitpid", child);
    }

    /// <summary>
    /// Whether fd survived exec in the child: it must be gone if close-on-exec, else present with the
    /// same target the harness's fd had.
    /// </summary>
    public static void CheckAfterExec(int child, int fd, string parentTarget, bool expectCloexec, string what)
    {
        var after = FdOracle.Get(child, fd);
        // The number alone could be reused by the new program; the open file (its target) cannot.
        if (expectCloexec)
            Verdict.That(after is null || after.Target != parentTarget, $"{what} after exec", $"fd {fd} closed by exec (close-on-exec)",
                $"fd {fd} still open in the exec'd program ({after?.Target})");
        else
            Verdict.That(after is not null && after.Target == parentTarget, $"{what} after exec",
                $"fd {fd} inherited by the exec'd program ({parentTarget})",
                after is null ? $"fd {fd} closed by exec" : $"fd {fd} is {after.Target}");
    }

    /// <summary>The open fds of the harness that point into a path (for leak checks).</summary>
    public static int CountUnder(HarnessProcess h, string dir) =>
        FdOracle.List(h.Pid).Values.Count(k => k.Target.StartsWith(dir, StringComparison.Ordinal));

    public static string AccessName(int mode) => mode switch
    {
        FdOracle.AccessReadOnly => "O_RDONLY",
        FdOracle.AccessWriteOnly => "O_WRONLY",
        FdOracle.AccessReadWrite => "O_RDWR",
        _ => $"access mode {mode}",
    };

    /// <summary>The lowest fd number not open in the process.</summary>
    public static int LowestFree(int pid)
    {
        var open = FdOracle.List(pid).Keys.ToHashSet();
        int n = 0;
        while (open.Contains(n))
            n++;
        return n;
    }
}
