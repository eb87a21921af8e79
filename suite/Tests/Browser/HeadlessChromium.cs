using System.Diagnostics;
using System.Text.RegularExpressions;
using NUnit.Framework;

namespace OsConformance.Suite.Tests.Browser;

/// <summary>
/// Headless Chrome or Chromium, run offline: no network services, no updates, a throw-away profile.
/// --dump-dom prints the DOM after the page's load event, so attributes the page's script set are in it.
/// </summary>
internal static class HeadlessChromium
{
    /// <summary>Names Chrome and Chromium have on PATH across Linux distributions and Homebrew.</summary>
    public static readonly string[] PathNames = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome"];

    /// <summary>Where the macOS installers put the browsers (GitHub's macOS runners have Google Chrome there).</summary>
    public static readonly string[] MacApplications =
    [
        "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
        "/Applications/Chromium.app/Contents/MacOS/Chromium",
    ];

    /// <summary>How to get a browser, said once by <see cref="ReportPagesTests.ABrowserIsInstalled"/>.</summary>
    public const string HowToGetOne =
        "the browser tests need Chrome or Chromium and found none (looked at $OSC_CHROMIUM, then chromium, chromium-browser, google-chrome, " +
        "google-chrome-stable and chrome on PATH, then /Applications/Google Chrome.app and /Applications/Chromium.app). Install one: " +
        "Debian/Ubuntu: apt-get install -y chromium (Ubuntu: chromium-browser); Fedora: dnf install -y chromium; Alpine: apk add chromium; " +
        "macOS: brew install --cask google-chrome; or set OSC_CHROMIUM to the browser's executable";

    /// <summary>The outcome of a search: the executable, or null, and why not.</summary>
    public sealed record Found(string? Path, string? Problem);

    /// <summary>
    /// $OSC_CHROMIUM when set (it must exist: a wrong value is an error, not a reason to look
    /// elsewhere), else the first of <see cref="PathNames"/> on PATH, else the macOS application
    /// paths. Pure: the environment and the file system come in as arguments, so the tests can
    /// give it any machine.
    /// </summary>
    public static Found Find(string? oscChromium, string? path, Func<string, bool> isExecutable, IReadOnlyList<string>? macApplications = null)
    {
        if (!string.IsNullOrEmpty(oscChromium))
            return isExecutable(oscChromium) ? new(oscChromium, null) : new(null, $"OSC_CHROMIUM={oscChromium} is not an executable file");
        foreach (var name in PathNames)
            foreach (var dir in (path ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
                if (isExecutable(System.IO.Path.Combine(dir, name))) return new(System.IO.Path.Combine(dir, name), null);
        foreach (var app in macApplications ?? MacApplications)
            if (isExecutable(app)) return new(app, null);
        return new(null, HowToGetOne);
    }

    /// <summary>An existing regular file with an execute bit.</summary>
    public static bool IsExecutableFile(string p) =>
        File.Exists(p) && (OperatingSystem.IsWindows() || (File.GetUnixFileMode(p) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0);

    public static Found FindHere() =>
        Find(Environment.GetEnvironmentVariable("OSC_CHROMIUM"), Environment.GetEnvironmentVariable("PATH"), IsExecutableFile);

    /// <summary>
    /// The browser, for a page test. Without one the page tests are ignored with a pointer, and
    /// <see cref="ReportPagesTests.ABrowserIsInstalled"/> fails once with how to get one.
    /// </summary>
    public static string Require()
    {
        var found = FindHere();
        if (found.Path is null)
            Assert.Ignore("no Chrome or Chromium: see the failure of ReportPagesTests.ABrowserIsInstalled for how to get one");
        return found.Path!;
    }

    /// <summary>The DOM of <paramref name="file"/> (with an optional #fragment) after its scripts ran.</summary>
    public static string DumpDom(string file, string fragment = "", int windowWidth = 1400)
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
                "--mute-audio", $"--user-data-dir={profile}", $"--window-size={windowWidth},1000", "--dump-dom", new Uri(file).AbsoluteUri + fragment,
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
