using System.Text.RegularExpressions;
using Metronome.Tests.Support;

namespace Metronome.IntegrationTests.Packaging;

/// <summary>The NuGet packages build.sh writes to artifacts/packages, found by ID.</summary>
internal static partial class LocalPackages
{
    public static string Directory => Path.Combine(Repository.Root, "artifacts", "packages");

    /// <summary>The version of package <paramref name="id"/> in artifacts/packages; fails the test with what to do when it is missing.</summary>
    public static string Version(string id)
    {
        var versions = System.IO.Directory.Exists(Directory)
            ? System.IO.Directory.EnumerateFiles(Directory, $"{id}.*.nupkg")
                .Select(f => VersionPattern().Match(Path.GetFileName(f)[(id.Length + 1)..]))
                .Where(m => m.Success)
                .Select(m => m.Groups[1].Value)
                .ToList()
            : [];
        if (versions.Count != 1) Assert.Fail($"expected one {id} package in {Directory}, found {versions.Count}: run `bash build.sh` first (test.sh does)");
        return versions[0];
    }

    /// <summary>A version right after the ID: digits first (a RID-specific package's name has the RID there instead).</summary>
    [GeneratedRegex(@"^(\d+\.\d+\.\d+[^/]*)\.nupkg$")]
    private static partial Regex VersionPattern();
}
