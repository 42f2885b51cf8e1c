using System.Globalization;
using Metronome.Timing.Linux;

namespace Metronome.Tooling.Host.Probes;

/// <summary>Whether this process can get real-time scheduling, and the host settings around it.</summary>
internal static class RealtimeProbe
{
    public static RealtimeCapabilityFacts Read(HostRoot root, LiveFacts? live, Capabilities capabilities, ProbeNotes notes)
    {
        var limits = root.Read("proc/self/limits");
        string? rtprio = limits.Ok ? Limit(limits.Text!, "Max realtime priority") : null;
        string? memlock = limits.Ok ? Limit(limits.Text!, "Max locked memory") : null;
        if (rtprio is not null) notes.Saw("realtime.rtprio-limit", root.EvidenceOf("proc/self/limits", null, $"Max realtime priority {rtprio}"));
        if (memlock is not null) notes.Saw("realtime.memlock-limit", root.EvidenceOf("proc/self/limits", null, $"Max locked memory {memlock}"));
        if (live?.SchedFifoAllowed is { } fifo) notes.Saw("realtime.sched-fifo", new Evidence(root.IsLive ? "live: sched_setscheduler(SCHED_FIFO)" : LiveFacts.FileName, null, fifo ? "allowed" : live.SchedFifoProblem));
        notes.Note("realtime.rtprioLimit", rtprio, limits.Problem ?? "no 'Max realtime priority' line");
        notes.Note("realtime.memlockLimit", memlock, limits.Problem ?? "no 'Max locked memory' line");
        var isolated = root.Read("sys/devices/system/cpu/isolated");
        var governor = root.ReadLine("sys/devices/system/cpu/cpu0/cpufreq/scaling_governor");
        string? governorName = governor.Ok && ClockProbe.IsName(governor.Text!) ? governor.Text : null;
        if (governorName is not null) notes.Saw("realtime.cpufreq-governor", root.EvidenceOf("sys/devices/system/cpu/cpu0/cpufreq/scaling_governor", 0, governorName));
        if (!isolated.Ok) notes.Unknown("realtime.isolatedCpus", isolated.Problem!);
        if (isolated.Ok) notes.Saw("realtime.isolated-cpus", root.EvidenceOf("sys/devices/system/cpu/isolated", 0, isolated.Text!.Trim()));
        notes.Note("realtime.cpufreqGovernor", governorName, governor.Ok ? "scaling_governor is garbage" : "no cpufreq on CPU 0 (usual in virtual machines)");
        notes.NoteValue("realtime.schedFifo", live?.SchedFifoAllowed, "only a live run can try SCHED_FIFO");
        return new RealtimeCapabilityFacts(
            live?.SchedFifoAllowed, rtprio, memlock, capabilities.Has(Capabilities.IpcLock),
            Number(root, "proc/sys/kernel/sched_rt_runtime_us", notes, "realtime.rtRuntimeUs", "realtime.rt-runtime-us"),
            Number(root, "proc/sys/kernel/sched_rt_period_us", notes, "realtime.rtPeriodUs", "realtime.rt-period-us"),
            isolated.Ok ? isolated.Text!.Trim() : null,
            governorName);
    }

    /// <summary>The soft limit column of a /proc/self/limits row.</summary>
    private static string? Limit(string text, string name) => ProcLimits.Soft(text, name);

    private static long? Number(HostRoot root, string path, ProbeNotes notes, string fact, string sheetName)
    {
        var read = root.ReadLine(path);
        if (read.Ok && long.TryParse(read.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long v))
        {
            notes.Saw(sheetName, root.EvidenceOf(path, 0, read.Text));
            return v;
        }
        notes.Unknown(fact, read.Problem ?? $"{path} is not a number");
        return null;
    }
}
