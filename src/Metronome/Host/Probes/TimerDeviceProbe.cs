using System.Globalization;
using Metronome.Linux;

namespace Metronome.Host.Probes;

/// <summary>HPET and RTC: whether the host has them, and the per-user interrupt rate cap.</summary>
internal static class TimerDeviceProbe
{
    public static TimerDeviceFacts ReadHpet(HostRoot root, LiveFacts? live, KernelLog log, ClocksourceFacts clocksource, Capabilities capabilities, ProbeNotes notes)
    {
        bool? present = DeviceNode(root, live, "dev/hpet");
        if (present != true && (log.Matching("hpet0:").Any() || clocksource.Available.Contains("hpet"))) present = true;
        if (present is null && log.Lines is not null) present = false;
        notes.NoteValue("hpet.present", present, "no device list (live or snapshot) and no kernel log");
        return new TimerDeviceFacts(present, MaxUserFreq(root, "proc/sys/dev/hpet/max-user-freq"), capabilities.Has(Capabilities.SysResource));
    }

    public static TimerDeviceFacts ReadRtc(HostRoot root, LiveFacts? live, Capabilities capabilities, ProbeNotes notes)
    {
        bool? present = DeviceNode(root, live, "dev/rtc0");
        if (present != true && root.Exists("sys/class/rtc/rtc0")) present = true;
        notes.NoteValue("rtc.present", present, "no device list (live or snapshot) and no sys/class/rtc");
        return new TimerDeviceFacts(present, MaxUserFreq(root, "sys/class/rtc/rtc0/max_user_freq"), capabilities.Has(Capabilities.SysResource));
    }

    /// <summary>Live: whether the node exists; in a snapshot: what its live facts recorded; else unknown.</summary>
    internal static bool? DeviceNode(HostRoot root, LiveFacts? live, string device) =>
        live is not null ? live.DeviceNodes.Contains(device) : root.IsLive ? root.Exists(device) : null;

    private static int? MaxUserFreq(HostRoot root, string path)
    {
        var read = root.ReadLine(path);
        return read.Ok && int.TryParse(read.Text, NumberStyles.None, CultureInfo.InvariantCulture, out int hz) ? hz : null;
    }
}
