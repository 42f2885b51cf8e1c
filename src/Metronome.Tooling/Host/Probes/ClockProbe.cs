using System.Globalization;

namespace Metronome.Tooling.Host.Probes;

/// <summary>Clocksource, clock event devices, high-resolution mode and HZ.</summary>
internal static class ClockProbe
{
    internal const string Clocksource = "sys/devices/system/clocksource/clocksource0";
    internal const string ClockEvents = "sys/devices/system/clockevents";
    internal const string TimerListPath = "proc/timer_list";

    public static ClocksourceFacts ReadClocksource(HostRoot root, LogReading log, ProbeNotes notes)
    {
        var current = root.ReadLine($"{Clocksource}/current_clocksource");
        var available = root.ReadLine($"{Clocksource}/available_clocksource");
        string? name = current.Ok && IsName(current.Text!) ? current.Text : null;
        if (name is not null) notes.Saw("clocksource.current", root.EvidenceOf($"{Clocksource}/current_clocksource", 0, name));
        else if (log.SwitchedTo is { } switched)
        {
            // Nothing newer than the kernel log's last switch: that is the clocksource in use.
            name = switched.Value;
            notes.Saw("clocksource.current", switched.Evidence);
        }
        notes.Note("clocksource.current", name, current.Problem ?? "current_clocksource is not a clocksource name");
        var names = available.Ok ? available.Text!.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(IsName).ToArray() : [];
        if (names.Length == 0) notes.Unknown("clocksource.available", available.Problem ?? "available_clocksource lists no names");
        else notes.Saw("clocksource.available", root.EvidenceOf($"{Clocksource}/available_clocksource", 0, available.Text));
        return new ClocksourceFacts(name, names);
    }

    public static TimerList? ReadTimerList(HostRoot root, ProbeNotes notes)
    {
        var read = root.Read(TimerListPath);
        if (!read.Ok)
        {
            notes.Unknown("timerList", read.Problem!);
            return null;
        }
        var parsed = TimerList.Parse(read.Text!);
        if (parsed is null) notes.Unknown("timerList", "proc/timer_list holds none of timer_list's fields");
        else if (parsed.VersionLine is { } v) notes.Saw("timer_list.version", root.EvidenceOf(TimerListPath, v, parsed.Version));
        return parsed;
    }

    public static ClockEventFacts ReadClockEvents(HostRoot root, TimerList? timerList, ProbeNotes notes)
    {
        var sysfs = root.List(ClockEvents)
            .Where(e => e.StartsWith("clockevent", StringComparison.Ordinal) && int.TryParse(e["clockevent".Length..], out _))
            .OrderBy(e => int.Parse(e["clockevent".Length..], CultureInfo.InvariantCulture))
            .Select(e => (Path: $"{ClockEvents}/{e}/current_device", Read: root.ReadLine($"{ClockEvents}/{e}/current_device")))
            .Where(r => r.Read.Ok && IsName(r.Read.Text!))
            .ToArray();
        var perCpu = sysfs.Select(r => r.Read.Text!).ToArray();
        if (sysfs.Length > 0) notes.Saw("clockevent.device", root.EvidenceOf(sysfs[0].Path, 0, perCpu[0]));
        else if (timerList is { PerCpuDevices.Count: > 0 })
        {
            perCpu = [.. timerList.PerCpuDevices];
            notes.Saw("clockevent.device", root.EvidenceOf(TimerListPath, timerList.DeviceLine, perCpu[0]));
        }
        if (perCpu.Length == 0) notes.Unknown("clockEvents.perCpu", "neither sysfs clockevents nor /proc/timer_list name a device");
        var broadcast = root.ReadLine($"{ClockEvents}/broadcast/current_device");
        string? broadcastName = broadcast.Ok && IsName(broadcast.Text!) ? broadcast.Text : timerList?.BroadcastDevice;
        if (broadcastName is not null)
            notes.Saw("clockevent.broadcast", broadcast.Ok ? root.EvidenceOf($"{ClockEvents}/broadcast/current_device", 0, broadcastName) : root.EvidenceOf(TimerListPath));
        notes.Note("clockEvents.broadcast", broadcastName, broadcast.Problem);
        return new ClockEventFacts(perCpu, broadcastName, timerList?.EventHandlers ?? []);
    }

    public static HighResolutionFacts ReadHighResolution(HostRoot root, TimerList? timerList, LiveFacts? live, LogReading log, ProbeNotes notes)
    {
        // clock_getres(CLOCK_MONOTONIC) is 1 ns exactly when high-resolution mode is on; timer_list says it per CPU
        // (.hres_active; where a version or fragment lacks it, a .resolution of 1 nsecs says the same).
        long? resolution = timerList?.ResolutionNs;
        if (resolution is not null) notes.Saw("high-resolution.resolution-ns", root.EvidenceOf(TimerListPath, timerList!.ResolutionLine, $".resolution: {resolution} nsecs"));
        else if (live?.MonotonicResolutionNs is { } r)
        {
            resolution = r;
            notes.Saw("high-resolution.resolution-ns", new Evidence("live: clock_getres(CLOCK_MONOTONIC)", null, $"{r} ns"));
        }
        bool? active = timerList?.HresActive;
        if (active is not null) notes.Saw("high-resolution.active", root.EvidenceOf(TimerListPath, timerList!.HresLine, $".hres_active: {(active == true ? 1 : 0)}"));
        else if (resolution is { } res)
        {
            active = res <= 1;
            notes.Saw("high-resolution.active", timerList?.ResolutionNs is not null
                ? root.EvidenceOf(TimerListPath, timerList.ResolutionLine, $".resolution: {res} nsecs")
                : new Evidence("live: clock_getres(CLOCK_MONOTONIC)", null, $"{res} ns"));
        }
        // "Could not switch to high resolution mode" is not taken as "off": a clock event device registered later can still switch it on.
        else if (log.HighResolutionOn is { } on)
        {
            active = true;
            notes.Saw("high-resolution.active", on);
        }
        notes.NoteValue("highResolution.active", active, "needs /proc/timer_list (root) or the live clock_getres");
        notes.NoteValue("highResolution.resolutionNs", resolution, "needs /proc/timer_list (root) or the live clock_getres");
        return new HighResolutionFacts(active, resolution, timerList?.Version);
    }

    public static int? ReadHz(KernelConfig? config, LiveFacts? live, ProbeNotes notes)
    {
        if (config?["CONFIG_HZ"] is { } text && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int hz) && hz > 0)
        {
            notes.Saw("hz", config.EvidenceOf("CONFIG_HZ"));
            return hz;
        }
        // The coarse clock advances once a jiffy: its resolution is 1 s / HZ.
        if (live?.CoarseResolutionNs is { } coarse && coarse > 0)
        {
            notes.Saw("hz", new Evidence("live: clock_getres(CLOCK_MONOTONIC_COARSE)", null, $"{coarse} ns"));
            return (int)Math.Round(1e9 / coarse);
        }
        notes.Unknown("hz", "no CONFIG_HZ in the kernel config and no live CLOCK_MONOTONIC_COARSE resolution");
        return null;
    }

    /// <summary>Clocksource and device names are short identifiers; anything else is garbage.</summary>
    internal static bool IsName(string text) =>
        text.Length is > 0 and <= 64 && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ' ' or '<' or '>');
}
