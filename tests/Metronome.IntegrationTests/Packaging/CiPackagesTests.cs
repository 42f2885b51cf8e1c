using System.Diagnostics;
using Metronome.Tests.Support;

namespace Metronome.IntegrationTests.Packaging;

/// <summary>
/// The project's install step (`apt-get install --no-install-recommends` of .ci/packages, what .ci/run,
/// test.sh and build.sh do) must never install dahdi-dkms or dkms: they build kernel DAHDI wherever
/// kernel headers are. Simulated from scratch (an empty dpkg status: a machine that has nothing), so
/// what this machine already has hides nothing. It asks this machine's apt (and its package lists), so it
/// is an integration test.
/// </summary>
public class CiPackagesTests
{
    private static readonly string[] Forbidden = ["dahdi-dkms", "dkms"];

    [Fact]
    public void Given_the_ci_package_list_When_its_install_is_simulated_on_an_empty_machine_Then_it_names_neither_dahdi_dkms_nor_dkms()
    {
        var installed = SimulateInstall(CiPackages());

        Assert.Contains("gcc", installed); // the simulation did resolve the list
        Assert.Empty(installed.Intersect(Forbidden));
    }

    [Fact]
    public void Given_debians_dahdi_package_When_its_install_is_simulated_Then_the_check_sees_dkms_come_in()
    {
        // The check can fail: this is what installing dahdi (as .ci/packages once did) would bring.
        var installed = SimulateInstall(["dahdi"]);

        Assert.Contains("dahdi-dkms", installed);
        Assert.Contains("dkms", installed);
    }

    private static string[] CiPackages() =>
        [.. File.ReadAllLines(Path.Combine(Repository.Root, ".ci", "packages"))
            .Select(l => l.Split('#')[0].Trim()).Where(l => l.Length > 0)];

    /// <summary>The packages `apt-get -s install --no-install-recommends` would install on a machine with none.</summary>
    private static HashSet<string> SimulateInstall(IEnumerable<string> packages)
    {
        var info = new ProcessStartInfo("apt-get") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "-s", "-o", "Dir::State::status=/dev/null", "install", "--no-install-recommends" }.Concat(packages))
            info.ArgumentList.Add(a);
        using var p = Process.Start(info)!;
        var stderr = p.StandardError.ReadToEndAsync();
        string stdout = p.StandardOutput.ReadToEnd();
        Assert.True(p.WaitForExit(120_000), "apt-get -s did not finish");
        Assert.True(p.ExitCode == 0, $"apt-get -s failed ({p.ExitCode}); are the package lists there (apt-get update)? {stderr.Result}");
        // "Inst NAME (VERSION ...)" per package it would install.
        return [.. stdout.Split('\n').Where(l => l.StartsWith("Inst ", StringComparison.Ordinal)).Select(l => l.Split(' ')[1])];
    }
}
