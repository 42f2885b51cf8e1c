using System.Globalization;

namespace Metronome.Host.Probes;

/// <summary>Clocksource, clock event devices, high-resolution mode and HZ.</summary>
internal static class ClockProbe
{
    private const string Clocksource = "sys/devices/system/clocksource/clocksource0";
    private const string ClockEvents = "sys/devices/system/clockevents";

    public static ClocksourceFacts ReadClocksource(HostRoot root, ProbeNotes notes)
    {
        var current = root.ReadLine($"{Clocksource}/current_clocksource");
        var available = root.ReadLine($"{Clocksource}/available_clocksource");
        string? name = current.Ok && IsName(current.Text!) ? current.Text : null;
        notes.Note("clocksource.current", name, current.Problem ?? "current_clocksource is not a clocksource name");
        var names = available.Ok ? available.Text!.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(IsName).ToArray() : [];
        if (names.Length == 0) notes.Unknown("clocksource.available", available.Problem ?? "available_clocksource lists no names");
        return new ClocksourceFacts(name, names);
    }

    public static TimerList? ReadTimerList(HostRoot root, ProbeNotes notes)
    {
        var read = root.Read("proc/timer_list");
        if (!read.Ok)
        {
            notes.Unknown("timerList", read.Problem!);
            return null;
        }
        var parsed = TimerList.Parse(read.Text!);
        if (parsed is null) notes.Unknown("timerList", "proc/timer_list does not start with 'Timer List Version:'");
        return parsed;
    }

    public static ClockEventFacts ReadClockEvents(HostRoot root, TimerList? timerList, ProbeNotes notes)
    {
        var perCpu = root.List(ClockEvents)
            .Where(e => e.StartsWith("clockevent", StringComparison.Ordinal) && int.TryParse(e["clockevent".Length..], out _))
            .OrderBy(e => int.Parse(e["clockevent".Length..], CultureInfo.InvariantCulture))
            .Select(e => root.ReadLine($"{ClockEvents}/{e}/current_device"))
            .Where(r => r.Ok && IsName(r.Text!))
            .Select(r => r.Text!)
            .ToArray();
        if (perCpu.Length == 0 && timerList is not null) perCpu = [.. timerList.PerCpuDevices];
        if (perCpu.Length == 0) notes.Unknown("clockEvents.perCpu", "neither sysfs clockevents nor /proc/timer_list name a device");
        var broadcast = root.ReadLine($"{ClockEvents}/broadcast/current_device");
        string? broadcastName = broadcast.Ok && IsName(broadcast.Text!) ? broadcast.Text : timerList?.BroadcastDevice;
        notes.Note("clockEvents.broadcast", broadcastName, broadcast.Problem);
        return new ClockEventFacts(perCpu, broadcastName, timerList?.EventHandlers ?? []);
    }

    public static HighResolutionFacts ReadHighResolution(TimerList? timerList, LiveFacts? live, ProbeNotes notes)
    {
        // clock_getres(CLOCK_MONOTONIC) is 1 ns exactly when high-resolution mode is on; timer_list says it per CPU.
        long? resolution = timerList?.ResolutionNs ?? live?.MonotonicResolutionNs;
        bool? active = timerList?.HresActive ?? (resolution is { } r ? r <= 1 : null);
        notes.NoteValue("highResolution.active", active, "needs /proc/timer_list (root) or the live clock_getres");
        notes.NoteValue("highResolution.resolutionNs", resolution, "needs /proc/timer_list (root) or the live clock_getres");
        return new HighResolutionFacts(active, resolution);
    }

    public static int? ReadHz(KernelConfig? config, LiveFacts? live, ProbeNotes notes)
    {
        if (config?["CONFIG_HZ"] is { } text && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int hz) && hz > 0)
            return hz;
        // The coarse clock advances once a jiffy: its resolution is 1 s / HZ.
        if (live?.CoarseResolutionNs is { } coarse && coarse > 0) return (int)Math.Round(1e9 / coarse);
        notes.Unknown("hz", "no CONFIG_HZ in the kernel config and no live CLOCK_MONOTONIC_COARSE resolution");
        return null;
    }

    /// <summary>Clocksource and device names are short identifiers; anything else is garbage.</summary>
    internal static bool IsName(string text) =>
        text.Length is > 0 and <= 64 && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ' ' or '<' or '>');
}
