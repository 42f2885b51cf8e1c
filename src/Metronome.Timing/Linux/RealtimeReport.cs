namespace Metronome.Timing.Linux;

/// <summary>What the tick thread actually got; every refusal is a warning, never an exception.</summary>
internal sealed record RealtimeReport(
    SchedulingPolicy Policy,
    int Priority,
    bool Mlocked,
    int? Cpu,
    long? TimerSlackNs,
    bool DmaLatencyHeld,
    IReadOnlyList<string> Warnings);
