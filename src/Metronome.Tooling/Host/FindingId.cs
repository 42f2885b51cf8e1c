using System.Text.Json.Serialization;
using Metronome.Tooling.Host.Facts;

namespace Metronome.Tooling.Host;

/// <summary>The doctor's rules, one finding each, in report order (docs/doctor.md's findings table).</summary>
[JsonConverter(typeof(FindingIds.Json))]
internal enum FindingId
{
    Clocksource,
    HighResolution,
    ClockEvents,
    Hz,
    Preemption,
    Virtualization,
    Container,
    Hpet,
    Rtc,
    Tsc,
    TimerTrouble,
    Stalls,
    DahdiTimer,
    Platform,
    Realtime,
    Memlock,
    RtThrottling,
    IsolatedCpus,
    Cpufreq,
    Steal,
    Measurement,
    Dahdi,
    Asterisk,
}

internal static class FindingIds
{
    public static string Name(this FindingId id) => id switch
    {
        FindingId.Clocksource => "clocksource",
        FindingId.HighResolution => "high-resolution",
        FindingId.ClockEvents => "clock-events",
        FindingId.Hz => "hz",
        FindingId.Preemption => "preemption",
        FindingId.Virtualization => "virtualization",
        FindingId.Container => "container",
        FindingId.Hpet => "hpet",
        FindingId.Rtc => "rtc",
        FindingId.Tsc => "tsc",
        FindingId.TimerTrouble => "timer-trouble",
        FindingId.Stalls => "stalls",
        FindingId.DahdiTimer => "dahdi-timer",
        FindingId.Platform => "platform",
        FindingId.Realtime => "realtime",
        FindingId.Memlock => "memlock",
        FindingId.RtThrottling => "rt-throttling",
        FindingId.IsolatedCpus => "isolated-cpus",
        FindingId.Cpufreq => "cpufreq",
        FindingId.Steal => "steal",
        FindingId.Measurement => "measurement",
        FindingId.Dahdi => "dahdi",
        _ => "asterisk",
    };

    public sealed class Json : NamedEnumJson<FindingId>
    {
        protected override string Name(FindingId value) => value.Name();
    }
}
