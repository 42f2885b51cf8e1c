using Metronome.Host;
using Metronome.Host.Probes;

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

    [Fact]
    public void Given_text_that_is_not_a_timer_list_When_parsed_Then_it_is_null() =>
        Assert.Null(TimerList.Parse("cpu: 0\n.resolution: 1 nsecs\n"));
}
