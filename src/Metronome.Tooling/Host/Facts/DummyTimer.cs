using System.Text.Json.Serialization;

namespace Metronome.Tooling.Host.Facts;

/// <summary>The timer dahdi_dummy (or zaptel's ztdummy) announced it runs on.</summary>
[JsonConverter(typeof(DummyTimerNames.Json))]
internal enum DummyTimer
{
    Hrtimer,
    Rtc,
    Hpet,
    Usb,
    KernelTimer,
}

internal static class DummyTimerNames
{
    public static string Name(this DummyTimer t) => t switch
    {
        DummyTimer.Hrtimer => "hrtimer",
        DummyTimer.Rtc => "rtc",
        DummyTimer.Hpet => "hpet",
        DummyTimer.Usb => "usb",
        _ => "kernel-timer",
    };

    public sealed class Json : NamedEnumJson<DummyTimer>
    {
        protected override string Name(DummyTimer value) => value.Name();
    }
}
