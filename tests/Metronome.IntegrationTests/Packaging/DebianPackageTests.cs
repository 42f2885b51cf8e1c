using System.Text.RegularExpressions;
using Metronome.Tests.Support;

namespace Metronome.IntegrationTests.Packaging;

/// <summary>What scripts/build-deb.sh writes, read without installing it: lintian, the control fields, the contents.</summary>
[Collection(DebianPackageTestGroup.Name)]
public sealed class DebianPackageTests(DebianPackage package)
{
    [Fact]
    public void Given_the_package_When_lintian_checks_it_Then_it_reports_no_error_and_no_warning()
    {
        var (code, stdout, stderr) = CliProcess.RunProgram(TimeSpan.FromMinutes(5), "lintian", "--fail-on", "error,warning", package.File);

        Assert.DoesNotMatch(new Regex("^[EW]: ", RegexOptions.Multiline), stdout + stderr);
        Assert.True(code == 0, $"lintian exited {code}:\n{stdout}\n{stderr}");
    }

    [Fact]
    public void Given_the_package_Then_its_version_is_the_projects_and_it_suggests_the_peers()
    {
        Assert.Equal("metronome", package.Field("Package"));
        Assert.Equal(ProjectVersion.Package, package.Field("Version"));
        Assert.EndsWith($"/metronome_{ProjectVersion.Package}_amd64.deb", package.File);
        Assert.Equal("amd64", package.Field("Architecture"));
        Assert.Equal("fuse3, rt-tests, stress-ng", package.Field("Suggests"));
        Assert.True(int.Parse(package.Field("Installed-Size"), System.Globalization.CultureInfo.InvariantCulture) > 0);
    }

    [Fact]
    public void Given_the_package_Then_Depends_names_exactly_the_packages_of_the_libraries_the_binary_loads()
    {
        string binary = Path.Combine(package.Unpacked, "usr", "bin", "metronome");
        var libraries = DebianPackage.Run("ldd", binary).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => Regex.Match(line, @"(/\S+) \(0x"))
            .Where(m => m.Success).Select(m => m.Groups[1].Value).ToArray();
        Assert.NotEmpty(libraries);
        var owners = libraries.Select(library => DebianPackage.Run("dpkg", "-S", library).Split(':')[0])
            .ToHashSet(StringComparer.Ordinal);

        var depends = package.Field("Depends").Split(',', StringSplitOptions.TrimEntries)
            .Select(d => d.Split(' ')[0]).ToHashSet(StringComparer.Ordinal);

        Assert.Equal(owners.Order(StringComparer.Ordinal), depends.Order(StringComparer.Ordinal));
        Assert.Matches(@"^libc6 \(>= [0-9.]+\)", package.Field("Depends"));
    }

    [Fact]
    public void Given_the_package_Then_it_holds_the_binary_the_man_page_the_docs_and_every_unit_pointing_at_usr_bin()
    {
        Assert.Contains("/usr/bin/metronome", package.Paths);
        Assert.Contains("/usr/share/man/man1/metronome.1.gz", package.Paths);
        Assert.Contains("/usr/share/doc/metronome/copyright", package.Paths);
        Assert.Contains("/usr/share/doc/metronome/changelog.gz", package.Paths);
        Assert.Contains("/usr/share/doc/metronome/README.md", package.Paths);

        string deploy = Path.Combine(Repository.Root, "deploy");
        var units = Directory.GetFiles(deploy, "*.service");
        Assert.Contains(Path.Combine(deploy, "metronome-dahdi.service"), units);
        foreach (var unit in units)
        {
            string installed = "/lib/systemd/system/" + Path.GetFileName(unit);
            Assert.Contains(installed, package.Paths);
            var execs = File.ReadAllLines(package.Unpacked + installed).Where(l => l.StartsWith("ExecStart=", StringComparison.Ordinal)).ToArray();
            Assert.NotEmpty(execs);
            Assert.All(execs, e => Assert.StartsWith("ExecStart=/usr/bin/metronome ", e));
        }
        // Shipped, not enabled: no .wants symlink, nothing under /etc.
        Assert.DoesNotContain(package.Paths, p => p.StartsWith("/etc/", StringComparison.Ordinal) || p.Contains(".wants", StringComparison.Ordinal));

        // The Prometheus rules and the Grafana dashboard, whenever the repository has them.
        foreach (var dir in new[] { "prometheus", "grafana" }.Select(d => Path.Combine(deploy, d)).Where(Directory.Exists))
            foreach (var file in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories))
                Assert.Contains("/usr/share/metronome/" + Path.GetRelativePath(deploy, file), package.Paths);
    }

    [Fact]
    public void Given_the_man_page_Then_it_is_generated_from_the_help_of_every_verb()
    {
        string page = Path.Combine(package.Unpacked, "usr", "share", "man", "man1", "metronome.1.gz");
        var (code, text, stderr) = CliProcess.RunProgram(TimeSpan.FromSeconds(60), "man", "--warnings", "-E", "UTF-8", "-l", "-Tutf8", "-P", "cat", page);
        Assert.True(code == 0, stderr);
        Assert.Equal("", stderr);

        var (_, help, _) = CliProcess.Run(TimeSpan.FromSeconds(30), "--help");
        var verbs = Regex.Match(help, @"^Commands:\n((?:  .*\n?)+)", RegexOptions.Multiline).Groups[1].Value
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim().Split(' ')[0]).ToArray();
        Assert.Contains("doctor", verbs);
        string plain = Regex.Replace(text, ".\b", "");
        foreach (var verb in verbs)
        {
            Assert.Contains($"metronome {verb}", plain);
            // Each verb's options are there as its own --help prints them.
            var (_, verbHelp, _) = CliProcess.Run(TimeSpan.FromSeconds(30), verb, "--help");
            foreach (Match option in Regex.Matches(verbHelp, @"^  (?:-\w, )?(--[\w-]+)", RegexOptions.Multiline))
                Assert.Contains(option.Groups[1].Value, plain);
        }
    }
}
