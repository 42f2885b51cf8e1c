using System.Diagnostics;
using Metronome.Timing.Linux;
using Metronome.Tooling.Monitoring;

namespace Metronome.IntegrationTests.Monitoring;

/// <summary>The metrics page reaches the child it is handed to (the exporter) and no other child of the process.</summary>
public sealed class MetricsPageInheritanceTests
{
    private const string Page = "memfd:metronome-metrics";

    [Fact]
    public void Given_a_metrics_page_When_a_child_is_started_without_it_Then_the_child_does_not_see_it_and_one_handed_it_does()
    {
        using var page = MetricsPage.Create();

        string other = ListOwnDescriptors(start => Process.Start(start));
        string loadLike = ListOwnDescriptors(start => ChildStart.Start(start, []));
        string exporterLike = ListOwnDescriptors(start => ChildStart.Start(start, [page.Fd]));

        Assert.DoesNotContain(Page, other);
        Assert.DoesNotContain(Page, loadLike);
        Assert.Contains(Page, exporterLike);
        Assert.Contains($"{page.Fd} -> /{Page}", exporterLike); // under the number given on its command line
    }

    /// <summary>`ls -l /proc/self/fd` started the given way: the descriptors the child has.</summary>
    private static string ListOwnDescriptors(Func<ProcessStartInfo, Process?> start)
    {
        var info = new ProcessStartInfo("ls") { UseShellExecute = false, RedirectStandardOutput = true };
        foreach (string a in new[] { "-l", "/proc/self/fd" }) info.ArgumentList.Add(a);
        using var process = start(info) ?? throw new InvalidOperationException("ls did not start");
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
        return output;
    }
}
