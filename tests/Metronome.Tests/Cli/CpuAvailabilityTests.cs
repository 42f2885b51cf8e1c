using Metronome.Cli.Commands;

namespace Metronome.Tests.Cli;

/// <summary>--cpu names only CPUs this process may run on: a CPU that is offline or outside its affinity is bad usage.</summary>
public class CpuAvailabilityTests
{
    private static readonly int[] TwoCpus = [0, 1];

    [Theory]
    [InlineData("99", new[] { 99 }, "--cpu 99: CPU 99 is not online or not allowed here (allowed: 0,1)")]
    [InlineData("0,99", new[] { 0, 99 }, "--cpu 0,99: CPU 99 is not online or not allowed here (allowed: 0,1)")]
    [InlineData("0-3", new[] { 0, 1, 2, 3 }, "--cpu 0-3: CPUs 2,3 are not online or not allowed here (allowed: 0,1)")]
    public void Given_a_cpu_this_host_does_not_offer_When_checked_Then_one_line_names_it_and_the_allowed_ones(string text, int[] cpus, string expected) =>
        Assert.Equal(expected, CpuAvailability.Problem(text, cpus, TwoCpus));

    [Theory]
    [InlineData("1", new[] { 1 })]
    [InlineData("1,0", new[] { 1, 0 })]
    public void Given_cpus_this_host_offers_When_checked_Then_there_is_no_problem(string text, int[] cpus) =>
        Assert.Null(CpuAvailability.Problem(text, cpus, TwoCpus));

    [Fact]
    public void Given_an_affinity_that_cannot_be_read_When_checked_Then_the_list_is_left_to_the_pinning_warning() =>
        Assert.Null(CpuAvailability.Problem("99", [99], []));
}
