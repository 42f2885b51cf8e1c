using Metronome.Timing.DahdiAbi;

namespace Metronome.Tooling.Measuring;

/// <summary>
/// Turns ticks into what dahdi_test would see reading a pseudo channel driven by them: every tick
/// delivers 8000/rate samples, a blocking read returns when a 1024-sample block fills, and a pass ends at
/// the first block boundary with ≥ 8000 samples. The time of a pass runs from the wake-up that completed
/// the previous pass (the schedule origin for the first) to the wake-up that completes this one.
/// Integer arithmetic: samples delivered × rate is compared with block boundaries × rate, so odd rates
/// do not accumulate rounding.
/// </summary>
internal sealed class DahdiPassScorer
{
    private readonly int _rate;
    private readonly long _blocksPerPass;
    private long _ticks;
    private long _blocksCompleted;
    private long _passStartNs;

    public DahdiPassScorer(int rate, long originNs)
    {
        _rate = rate;
        _passStartNs = originNs;
        _blocksPerPass = (DahdiAccuracy.PassSamples + DahdiAccuracy.BlockSamples - 1) / DahdiAccuracy.BlockSamples;
    }

    /// <summary>Adds the ticks of one wake-up; returns true with the pass when it completes one.</summary>
    public bool Add(int elapsedTicks, long nowNs, out PassResult pass)
    {
        _ticks += elapsedTicks;
        // Blocks filled so far: floor(ticks × 8000 / rate / 1024).
        long blocks = _ticks * DahdiWire.SampleRate / _rate / DahdiAccuracy.BlockSamples;
        long passEndBlock = (_blocksCompleted / _blocksPerPass + 1) * _blocksPerPass;
        if (blocks < passEndBlock)
        {
            pass = default;
            return false;
        }
        // A wake-up that fills blocks past this pass (a stall longer than a pass) starts the next pass at
        // once; those reads would return immediately, as dahdi_test's do after a stall.
        _blocksCompleted = passEndBlock;
        int samples = (int)(_blocksPerPass * DahdiAccuracy.BlockSamples);
        double intervals = (nowNs - _passStartNs) / DahdiAccuracy.SampleIntervalNs;
        _passStartNs = nowNs;
        pass = new PassResult(DahdiAccuracy.Score(samples, intervals), samples, intervals);
        return true;
    }
}
