using NUnit.Framework;

namespace OsConformance.Suite.Tests.Browser;

/// <summary>Where the browser tests look for Chrome or Chromium, on machines given as arguments (no browser needed).</summary>
[TestFixture]
public sealed class BrowserFinderTests
{
    private static Func<string, bool> Only(params string[] files) => p => files.Contains(p);

    [Test]
    public void OscChromiumComesFirst()
    {
        var found = HeadlessChromium.Find("/opt/my/chrome", "/usr/bin", Only("/opt/my/chrome", "/usr/bin/chromium"));
        Assert.That(found.Path, Is.EqualTo("/opt/my/chrome"));
    }

    [Test]
    public void AWrongOscChromiumIsAnErrorNotAReasonToLookElsewhere()
    {
        var found = HeadlessChromium.Find("/nope/chrome", "/usr/bin", Only("/usr/bin/chromium"));
        Assert.That(found.Path, Is.Null);
        Assert.That(found.Problem, Is.EqualTo("OSC_CHROMIUM=/nope/chrome is not an executable file"));
    }

    [TestCase("/usr/bin/chromium")]
    [TestCase("/usr/bin/chromium-browser")]
    [TestCase("/usr/local/bin/google-chrome")]
    [TestCase("/usr/local/bin/google-chrome-stable")]
    [TestCase("/opt/homebrew/bin/chrome")]
    public void EachNameIsFoundOnPath(string exe)
    {
        var found = HeadlessChromium.Find(null, "/usr/bin:/usr/local/bin:/opt/homebrew/bin", Only(exe));
        Assert.That(found.Path, Is.EqualTo(exe));
    }

    [Test]
    public void ChromiumOnPathIsPreferredToGoogleChromeAndPathOrderToName()
    {
        Assert.That(HeadlessChromium.Find(null, "/a:/b", Only("/a/google-chrome", "/b/chromium")).Path, Is.EqualTo("/b/chromium"));
        Assert.That(HeadlessChromium.Find(null, "/a:/b", Only("/a/chromium", "/b/chromium")).Path, Is.EqualTo("/a/chromium"));
    }

    [Test]
    public void TheMacOsApplicationIsFoundWithoutAnythingOnPath()
    {
        // GitHub's macOS runners: Google Chrome in /Applications, no chromium on PATH.
        const string app = "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome";
        Assert.That(HeadlessChromium.MacApplications, Does.Contain(app));
        Assert.That(HeadlessChromium.Find("", "/usr/bin:/bin", Only(app)).Path, Is.EqualTo(app));
    }

    [Test]
    public void NoBrowserSaysHowToGetOne()
    {
        var found = HeadlessChromium.Find(null, "/usr/bin", Only());
        Assert.That(found.Path, Is.Null);
        Assert.That(found.Problem, Does.Contain("apt-get install -y chromium").And.Contain("brew install --cask google-chrome").And.Contain("OSC_CHROMIUM"));
    }
}
