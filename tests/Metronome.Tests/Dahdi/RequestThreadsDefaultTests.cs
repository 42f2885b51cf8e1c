using Metronome.Tooling.Dahdi;

namespace Metronome.Tests.Dahdi;

/// <summary>`metronome dahdi`'s default request threads: half the CPUs, at least one, at most the cap.</summary>
public class RequestThreadsDefaultTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 1)]
    [InlineData(3, 1)]
    [InlineData(4, 2)]
    [InlineData(16, 8)]
    [InlineData(1000, DahdiServerOptions.MaxRequestThreads)]
    public void Given_a_number_of_CPUs_When_the_default_is_taken_Then_it_is_one_request_thread_per_two(int cpus, int expected)
    {
        Assert.Equal(expected, DahdiServerOptions.RequestThreadsFor(cpus));
    }
}
