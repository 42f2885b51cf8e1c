using System.Globalization;
using Metronome.Timing.Linux;
using Metronome.Tooling.Host.Facts;

namespace Metronome.Tooling.Host.Probes;

/// <summary>Whether this process can get real-time scheduling, and the host settings around it.</summary>
internal static class RealtimeProbe
{
    public static RealtimeCapabilityFacts Read(HostRoot root, LiveFacts? live, Capabilities capabilities, ProbeNotes notes)
    {
        var limits = root.Read("proc/self/limits");
        string? rtprio = limits.Ok ? Limit(limits.Text!, "Max realtime priority") : null;
        string? memlock = limits.Ok ? Limit(limits.Text!, "Max locked memory") : null;
        if (rtprio is not null) notes.Saw(FactKey.RealtimeRtprioLimit, root.EvidenceOf("proc/self/limits", null, $"Max realtime priority {rtprio}"));
        if (memlock is not null) notes.Saw(FactKey.RealtimeMemlockLimit, root.EvidenceOf("proc/self/limits", null, $"Max locked memory {memlock}"));
        if (live?.SchedFifoAllowed is { } fifo) notes.Saw(FactKey.RealtimeSchedFifo, new Evidence(root.IsLive ? "live: sched_setscheduler(SCHED_FIFO)" : LiveFacts.FileName, null, fifo ? "allowed" : live.SchedFifoProblem));
        notes.Note(FactKey.RealtimeRtprioLimit, rtprio, limits.Problem ?? "no 'Max realtime priority' line");
        notes.Note(FactKey.RealtimeMemlockLimit, memlock, limits.Problem ?? "no 'Max locked memory' line");
        var isolated = root.Read("sys/devices/system/cpu/isolated");
        var governor = root.ReadLine("sys/devices/system/cpu/cpu0/cpufreq/scaling_governor");
        string? governorName = governor.Ok && ClockProbe.IsName(governor.Text!) ? governor.Text : null;
        if (governorName is not null) notes.Saw(FactKey.RealtimeCpufreqGovernor, root.EvidenceOf("sys/devices/system/cpu/cpu0/cpufreq/scaling_governor", 0, governorName));
        if (!isolated.Ok) notes.Unknown(FactKey.RealtimeIsolatedCpus, isolated.Problem!);
        if (isolated.Ok) notes.Saw(FactKey.RealtimeIsolatedCpus, root.EvidenceOf("sys/devices/system/cpu/isolated", 0, isolated.Text!.Trim()));
        notes.Note(FactKey.RealtimeCpufreqGovernor, governorName, governor.Ok ? "scaling_governor is garbage" : "no cpufreq on CPU 0 (usual in virtual machines)");
        notes.NoteValue(FactKey.RealtimeSchedFifo, live?.SchedFifoAllowed, "only a live run can try SCHED_FIFO");
        return new RealtimeCapabilityFacts(
            live?.SchedFifoAllowed, rtprio, memlock, capabilities.Has(Capabilities.IpcLock),
            Number(root, "proc/sys/kernel/sched_rt_runtime_us", notes, FactKey.RealtimeRtRuntimeUs),
            Number(root, "proc/sys/kernel/sched_rt_period_us", notes, FactKey.RealtimeRtPeriodUs),
            isolated.Ok ? isolated.Text!.Trim() : null,
            governorName);
    }

    /// <summary>The soft limit column of a /proc/self/limits row.</summary>
    private static string? Limit(string text, string name) => ProcLimits.Soft(text, name);

    private static long? Number(HostRoot root, string path, ProbeNotes notes, FactKey fact)
    {
        var read = root.ReadLine(path);
        if (read.Ok && long.TryParse(read.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long v))
        {
            notes.Saw(fact, root.EvidenceOf(path, 0, read.Text));
            return v;
        }
        notes.Unknown(fact, read.Problem ?? $"{path} is not a number");
        return null;
    }
}
