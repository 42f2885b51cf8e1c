using Metronome.Tooling.Host.Facts;

namespace Metronome.Tests.Host;

/// <summary>Formats of pasted evidence met in the held-out fixtures: each read for what it says.</summary>
public class PastedFormatTests
{
    [Fact]
    public void Given_uname_a_of_an_ubuntu_kernel_When_read_Then_release_build_and_machine_are_read()
    {
        var facts = Pasted.Facts(Pasted.Inspect("$ uname -a\nLinux wren 5.19.0-26-generic #27-Ubuntu SMP PREEMPT_DYNAMIC Wed Nov 23 20:44:15 UTC 2022 x86_64 x86_64 x86_64 GNU/Linux\n"));

        Assert.Equal("5.19.0-26-generic", facts["kernel.version"].Value);
        Assert.Equal("#27-Ubuntu SMP PREEMPT_DYNAMIC Wed Nov 23 20:44:15 UTC 2022", facts["kernel.build"].Value);
        Assert.Equal("x86_64", facts["arch"].Value);
    }

    // The 2.6 kernels' "Clocksource tsc unstable (...)" is only recognised at the start of the message: the prefix must go.
    [Theory]
    [InlineData("Tue Mar  8 13:19:34 2022 kern.info kernel: [14669.0] Clocksource tsc unstable (delta = 4686 ns)")] // OpenWrt logread
    [InlineData("> [    1.2] Clocksource tsc unstable (delta = 4686 ns)")] // a mail reply's quote
    [InlineData("> > Clocksource tsc unstable (delta = 4686 ns)")]
    [InlineData("[2020-10-16 04:19:33] [    1.2] Clocksource tsc unstable (delta = 4686 ns)")] // a console logger's stamp before the kernel's
    public void Given_a_kernel_line_behind_a_prefix_When_read_Then_the_message_is_read(string line) =>
        Assert.Equal("yes", Pasted.Facts(Pasted.Inspect(line + "\n"))["tsc.unstable"].Value);

    [Theory]
    [InlineData("\tcat /sys/devices/system/clocksource/clocksource0/current_clocksource\n\t\t\thisi-timer\n")] // indented notes
    [InlineData("/sys/devices/system/clocksource/clocksource0$ cat current_clocksource\nhisi-timer\n")] // a prompt that is a path
    [InlineData("lm3:~ # cat /sys/devices/system/clocksource/clocksource0/current_clocksource\nhisi-timer\n")]
    public void Given_a_sysfs_cat_behind_an_unusual_prompt_When_read_Then_its_value_is_read(string paste) =>
        Assert.Equal("hisi-timer", Pasted.Facts(Pasted.Inspect(paste))["clocksource.current"].Value);

    [Fact]
    public void Given_asterisks_module_show_When_read_Then_the_loaded_timing_modules_and_the_one_used_are_facts()
    {
        var inspection = Pasted.Inspect("""
            asterisk*CLI> module show like timing
            Module                         Description                              Use Count  Status      Support Level
            res_timing_pthread.so          pthread Timing Interface                 0          Running              core
            res_timing_timerfd.so          Timerfd Timing Interface                 1          Running              core
            2 modules loaded
            """);
        var facts = Pasted.Facts(inspection);

        Assert.Equal("yes", facts["asterisk.installed"].Value);
        Assert.Equal("timerfd", facts["asterisk.timing"].Value);
        Assert.Equal(4, facts["asterisk.timing"].Evidence.Line);
        Assert.Equal("res_timing_pthread.so, res_timing_timerfd.so", facts["asterisk.timing-modules"].Value);
        Assert.Equal(AsteriskTiming.Timerfd, inspection.Facts.Asterisk.WillUse);
    }

    [Fact]
    public void Given_proc_stat_When_read_Then_steal_since_boot_is_a_fact_and_judged()
    {
        // user nice system idle iowait irq softirq steal: 600 of 10000 is 6% steal.
        var inspection = Pasted.Inspect("$ head -1 /proc/stat\ncpu  2000 0 1000 6000 200 0 200 600 0 0\n");
        var steal = Metronome.Tooling.Host.DoctorRules.Evaluate(inspection, null).Single(f => f.Id == Metronome.Tooling.Host.FindingId.Steal);

        Assert.Equal("6.00", Pasted.Facts(inspection)["steal.since-boot-percent"].Value);
        Assert.Equal(Metronome.Tooling.Host.FindingStatus.Fail, steal.Status);
        Assert.Equal("steal 6.00% of CPU time since boot (/proc/stat)", steal.Observed);
    }
}
