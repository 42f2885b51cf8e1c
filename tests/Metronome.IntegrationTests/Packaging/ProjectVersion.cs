using System.Text.RegularExpressions;
using Metronome.Tests.Support;

namespace Metronome.IntegrationTests.Packaging;

/// <summary>The version the repository says it builds (Directory.Build.props) and the commit it is at (git).</summary>
internal static partial class ProjectVersion
{
    private static readonly TimeSpan GitTimeout = TimeSpan.FromSeconds(30);

    /// <summary>&lt;Version&gt; in Directory.Build.props, e.g. 0.2.0.</summary>
    public static string Base
    {
        get
        {
            string props = File.ReadAllText(Path.Combine(Repository.Root, "Directory.Build.props"));
            var match = VersionElement().Match(props);
            Assert.True(match.Success, "no <Version> in Directory.Build.props");
            return match.Groups[1].Value;
        }
    }

    /// <summary>Runs git in the repository; fails the test when git does.</summary>
    public static string Git(params string[] args)
    {
        var (code, stdout, stderr) = CliProcess.RunProgram(GitTimeout, "git", ["-C", Repository.Root, .. args]);
        Assert.True(code == 0, $"git {string.Join(' ', args)} failed ({code}): {stderr}");
        return stdout.Trim();
    }

    /// <summary>Whether git knows <paramref name="sha"/> as a commit of this repository.</summary>
    public static bool IsCommit(string sha) =>
        CliProcess.RunProgram(GitTimeout, "git", "-C", Repository.Root, "cat-file", "-e", sha + "^{commit}").Code == 0;

    /// <summary>The .deb's version: the base, plus ~git and the short commit unless HEAD is tagged v&lt;base&gt;.</summary>
    public static string Package
    {
        get
        {
            string version = Base;
            bool released = CliProcess.RunProgram(GitTimeout, "git", "-C", Repository.Root,
                "describe", "--exact-match", "--tags", "--match", "v" + version, "HEAD").Code == 0;
            return released ? version : $"{version}~git{Git("rev-parse", "--short=7", "HEAD")}";
        }
    }

    [GeneratedRegex("<Version>([^<]+)</Version>")]
    private static partial Regex VersionElement();
}
