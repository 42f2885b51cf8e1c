using System.Text.RegularExpressions;

namespace Metronome.IntegrationTests;

/// <summary>
/// Debian's chromium, headless, on a local file: the DOM after the page's scripts ran, every console
/// message the page wrote, and a screenshot. A fresh profile each time; nothing reaches the network.
/// </summary>
internal static partial class HeadlessChromium
{
    public const string Binary = "/usr/bin/chromium";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    public sealed record Page(string Dom, IReadOnlyList<string> Console, IReadOnlyDictionary<string, string> BodyAttributes);

    public static void Require()
    {
        if (!File.Exists(Binary)) Assert.Fail($"{Binary} is missing: install Debian's chromium (listed in .ci/packages)");
    }

    /// <summary>Loads the page and returns its DOM after load, the console lines and the body's data- attributes.</summary>
    public static Page Load(string htmlPath)
    {
        var (code, stdout, stderr) = Run(["--enable-logging=stderr", "--v=0", "--dump-dom", new Uri(htmlPath).AbsoluteUri]);
        Assert.True(code == 0, $"chromium --dump-dom exited {code}: {Tail(stderr)}");
        var console = stderr.Split('\n').Where(l => l.Contains(":CONSOLE", StringComparison.Ordinal)).ToList();
        var body = BodyTag().Match(stdout);
        Assert.True(body.Success, $"no <body> in the DOM chromium dumped: {Tail(stdout)}");
        var attributes = Attribute().Matches(body.Value).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
        return new Page(stdout, console, attributes);
    }

    /// <summary>Saves a full-width screenshot of the page as PNG.</summary>
    public static void Screenshot(string htmlPath, string pngPath, int width = 1280, int height = 2600)
    {
        var (code, _, stderr) = Run(["--hide-scrollbars", $"--window-size={width},{height}", $"--screenshot={pngPath}", new Uri(htmlPath).AbsoluteUri]);
        Assert.True(code == 0 && File.Exists(pngPath), $"chromium --screenshot exited {code}: {Tail(stderr)}");
    }

    private static (int Code, string Stdout, string Stderr) Run(IEnumerable<string> args)
    {
        string profile = Directory.CreateTempSubdirectory("metronome-chromium-").FullName;
        try
        {
            string[] common =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-extensions", $"--user-data-dir={profile}",
            ];
            return CliProcess.RunProgram(Timeout, Binary, [.. common, .. args]);
        }
        finally
        {
            Directory.Delete(profile, recursive: true);
        }
    }

    private static string Tail(string text) => text.Length <= 2000 ? text : text[^2000..];

    [GeneratedRegex("<body[^>]*>")]
    private static partial Regex BodyTag();

    [GeneratedRegex("(data-[a-z-]+)=\"([^\"]*)\"")]
    private static partial Regex Attribute();
}
