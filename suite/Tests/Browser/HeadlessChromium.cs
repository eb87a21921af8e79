using System.Diagnostics;
using System.Text.RegularExpressions;
using NUnit.Framework;

namespace OsConformance.Suite.Tests.Browser;

/// <summary>
/// Debian's headless Chromium, run offline: no network services, no updates, a throw-away profile.
/// --dump-dom prints the DOM after the page's load event, so attributes the page's script set are in it.
/// </summary>
internal static class HeadlessChromium
{
    public const string AptLine = "apt-get update && apt-get install -y chromium";

    /// <summary>$OSC_CHROMIUM, else chromium or chromium-browser on PATH. Fails the test (never skips) when absent: CI installs it.</summary>
    public static string Require()
    {
        if (Environment.GetEnvironmentVariable("OSC_CHROMIUM") is { Length: > 0 } env)
            return File.Exists(env) ? env : throw new AssertionException($"OSC_CHROMIUM={env} does not exist");
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
            foreach (var name in new[] { "chromium", "chromium-browser" })
                if (File.Exists(Path.Combine(dir, name))) return Path.Combine(dir, name);
        Assert.Fail($"headless Chromium is needed for the browser tests and was not found on PATH; install it as root: {AptLine} (or set OSC_CHROMIUM)");
        return null!;
    }

    /// <summary>The DOM of <paramref name="file"/> (with an optional #fragment) after its scripts ran.</summary>
    public static string DumpDom(string file, string fragment = "")
    {
        string exe = Require();
        string profile = Directory.CreateTempSubdirectory("osc-chromium-").FullName;
        try
        {
            var psi = new ProcessStartInfo(exe)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var a in new[]
            {
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-extensions", "--disable-default-apps", "--no-first-run", "--no-default-browser-check",
                "--mute-audio", $"--user-data-dir={profile}", "--dump-dom", new Uri(file).AbsoluteUri + fragment,
            })
                psi.ArgumentList.Add(a);
            psi.Environment["HOME"] = profile; // keep Chromium's caches out of the real home
            using var p = Process.Start(psi)!;
            var stderr = p.StandardError.ReadToEndAsync();
            var stdout = p.StandardOutput.ReadToEndAsync();
            if (!p.WaitForExit(TimeSpan.FromSeconds(90)))
            {
                p.Kill(entireProcessTree: true);
                Assert.Fail($"chromium did not finish loading {file} in 90 s");
            }
            p.WaitForExit();
            string dom = stdout.Result;
            if (p.ExitCode != 0 || !dom.Contains("<html", StringComparison.Ordinal))
                Assert.Fail($"chromium exited {p.ExitCode} without a DOM for {file}:\n{Tail(stderr.Result)}");
            return dom;
        }
        finally
        {
            try { Directory.Delete(profile, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>Attributes of the dumped &lt;html&gt; element.</summary>
    public static Dictionary<string, string> RootAttributes(string dom)
    {
        var tag = Regex.Match(dom, "<html\\b[^>]*>", RegexOptions.IgnoreCase);
        Assert.That(tag.Success, Is.True, "no <html> element in the dumped DOM");
        return Regex.Matches(tag.Value, "([a-z-]+)=\"([^\"]*)\"").ToDictionary(m => m.Groups[1].Value, m => System.Net.WebUtility.HtmlDecode(m.Groups[2].Value));
    }

    private static string Tail(string s) => s.Length > 2000 ? s[^2000..] : s;
}
