using Metronome.Tests.Support;

namespace Metronome.IntegrationTests.Packaging;

/// <summary>
/// The .deb that scripts/build-deb.sh writes, built once for the tests that read it, and unpacked (dpkg-deb -x)
/// into a temporary directory.
/// </summary>
public sealed class DebianPackage : IDisposable
{
    private static readonly TimeSpan Generous = TimeSpan.FromMinutes(2);

    public DebianPackage()
    {
        string root = Repository.Root;
        var (code, stdout, stderr) = CliProcess.RunProgram(TimeSpan.FromMinutes(15), "bash", Path.Combine(root, "scripts", "build-deb.sh"));
        if (code != 0) throw new InvalidOperationException($"scripts/build-deb.sh failed ({code}):\n{stdout}\n{stderr}");
        File = Directory.GetFiles(Path.Combine(root, "artifacts"), "metronome_*_amd64.deb").Single();
        Unpacked = Directory.CreateTempSubdirectory("metronome-deb-").FullName;
        Run("dpkg-deb", "-x", File, Unpacked);
        Paths = Directory.EnumerateFileSystemEntries(Unpacked, "*", SearchOption.AllDirectories)
            .Select(p => "/" + Path.GetRelativePath(Unpacked, p)).Order(StringComparer.Ordinal).ToArray();
    }

    /// <summary>artifacts/metronome_VERSION_amd64.deb.</summary>
    public string File { get; }

    /// <summary>Where the package's files were unpacked.</summary>
    public string Unpacked { get; }

    /// <summary>Every file and directory the package installs, as absolute paths.</summary>
    public IReadOnlyList<string> Paths { get; }

    /// <summary>A field of the control file (dpkg-deb --field).</summary>
    public string Field(string name) => Run("dpkg-deb", "--field", File, name).Trim();

    /// <summary>Runs a program to completion; fails the test unless it exits 0; returns its stdout.</summary>
    public static string Run(string program, params string[] args)
    {
        var (code, stdout, stderr) = CliProcess.RunProgram(Generous, program, args);
        Assert.True(code == 0, $"{program} {string.Join(' ', args)} failed ({code}):\n{stdout}\n{stderr}");
        return stdout;
    }

    public void Dispose() => Directory.Delete(Unpacked, recursive: true);
}

/// <summary>The tests that share one <see cref="DebianPackage"/>.</summary>
[CollectionDefinition(Name)]
public sealed class DebianPackageTestGroup : ICollectionFixture<DebianPackage>
{
    public const string Name = "Debian package";
}
