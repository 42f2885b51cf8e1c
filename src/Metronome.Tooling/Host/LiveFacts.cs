using System.Runtime.Intrinsics.X86;
using Metronome.Timing.Linux;

namespace Metronome.Tooling.Host;

/// <summary>
/// Facts only a live host can give: CPUID, clock_getres, which device nodes exist, whether this process
/// may use SCHED_FIFO. A snapshot stores them as <see cref="FileName"/> in its root (docs/doctor.md).
/// </summary>
internal sealed record LiveFacts(
    string? CpuidHypervisorVendor,
    bool? CpuidHypervisorBit,
    long? MonotonicResolutionNs,
    long? CoarseResolutionNs,
    bool? SchedFifoAllowed,
    string? SchedFifoProblem,
    IReadOnlyList<string> DeviceNodes)
{
    public const string FileName = "metronome-live.json";

    /// <summary>The host a snapshot was collected on (--collect records it; a live run leaves it null).</summary>
    public string? Hostname { get; init; }

    /// <summary>When a snapshot was collected (UTC).</summary>
    public DateTimeOffset? CollectedAt { get; init; }

    /// <summary>How a report names the snapshot: "host pbx-3, collected 2026-11-20 14:02 UTC"; null when it does not say.</summary>
    public string? Describe() => Hostname is null ? null
        : CollectedAt is { } at ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"host {Hostname}, collected {at.UtcDateTime:yyyy-MM-dd HH:mm} UTC")
        : $"host {Hostname}";

    /// <summary>The device nodes the doctor asks about, relative to the root.</summary>
    public static readonly string[] WatchedDevices =
        ["dev/hpet", "dev/rtc", "dev/rtc0", "dev/dahdi/pseudo", "dev/dahdi/timer", "dev/dahdi/ctl", "dev/fuse", "dev/cpu_dma_latency"];

    public static LiveFacts Gather()
    {
        var (vendor, bit) = Cpuid();
        var (fifo, problem) = TrySchedFifo();
        return new LiveFacts(vendor, bit,
            MonotonicClock.ResolutionNs(LibC.CLOCK_MONOTONIC), MonotonicClock.ResolutionNs(LibC.CLOCK_MONOTONIC_COARSE),
            fifo, problem, WatchedDevices.Where(d => Path.Exists("/" + d)).ToArray());
    }

    private static (string? Vendor, bool? Bit) Cpuid()
    {
        if (!X86Base.IsSupported) return (null, null);
        bool bit = (X86Base.CpuId(1, 0).Ecx & (1 << 31)) != 0;
        if (!bit) return (null, false);
        var (_, ebx, ecx, edx) = X86Base.CpuId(0x40000000, 0);
        Span<byte> name = stackalloc byte[12];
        BitConverter.TryWriteBytes(name[..4], ebx);
        BitConverter.TryWriteBytes(name[4..8], ecx);
        BitConverter.TryWriteBytes(name[8..], edx);
        return (System.Text.Encoding.ASCII.GetString(name).TrimEnd('\0'), true);
    }

    /// <summary>Tries SCHED_FIFO on a short-lived thread, so this process's own threads are left alone.</summary>
    private static unsafe (bool? Allowed, string? Problem) TrySchedFifo()
    {
        bool? allowed = null;
        string? problem = null;
        var thread = new Thread(() =>
        {
            int priority = 1;
            if (LibC.SchedSetScheduler(0, LibC.SCHED_FIFO, &priority) == 0)
            {
                allowed = true;
                int zero = 0;
                _ = LibC.SchedSetScheduler(0, LibC.SCHED_OTHER, &zero);
            }
            else
            {
                allowed = false;
                problem = LibC.ErrorText(LibC.LastError);
            }
        });
        thread.Start();
        thread.Join();
        return (allowed, problem);
    }
}
