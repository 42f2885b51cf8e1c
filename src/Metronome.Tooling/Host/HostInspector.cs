using System.Text.Json;
using Metronome.Tooling.Host.Probes;

namespace Metronome.Tooling.Host;

/// <summary>Runs every probe over a root (the live host, a snapshot, or pasted evidence) and gathers the facts.</summary>
internal static class HostInspector
{
    /// <summary>Inspects the live host; <paramref name="stealPercent"/> comes from the caller's window.</summary>
    /// <param name="stealWindow">What the steal was read over, as the report says it (<see cref="StealFacts.Window"/>).</param>
    public static HostInspection InspectLive(double? stealPercent, string stealWindow = StealFacts.DuringMeasurement)
    {
        var root = new HostRoot("/");
        return Inspect(root, LiveFacts.Gather(), stealPercent, KernelLog.Read(root), stealWindow: stealWindow);
    }

    /// <summary>Inspects a snapshot directory; its live facts come from <see cref="LiveFacts.FileName"/> when present.</summary>
    public static HostInspection InspectSnapshot(string directory)
    {
        var root = new HostRoot(directory);
        var notes = new ProbeNotes();
        var live = ReadLiveFacts(root, notes);
        if (live is not null) root.MarkCollected();
        var inspection = Inspect(root, live, null, KernelLog.Read(root), notes);
        return inspection with { Subject = live?.Describe() ?? "the snapshot" };
    }

    /// <summary>Inspects pasted evidence (<see cref="PastedEvidence"/>): what it lacks is unknown, never "no".</summary>
    public static HostInspection InspectPasted(PastedEvidence evidence)
    {
        var root = evidence.Root;
        var inspection = Inspect(root, null, null, KernelLog.Read(root));
        return inspection with { Subject = $"pasted evidence ({string.Join(", ", evidence.Names)})" };
    }

    internal static HostInspection Inspect(HostRoot root, LiveFacts? live, double? stealPercent, KernelLog log, ProbeNotes? notes = null,
        string stealWindow = StealFacts.DuringMeasurement)
    {
        notes ??= new ProbeNotes();
        var logReading = KernelLogProbe.Read(log, notes);
        var kernel = KernelProbe.ReadKernel(root, logReading, notes);
        var config = KernelConfig.Read(root, kernel.Release, notes);
        var clocksource = ClockProbe.ReadClocksource(root, logReading, notes);
        var timerList = ClockProbe.ReadTimerList(root, notes);
        var clockEvents = ClockProbe.ReadClockEvents(root, timerList, notes);
        var dahdi = TelephonyProbe.ReadDahdi(root, live, logReading, notes);
        var capabilities = CapabilitiesProbe.Read(root, notes);
        if (stealPercent is null) notes.Unknown("steal.percent", root.IsLive ? "no measuring window" : "a snapshot has no measuring window");
        else notes.Saw("steal.percent", new Evidence("live: /proc/stat", null, stealWindow));
        var facts = new HostFacts(
            VirtualizationProbe.ReadVirtualization(root, live, logReading, clocksource, notes),
            VirtualizationProbe.ReadContainer(root, notes),
            clocksource,
            clockEvents,
            ClockProbe.ReadHighResolution(root, timerList, live, logReading, notes),
            ClockProbe.ReadHz(config, live, notes),
            KernelProbe.ReadPreemption(root, kernel, logReading, config, notes),
            TimerDeviceProbe.ReadHpet(root, live, logReading, clocksource, clockEvents, capabilities, notes),
            TimerDeviceProbe.ReadRtc(root, live, logReading, capabilities, notes),
            logReading.TscUnstable,
            kernel,
            new StealFacts(stealPercent, stealPercent is null ? null : stealWindow),
            RealtimeProbe.Read(root, live, capabilities, notes),
            logReading.Facts,
            dahdi,
            TelephonyProbe.ReadAsterisk(root, dahdi, notes));
        return new HostInspection(facts, notes.Unknowns) { Evidence = notes.Evidence, Complete = root.Complete };
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
