using Metronome.Timing.Linux;

namespace Metronome.IntegrationTests;

/// <summary>
/// A [Fact] about ticking from several CPUs: on a process allowed only one CPU it is reported as skipped,
/// with the reason, instead of passing without having run (xunit 2 decides a skip when it finds the test).
/// </summary>
public sealed class MultiCpuFactAttribute : FactAttribute
{
    public MultiCpuFactAttribute()
    {
        var cpus = CpuList.Allowed();
        if (cpus.Count < 2)
            Skip = $"needs two CPUs; this process may run on {(cpus.Count == 0 ? "an unreadable set" : "CPU " + CpuList.Format(cpus))} only";
    }
}
