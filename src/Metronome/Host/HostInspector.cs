using System.Text.Json;
using Metronome.Host.Probes;

namespace Metronome.Host;

/// <summary>Runs every probe over a root (the live host or a snapshot) and gathers the facts.</summary>
public static class HostInspector
{
    /// <summary>Inspects the live host; <paramref name="stealPercent"/> comes from the caller's measuring window.</summary>
    public static HostInspection InspectLive(double? stealPercent)
    {
        var root = new HostRoot("/");
        return Inspect(root, LiveFacts.Gather(), stealPercent, KernelLog.Read(root));
    }

    /// <summary>Inspects a snapshot directory; its live facts come from <see cref="LiveFacts.FileName"/> when present.</summary>
    public static HostInspection InspectSnapshot(string directory)
    {
        var root = new HostRoot(directory);
        var notes = new ProbeNotes();
        var live = ReadLiveFacts(root, notes);
        return Inspect(root, live, null, KernelLog.Read(root), notes);
    }

    internal static HostInspection Inspect(HostRoot root, LiveFacts? live, double? stealPercent, KernelLog log, ProbeNotes? notes = null)
    {
        notes ??= new ProbeNotes();
        var kernel = KernelProbe.ReadKernel(root, notes);
        var config = KernelConfig.Read(root, kernel.Release, notes);
        var clocksource = ClockProbe.ReadClocksource(root, notes);
        var timerList = ClockProbe.ReadTimerList(root, notes);
        var (logFacts, tscUnstable) = KernelLogProbe.Read(log, notes);
        var dahdi = TelephonyProbe.ReadDahdi(root, live);
        var capabilities = CapabilitiesProbe.Read(root, notes);
        if (stealPercent is null) notes.Unknown("steal.percent", root.IsLive ? "no measuring window" : "a snapshot has no measuring window");
        var facts = new HostFacts(
            VirtualizationProbe.ReadVirtualization(root, live, log, clocksource, notes),
            VirtualizationProbe.ReadContainer(root, notes),
            clocksource,
            ClockProbe.ReadClockEvents(root, timerList, notes),
            ClockProbe.ReadHighResolution(timerList, live, notes),
            ClockProbe.ReadHz(config, live, notes),
            KernelProbe.ReadPreemption(root, kernel, log, config, notes),
            TimerDeviceProbe.ReadHpet(root, live, log, clocksource, capabilities, notes),
            TimerDeviceProbe.ReadRtc(root, live, capabilities, notes),
            tscUnstable,
            kernel,
            new StealFacts(stealPercent),
            RealtimeProbe.Read(root, live, capabilities, notes),
            logFacts,
            dahdi,
            TelephonyProbe.ReadAsterisk(root, dahdi));
        return new HostInspection(facts, notes.Unknowns);
    }

    private static LiveFacts? ReadLiveFacts(HostRoot root, ProbeNotes notes)
    {
        var read = root.Read(LiveFacts.FileName);
        if (!read.Ok)
        {
            notes.Unknown("liveFacts", read.Problem!);
            return null;
        }
        try
        {
            var facts = JsonSerializer.Deserialize(read.Text!, LiveFactsJsonContext.Default.LiveFacts);
            if (facts?.DeviceNodes is null) throw new JsonException("deviceNodes is missing");
            return facts;
        }
        catch (JsonException e)
        {
            notes.Unknown("liveFacts", $"{LiveFacts.FileName} is not valid: {e.Message}");
            return null;
        }
    }

    internal static string Serialize(LiveFacts facts) => JsonSerializer.Serialize(facts, LiveFactsJsonContext.Default.LiveFacts);
}
