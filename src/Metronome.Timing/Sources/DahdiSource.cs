using System.Runtime.InteropServices;
using Metronome.Timing.DahdiAbi;
using Metronome.Timing.Linux;

namespace Metronome.Timing.Sources;

/// <summary>
/// Ticks from a DAHDI pseudo channel: kernel DAHDI (a card's clock or its core timer) or `metronome
/// dahdi`. A reader sees the device's 1 kHz only in whole blocks, and DAHDI's smallest block is 16
/// samples (2 ms), so the rate is the block rate: 8000 / block samples, at most 500 Hz. Each blocking
/// read of one block is one tick; the schedule's origin is the device's own phase, found by reading
/// for ~20 ms at start, so lateness is measured against the device. Blocks a slow reader lost are
/// invisible to it, as they are to dahdi_test.
/// </summary>
internal sealed unsafe class DahdiSource : ITickSource
{
    public const string DefaultDevice = "/dev/dahdi/pseudo";
    public const int DefaultRate = 500;

    /// <summary>How long Start reads to find the device's phase.</summary>
    private const long LockOnNs = 20_000_000;

    private readonly string _device;
    private readonly int _blockSamples;
    private readonly IMonotonicClock _clock;
    private int _fd;
    private byte* _buffer;

    private DahdiSource(int fd, string device, int blockSamples, IMonotonicClock clock)
    {
        _fd = fd;
        _device = device;
        _blockSamples = blockSamples;
        _clock = clock;
        _buffer = (byte*)NativeMemory.Alloc((nuint)blockSamples);
    }

    public string Name => TickSourceKind.Dahdi;

    /// <summary>The block rate: one tick per block read.</summary>
    public int Rate => DahdiWire.SampleRate / _blockSamples;

    public static DahdiSource Open(TickSourceOptions options, IMonotonicClock clock)
    {
        int rate = options.Rate;
        if (DahdiWire.SampleRate % rate != 0 || DahdiWire.SampleRate / rate < DahdiWire.MinBlockSize)
            throw new TickSourceException(
                $"the dahdi source ticks once per block, and DAHDI's blocks are 16 samples (2 ms) or more: the rate must divide 8000 and be at most 500 Hz (got {rate}; try --rate {DefaultRate})");
        int samples = DahdiWire.SampleRate / rate;
        string device = options.DahdiDevice;
        int fd = LibC.Open(device, LibC.O_RDWR | LibC.O_CLOEXEC);
        if (fd < 0)
            throw new TickSourceException($"cannot open {device}: {LibC.ErrorText(LibC.LastError)} (is kernel DAHDI loaded, or `metronome dahdi` running?)");
        var source = new DahdiSource(fd, device, samples, clock);
        try
        {
            // Checked now, so a device that refuses the size fails before the run; then parked at the
            // largest block until Start, so that setting up the tick thread (mlockall takes a while) fills
            // no block and the device drops nothing on our account.
            source.SetBlockSize(samples);
            source.SetBlockSize(DahdiWire.MaxBlockSize);
        }
        catch
        {
            source.Dispose();
            throw;
        }
        return source;
    }

    /// <summary>DAHDI_SET_BLOCKSIZE; a new size empties the buffers, as DAHDI's reallocation does.</summary>
    private void SetBlockSize(int samples)
    {
        if (LibC.Ioctl(_fd, DahdiIoctl.SetBlockSize, &samples) != 0)
            throw new TickSourceException($"{_device} refused a block size of {samples} samples: {LibC.ErrorText(LibC.LastError)}");
    }

    public TickSchedule Start(long originNs)
    {
        SetBlockSize(_blockSamples); // the real size now, into empty buffers
        // The buffers are empty now, so every read below waits for its block, and no read can return
        // before its block's boundary: each one's time minus its place in the sequence is an upper bound
        // of the device's phase, and the least of them over ~20 ms is the phase minus the least delivery
        // delay. One read alone would carry whatever delay that one reply had.
        long period = 1_000_000_000L * _blockSamples / DahdiWire.SampleRate;
        int blocks = (int)Math.Clamp(LockOnNs / period, 2, 16);
        long phase = long.MaxValue;
        for (int k = 0; k < blocks; k++)
        {
            ReadBlock();
            phase = Math.Min(phase, _clock.NowNs() - k * period);
        }
        return new TickSchedule(phase + (blocks - 1) * period, Rate); // from the boundary of the last block read
    }

    public int WaitTick()
    {
        ReadBlock();
        return 1;
    }

    private void ReadBlock()
    {
        nint n = LibC.ReadRestarting(_fd, _buffer, _blockSamples);
        if (n > 0) return;
        throw new TickSourceException(n == 0
            ? $"{_device} returned end of file"
            : $"reading {_device} failed: {LibC.ErrorText(LibC.LastError)}");
    }

    public void Dispose()
    {
        if (_fd >= 0) LibC.Close(_fd);
        _fd = -1;
        if (_buffer is not null) NativeMemory.Free(_buffer);
        _buffer = null;
    }
}
