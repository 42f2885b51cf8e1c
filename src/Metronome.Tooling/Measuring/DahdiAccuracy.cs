using Metronome.Timing.DahdiAbi;

namespace Metronome.Tooling.Measuring;

/// <summary>dahdi_test's scoring, exactly as dahdi-tools computes it.</summary>
internal static class DahdiAccuracy
{
    /// <summary>Samples per read: dahdi_test keeps DAHDI's default block size.</summary>
    public const int BlockSamples = DahdiWire.DefaultBlockSize;

    /// <summary>A pass ends at the first block boundary with at least this many samples.</summary>
    public const int PassSamples = DahdiWire.SampleRate;

    /// <summary>Nanoseconds per sample interval (125 µs).</summary>
    public const double SampleIntervalNs = 1e9 / DahdiWire.SampleRate;

    /// <summary>(count − min(count, |count − intervals|)) / count × 100, clamped to 0..100 by construction.</summary>
    public static double Score(double count, double intervals) =>
        (count - Math.Min(count, Math.Abs(count - intervals))) / count * 100.0;
}
