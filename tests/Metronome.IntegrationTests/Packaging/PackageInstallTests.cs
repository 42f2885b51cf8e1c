using System.Text.RegularExpressions;

namespace Metronome.IntegrationTests.Packaging;

/// <summary>
/// The .deb as an operator uses it: apt-get install, the installed binary, man page and units, then apt-get
/// purge, which must leave none of the package's files and the machine's package list as it was. A metronome
/// installed before the test is repacked first (dpkg-repack) and put back afterwards.
/// Holds the flock on $METRONOME_APT_LOCK, when set, from install to restore (a machine shared with other apt users).
/// </summary>
[Collection(DebianPackageTestGroup.Name)]
public sealed class PackageInstallTests(DebianPackage package) : IDisposable
{
    private static readonly TimeSpan AptTimeout = TimeSpan.FromMinutes(10);
    private readonly string _dir = Directory.CreateTempSubdirectory("metronome-apt-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Given_the_package_When_apt_installs_it_and_purges_it_Then_it_runs_verifies_and_leaves_the_machine_as_found()
    {
        Assert.True(Environment.IsPrivilegedProcess, "installing a package needs root");
        using var aptLock = HoldAptLock();
        string packagesBefore = InstalledPackages();
        var unitsBefore = AdminUnits();
        string? previous = InstalledVersion();
        string? saved = previous is null ? null : Repack(previous);
        var existedBefore = package.Paths.Where(Path.Exists).ToHashSet(StringComparer.Ordinal);
        try
        {
            // Slim container images tell dpkg to skip /usr/share/man; the page is part of what is tested here.
            Apt("install", "--no-install-recommends", "-o", "DPkg::Options::=--path-include=/usr/share/man/man1/metronome.1.gz", package.File);
            Assert.Equal(package.Field("Version"), InstalledVersion());
            var installed = DebianPackage.Run("dpkg", "-L", "metronome").Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Where(p => p != "/.").ToArray();
            Assert.Contains("/usr/bin/metronome", installed);

            // The installed binary, as a user runs it.
            var (_, built, _) = CliProcess.Run(TimeSpan.FromSeconds(30), "--version");
            Assert.Equal(built, DebianPackage.Run("/usr/bin/metronome", "--version"));
            Assert.Equal("/usr/share/man/man1/metronome.1.gz\n", DebianPackage.Run("man", "-w", "metronome"));

            var units = installed.Where(p => p.StartsWith("/lib/systemd/system/", StringComparison.Ordinal) && p.EndsWith(".service", StringComparison.Ordinal)).ToArray();
            Assert.Contains("/lib/systemd/system/metronome-dahdi.service", units);
            foreach (var unit in units)
            {
                var (code, stdout, stderr) = CliProcess.RunProgram(TimeSpan.FromSeconds(60), "systemd-analyze", "verify", unit);
                Assert.Equal("", stdout + stderr);
                Assert.Equal(0, code);
                // Shipped, not enabled.
                var (_, enabled, _) = CliProcess.RunProgram(TimeSpan.FromSeconds(30), "systemctl", "is-enabled", Path.GetFileName(unit));
                Assert.Equal("disabled\n", enabled);
            }

            // doctor as an unprivileged user would run it.
            var (doctorCode, doctor, doctorErr) = CliProcess.RunProgram(TimeSpan.FromSeconds(60), "setpriv",
                "--reuid=65534", "--regid=65534", "--clear-groups", "--", "metronome", "doctor", "--no-measure");
            Assert.True(doctorCode == 0, $"doctor exited {doctorCode}: {doctorErr}");
            Assert.Matches("^(READY|USABLE WITH CAVEATS|NOT SUITABLE): ", doctor);

            Apt("purge", "metronome");
            Assert.Null(InstalledVersion());
            var left = installed.Where(p => File.Exists(p) || (Directory.Exists(p) && !existedBefore.Contains(p))).ToArray();
            Assert.Empty(left);
            Assert.Empty(SystemdState());
            Assert.Equal(unitsBefore, AdminUnits());
        }
        finally
        {
            if (previous is null && InstalledVersion() is not null) Apt("purge", "metronome");
            if (saved is not null) Apt("install", "--no-install-recommends", "--allow-downgrades", saved);
        }
        Assert.Equal(previous, InstalledVersion());
        Assert.Equal(packagesBefore, InstalledPackages());
    }

    /// <summary>The installed version of metronome, or null when it is not installed.</summary>
    private static string? InstalledVersion()
    {
        var (code, stdout, _) = CliProcess.RunProgram(TimeSpan.FromSeconds(30), "dpkg-query", "-W", "-f", "${db:Status-Abbrev} ${Version}", "metronome");
        var match = Regex.Match(stdout, @"^ii +(\S+)");
        return code == 0 && match.Success ? match.Groups[1].Value : null;
    }

    private static string InstalledPackages() =>
        DebianPackage.Run("dpkg-query", "-W", "-f", "${binary:Package} ${Version} ${db:Status-Abbrev}\n");

    /// <summary>What deb-systemd-helper keeps of metronome's units (purge must remove it all).</summary>
    private static string[] SystemdState() =>
        Traces("/var/lib/systemd/deb-systemd-helper-enabled", "/var/lib/systemd/deb-systemd-helper-masked");

    /// <summary>metronome's entries in the administrator's unit directory: enable symlinks, overrides.</summary>
    private static string[] AdminUnits() => Traces("/etc/systemd/system");

    private static string[] Traces(params string[] directories) =>
        directories.Where(Directory.Exists)
            .SelectMany(d => Directory.EnumerateFileSystemEntries(d, "*metronome*", SearchOption.AllDirectories))
            .Order(StringComparer.Ordinal).ToArray();

    /// <summary>The installed metronome as a .deb (dpkg-repack), so that the test can put it back.</summary>
    private string Repack(string version)
    {
        var (code, _, _) = CliProcess.RunProgram(TimeSpan.FromSeconds(10), "sh", "-c", "command -v dpkg-repack");
        Assert.True(code == 0, $"metronome {version} is installed and dpkg-repack is missing: the test could not put it back; install dpkg-repack or remove metronome");
        DebianPackage.Run("sh", "-c", "cd \"$1\" && dpkg-repack metronome", "sh", _dir);
        return Directory.GetFiles(_dir, "metronome_*.deb").Single();
    }

    private static void Apt(params string[] args)
    {
        using var apt = CliProcess.StartProgram("apt-get", ["-q", "-y", "-o", "DPkg::Lock::Timeout=300", .. args],
            new Dictionary<string, string> { ["DEBIAN_FRONTEND"] = "noninteractive" });
        int code = apt.WaitForExit(AptTimeout);
        Assert.True(code == 0, $"apt-get {string.Join(' ', args)} failed ({code}):\n{apt.Stdout}\n{apt.Stderr}");
    }

    /// <summary>
    /// An exclusive flock(2) on $METRONOME_APT_LOCK (what flock(1) takes), or null when it is not set: .NET
    /// takes flock(LOCK_EX | LOCK_NB) for FileShare.None, so this retries until the holder lets go.
    /// </summary>
    private static FileStream? HoldAptLock()
    {
        string? path = Environment.GetEnvironmentVariable("METRONOME_APT_LOCK");
        if (string.IsNullOrEmpty(path)) return null;
        var until = DateTime.UtcNow + AptTimeout;
        while (true)
        {
            try { return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None); }
            catch (IOException) when (DateTime.UtcNow < until) { Thread.Sleep(1000); }
        }
    }
}
