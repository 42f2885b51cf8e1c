using Metronome.Tooling.Host;
using Metronome.Tooling.Host.Probes;

namespace Metronome.Tests.Host;

public class ParserTests
{
    [Fact]
    public void Given_a_kmsg_record_When_formatted_Then_it_reads_as_dmesg_prints_it()
    {
        Assert.Equal("[    5.140900] Hypervisor detected: KVM", KernelLog.FormatRecord("6,339,5140900,-;Hypervisor detected: KVM\n SUBSYSTEM=cpu\n"));
        Assert.Null(KernelLog.FormatRecord("garbage without a header"));
    }

    [Fact]
    public void Given_a_timer_list_from_an_old_kernel_When_parsed_Then_fields_are_found_by_name()
    {
        var t = TimerList.Parse("Timer List Version: v0.6\ncpu: 0\n  .resolution: 10000000 nsecs\n  .hres_active    : 0\nTick Device: mode:     0\nClock Event Device: pit\n event_handler:  tick_handle_periodic\n");

        Assert.NotNull(t);
        Assert.Equal(10_000_000, t.ResolutionNs);
        Assert.False(t.HresActive);
        Assert.Equal(["pit"], t.PerCpuDevices);
        Assert.Equal(["tick_handle_periodic"], t.EventHandlers);
    }

    [Fact]
    public void Given_one_cpu_without_high_resolution_When_parsed_Then_the_host_is_not_in_high_resolution_mode() =>
        Assert.False(TimerList.Parse("Timer List Version: v0.10\ncpu: 0\n  .hres_active    : 1\ncpu: 1\n  .hres_active    : 0\n")!.HresActive);

    [Theory]
    [InlineData("")]
    [InlineData("Timer Li")]
    [InlineData("cpu: 0\nnothing else here\n")]
    [InlineData("[    0.000000] Linux version 6.1.0\nclocksource: Switched to clocksource tsc\n")]
    public void Given_text_that_holds_none_of_timer_lists_fields_When_parsed_Then_it_is_null(string text) =>
        Assert.Null(TimerList.Parse(text));

    [Fact]
    public void Given_a_fragment_cut_mid_file_When_parsed_Then_its_fields_are_read_and_the_version_is_unknown()
    {
        var t = TimerList.Parse("cpu: 1\n clock 0:\n  .base:       ffff88003fd0e4c0\n  .index:      0\n  .resolution: 1 nsecs\n  .hres_active    : 1\n");

        Assert.NotNull(t);
        Assert.Equal(1, t.ResolutionNs);
        Assert.True(t.HresActive);
        Assert.Null(t.Version);
        Assert.Equal(4, t.ResolutionLine);
    }

    [Fact]
    public void Given_an_old_v0_4_timer_list_without_hres_active_When_parsed_Then_the_resolution_and_version_are_read() =>
        Assert.Equal(("v0.4", (long?)4_000_000, (bool?)null),
            TimerList.Parse("Timer List Version: v0.4\nHRTIMER_MAX_CLOCK_BASES: 2\nnow at 1295430155887 nsecs\n\ncpu: 0\n clock 0:\n  .index:      0\n  .resolution: 4000000 nsecs\n") is { } t
                ? (t.Version, t.ResolutionNs, t.HresActive) : default);
}
