using System.Globalization;
using Metronome.Timing.Linux;
using Metronome.Timing.Sources;

namespace Metronome.Tooling.Measuring;

/// <summary>
/// Whether `auto` ticks from one thread or from one thread per CPU (the first to wake delivering), by
/// evidence: a short probe (<see cref="WakeupRecording"/>, one pinned thread per CPU the process may use)
/// measures how often one thread stalls here and how often the first of them all still would. One thread
/// per CPU costs a wake-up per CPU and tick, so it pays only where stalls are frequent and not shared by
/// every CPU at once. The thresholds sit between the two machine types measured (docs/auto.md): a quiet
/// guest stalled about once in ten seconds, where the redundant form gained nothing; a guest whose
/// hypervisor stops vCPUs stalled two to three times a second, and the redundant form cut that to a third.
/// </summary>
internal static class AutoRedundancy
{
    /// <summary>How long the probe ticks.</summary>
    public static readonly TimeSpan ProbeTime = TimeSpan.FromSeconds(2);

    /// <summary>One thread's stalls a second from which one thread per CPU pays.</summary>
    public const double MinStallsPerSecond = 1.0;

    /// <summary>The share of those stalls the first of N must avoid: stalls of every CPU at once it cannot.</summary>
    public const double MinShareAvoided = 0.5;

    /// <summary>Probes this host with the run's real-time request on the CPUs the process may use, then decides.</summary>
    public static AutoChoice Probe(TickSourceOptions options, RealtimeRequest request)
    {
        var allowed = CpuList.Allowed();
        if (allowed.Count < 2) return Decide(null, allowed);
        var recording = WakeupRecording.Run(TickSourceKind.Auto, options, allowed, request, ProbeTime);
        return Decide(StallEvidence.From(recording), allowed);
    }

    /// <summary>The choice for <paramref name="evidence"/> (null: no probe, one CPU) over the <paramref name="allowed"/> CPUs.</summary>
    public static AutoChoice Decide(StallEvidence? evidence, IReadOnlyList<int> allowed)
    {
        if (evidence is null || allowed.Count < 2) return new AutoChoice(null, "one thread: this process may use one CPU");
        var c = CultureInfo.InvariantCulture;
        double one = evidence.OneThreadPerSecond, first = evidence.FirstOfNPerSecond;
        string found = string.Format(c, "a {0:0.#} s probe found {1:0.0} stalls a second on one thread", evidence.Seconds, one);
        if (one < MinStallsPerSecond)
            return new AutoChoice(null, string.Format(c, "one thread: {0}, one per CPU pays from {1:0.0}", found, MinStallsPerSecond));
        string firstOf = string.Format(c, "{0:0.0} on the first of {1}", first, allowed.Count);
        if (one - first < MinShareAvoided * one)
            return new AutoChoice(null, $"one thread: {found}, {firstOf}, as every CPU stalled at once");
        return new AutoChoice(allowed, $"{found}, {firstOf}");
    }
}
