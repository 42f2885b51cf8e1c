namespace Metronome.Tooling.Host;

/// <summary>The doctor's quick run of the auto source, folded into the verdict.</summary>
internal sealed record DoctorMeasurement(
    string Source, string Policy, double Seconds, int Passes, double DahdiAverage, double DahdiWorst,
    long P99Ns, long MaxNs, long Ticks, long MissedTicks, double? StealPercent, double? HostBusyPercent, string? Error)
{
    /// <summary>The load the measurement ran under (--load), or null.</summary>
    public string? Load { get; init; }
}
