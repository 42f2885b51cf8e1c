using System.Globalization;
using Metronome.Timing.Linux;

namespace Metronome.Tooling.Host.Probes;

/// <summary>HPET and RTC: whether the host has them, and the per-user interrupt rate cap.</summary>
internal static class TimerDeviceProbe
{
    internal const string Interrupts = "proc/interrupts";

    public static TimerDeviceFacts ReadHpet(HostRoot root, LiveFacts? live, LogReading log, ClocksourceFacts clocksource, ClockEventFacts clockEvents,
        Capabilities capabilities, ProbeNotes notes)
    {
        bool? present = DeviceNode(root, live, "dev/hpet", "hpet.present", notes);
        if (present != true)
        {
            var seen = log.Hpet
                ?? (clocksource.Available.Contains("hpet") ? notes.Evidence.GetValueOrDefault("clocksource.available") : null)
                ?? (log.Facts.Registered?.Contains("hpet") == true ? notes.Evidence.GetValueOrDefault("clocksource.registered") : null)
                ?? (clockEvents.PerCpu.Contains("hpet") || clockEvents.Broadcast == "hpet" ? notes.Evidence.GetValueOrDefault("clockevent.device") ?? notes.Evidence.GetValueOrDefault("clockevent.broadcast") : null)
                ?? InterruptLine(root, "hpet");
            if (seen is not null)
            {
                present = true;
                notes.Saw("hpet.present", seen);
            }
        }
        if (present is null && log.Facts.FromBoot)
        {
            // A log from boot registers hpet0 when there is one; a fragment or a grep proves nothing.
            present = false;
            notes.Saw("hpet.present", new Evidence(log.Facts.Available ? "kernel log from boot" : "kernel log", null, "no hpet0 line"));
        }
        notes.NoteValue("hpet.present", present, "no device list (live or snapshot) and no kernel log from boot");
        return new TimerDeviceFacts(present, MaxUserFreq(root, "proc/sys/dev/hpet/max-user-freq"), capabilities.Has(Capabilities.SysResource));
    }

    public static TimerDeviceFacts ReadRtc(HostRoot root, LiveFacts? live, LogReading log, Capabilities capabilities, ProbeNotes notes)
    {
        bool? present = DeviceNode(root, live, "dev/rtc0", "rtc.present", notes);
        if (present != true)
        {
            var seen = (root.Exists("sys/class/rtc/rtc0") ? root.EvidenceOf("sys/class/rtc/rtc0") : null) ?? log.Rtc ?? InterruptLine(root, "rtc");
            if (seen is not null)
            {
                present = true;
                notes.Saw("rtc.present", seen);
            }
        }
        notes.NoteValue("rtc.present", present, "no device list (live or snapshot) and no sys/class/rtc");
        return new TimerDeviceFacts(present, MaxUserFreq(root, "sys/class/rtc/rtc0/max_user_freq"), capabilities.Has(Capabilities.SysResource));
    }

    /// <summary>Live: whether the node exists; in a snapshot: what its live facts recorded; else unknown.</summary>
    private static bool? DeviceNode(HostRoot root, LiveFacts? live, string device, string fact, ProbeNotes notes)
    {
        // Pasted `ls -l /dev/hpet` output shows a node that exists; nothing pasted shows one that does not.
        if (root.IsPasted) return root.Exists(device) ? Saw(true, root.EvidenceOf(device)) : null;
        bool? present = live is not null ? live.DeviceNodes.Contains(device) : root.IsLive ? root.Exists(device) : null;
        if (present is { } p) Saw(p, new Evidence(live is not null && !root.IsLive ? LiveFacts.FileName : "live", null, $"/{device} {(p ? "exists" : "does not exist")}"));
        return present;

        bool Saw(bool value, Evidence evidence)
        {
            notes.Saw(fact, evidence);
            return value;
        }
    }

    /// <summary>The /proc/interrupts line of a device (an "hpet2" or "rtc0" interrupt), if the evidence has one.</summary>
    private static Evidence? InterruptLine(HostRoot root, string device)
    {
        var read = root.Read(Interrupts);
        if (!read.Ok) return null;
        var lines = read.Text!.Split('\n');
        int i = Array.FindIndex(lines, l => l.Contains(':') && l.Split(' ', StringSplitOptions.RemoveEmptyEntries).LastOrDefault()?.StartsWith(device, StringComparison.Ordinal) == true);
        return i >= 0 ? root.EvidenceOf(Interrupts, i, lines[i]) : null;
    }

    private static int? MaxUserFreq(HostRoot root, string path)
    {
        var read = root.ReadLine(path);
        return read.Ok && int.TryParse(read.Text, NumberStyles.None, CultureInfo.InvariantCulture, out int hz) ? hz : null;
    }
}
