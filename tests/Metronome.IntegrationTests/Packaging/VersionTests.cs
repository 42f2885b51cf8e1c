using System.Text.RegularExpressions;

namespace Metronome.IntegrationTests.Packaging;

/// <summary>`metronome --version` of the NativeAOT binary: the project's version and the commit it was built from.</summary>
public sealed class VersionTests
{
    [Fact]
    public void Given_the_built_binary_When_asked_for_its_version_Then_it_prints_the_projects_version_and_a_commit_of_this_repository()
    {
        var (code, stdout, stderr) = CliProcess.Run(TimeSpan.FromSeconds(30), "--version");

        Assert.Equal(0, code);
        Assert.Equal("", stderr);
        var match = Regex.Match(stdout, @"^(?<version>[^+\s]+)\+(?<commit>[0-9a-f]{40})\n$");
        Assert.True(match.Success, $"--version printed '{stdout}', not VERSION+COMMIT");
        Assert.Equal(ProjectVersion.Base, match.Groups["version"].Value);
        Assert.True(ProjectVersion.IsCommit(match.Groups["commit"].Value), $"{match.Groups["commit"].Value} is no commit of this repository");
    }
}
