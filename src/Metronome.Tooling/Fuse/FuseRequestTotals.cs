using System.Runtime.InteropServices;

namespace Metronome.Tooling.Fuse;

/// <summary>
/// Requests served, by kind, and how long each took from its read to its reply, summed over the
/// server's request threads. Plain numbers: it is copied into the metrics page byte for byte.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct FuseRequestTotals
{
    /// <summary>Upper bounds of the service-time buckets, in seconds; one more slot counts the rest.</summary>
    public static ReadOnlySpan<double> ServiceBuckets => [2e-6, 5e-6, 10e-6, 20e-6, 50e-6, 100e-6, 200e-6, 500e-6, 1e-3, 5e-3];

    public const int ServiceSlots = 11;

    public long Threads;

    /// <summary>Requests by <see cref="FuseRequestKind"/>.</summary>
    public fixed long Requests[FuseRequestKinds.Count];

    /// <summary>Requests per service-time bucket (not cumulative; the last slot is above every bound).</summary>
    public fixed long ServiceCounts[ServiceSlots];

    /// <summary>The sum of those requests' service times, in seconds, per slot.</summary>
    public fixed double ServiceSums[ServiceSlots];

    public readonly long AllRequests
    {
        get
        {
            long sum = 0;
            for (int i = 0; i < FuseRequestKinds.Count; i++) sum += Requests[i];
            return sum;
        }
    }

    /// <summary>The bucket a service time falls in.</summary>
    public static int SlotOf(long ns)
    {
        var bounds = ServiceBuckets;
        double seconds = ns / 1e9;
        for (int i = 0; i < bounds.Length; i++)
            if (seconds <= bounds[i]) return i;
        return bounds.Length;
    }
}
