using Metronome.Tooling.Measuring;

namespace Metronome.Tests.Measuring;

public class HelperThreadsTests
{
    [Fact]
    public void Given_a_tick_thread_pinned_to_one_of_four_cpus_When_helpers_are_placed_Then_they_get_the_other_three() =>
        Assert.Equal([0, 1, 3], HelperThreads.Free([2], [0, 1, 2, 3]));

    [Fact]
    public void Given_a_tick_thread_on_every_allowed_cpu_When_helpers_are_placed_Then_they_are_left_alone() =>
        Assert.Null(HelperThreads.Free([0, 1], [0, 1]));

    [Fact]
    public void Given_a_tick_thread_that_is_not_pinned_When_helpers_are_placed_Then_they_are_left_alone() =>
        Assert.Null(HelperThreads.Free([null], [0, 1]));
}
