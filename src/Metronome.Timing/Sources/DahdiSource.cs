using Metronome.Timing.DahdiAbi;
using Metronome.Timing.Linux;

namespace Metronome.Timing.Sources;

/// <summary>
/// Ticks from a DAHDI pseudo channel: kernel DAHDI (a card's clock or its core timer) or `metronome
/// dahdi`. A reader sees the device's 1 kHz only in whole blocks, and DAHDI's smallest block is 16
/// samples (2 ms), so the rate is the block rate: 8000 / block samples, at most 500 Hz. Each blocking
/// read of one block is one tick; the schedule's origin is the device's own phase, found by reading
/// for ~20 ms at start, so lateness is measured against the device. Blocks the device dropped while the
/// reader was behind (<see cref="LostBlockCounter"/>) are missed ticks: the device made them on time, and
/// a reader of larger blocks, such as dahdi_test's, would have had them.
/// </summary>
internal sealed class DahdiSource : ITickSource
{
    public const string DefaultDevice = "/dev/dahdi/pseudo";
    public const int DefaultRate = 500;

    /// <summary>How long Start reads to find the device's phase.</summary>
    private const long LockOnNs = 20_000_000;

    private readonly IPseudoFile _file;
    private readonly int _blockSamples;
    private readonly IMonotonicClock _clock;
    private TickSchedule _schedule;
    private long _counted;
    private LostBlockCounter? _lost;

    /// <summary>Reads <paramref name="file"/> in blocks of <paramref name="blockSamples"/>; the source owns the file.</summary>
    internal DahdiSource(IPseudoFile file, int blockSamples, IMonotonicClock clock)
    {
        _file = file;
        _blockSamples = blockSamples;
        _clock = clock;
    }

    public TickSourceKind Kind => TickSourceKind.Dahdi;

    /// <summary>The block rate: one tick per block read.</summary>
    public int Rate => DahdiWire.SampleRate / _blockSamples;

    public static DahdiSource Open(TickSourceOptions options, IMonotonicClock clock)
    {
        int rate = options.Rate;
        if (DahdiWire.SampleRate % rate != 0 || DahdiWire.SampleRate / rate < DahdiWire.MinBlockSize)
            throw new TickSourceException(
                $"the dahdi source ticks once per block, and DAHDI's blocks are 16 samples (2 ms) or more: the rate must divide 8000 and be at most 500 Hz (got {rate}; try --rate {DefaultRate})");
        int samples = DahdiWire.SampleRate / rate;
        var file = PseudoFile.Open(options.DahdiDevice);
        try
        {
            // Checked now, so a device that refuses the size fails before the run; then parked at the
            // largest block until Start, so that setting up the tick thread (mlockall takes a while) fills
            // no block and the device drops nothing on our account.
            file.SetBlockSize(samples);
            file.SetBlockSize(DahdiWire.MaxBlockSize);
        }
        catch
        {
            file.Dispose();
            throw;
        }
        return new DahdiSource(file, samples, clock);
    }

    public TickSchedule Start(long originNs)
    {
        _file.SetBlockSize(_blockSamples); // the real size now, into empty buffers
        // The buffers are empty now, so every read below waits for its block, and no read can return
        // before its block's boundary: each one's time minus its place in the sequence is an upper bound
        // of the device's phase, and the least of them over ~20 ms is the phase minus the least delivery
        // delay. One read alone would carry whatever delay that one reply had.
        long period = 1_000_000_000L * _blockSamples / DahdiWire.SampleRate;
        int blocks = (int)Math.Clamp(LockOnNs / period, 2, 16);
        long phase = long.MaxValue;
        for (int k = 0; k < blocks; k++)
        {
            _file.ReadBlock();
            phase = Math.Min(phase, _clock.NowNs() - k * period);
        }
        _schedule = new TickSchedule(phase + (blocks - 1) * period, Rate); // from the boundary of the last block read
        _counted = 0;
        _lost = new LostBlockCounter(period);
        return _schedule;
    }

    public int WaitTick()
    {
        long asked = _clock.NowNs();
        _file.ReadBlock();
        long now = _clock.NowNs();
        int elapsed = 1 + _lost!.OnRead(now - _schedule.DeadlineNs(_counted + 1), now - asked);
        _counted += elapsed;
        return elapsed;
    }

    public void Dispose() => _file.Dispose();
}
