using System.Buffers.Binary;
using Metronome.Timing.DahdiAbi;
using Metronome.Timing.Sources;
using Metronome.Tooling.Dahdi;
using Metronome.Tooling.Fuse;

namespace Metronome.Tests.Fakes;

/// <summary>
/// `metronome dahdi`'s pseudo channel on scripted time, as the dahdi source reads it: the real
/// <see cref="PseudoDevice"/>, ticked at 1 kHz by a server tick thread that can be stalled (it then serves
/// every tick due in one burst, as the real one does), and read by a reader whose thread can be stalled. A
/// read finds a buffered block and returns at once, or waits for the tick that fills one. Each read moves
/// the clock to the moment the reader runs again with its block.
/// </summary>
internal sealed class SimulatedPseudoFile : IPseudoFile
{
    public const long TickNs = 1_000_000;

    /// <summary>A read answered from the buffers: one FUSE round trip.</summary>
    public const long RoundTripNs = 30_000;

    /// <summary>A waiting read, from the tick that fills its block to the reader running with it.</summary>
    public const long DeliveryNs = 20_000;

    private readonly ScriptedClock _clock;
    private readonly RecordingChannel _channel = new();
    private readonly PseudoDevice _device;
    private readonly long _serverOrigin;
    private readonly List<(long From, long To)> _serverStalls = [];
    private readonly List<(long From, long To)> _readerStalls = [];
    private long _nextTick = 1;
    private ulong _unique = 1;
    private int _blockSamples = DahdiWire.DefaultBlockSize;

    /// <param name="serverPhaseNs">How far into its millisecond the server's schedule is when the simulation starts.</param>
    public SimulatedPseudoFile(ScriptedClock clock, long serverPhaseNs = 337_000)
    {
        _clock = clock;
        _device = new PseudoDevice(1, _channel);
        _serverOrigin = clock.Now - serverPhaseNs;
    }

    /// <summary>Blocks the device dropped because its reader was too far behind.</summary>
    public long LostBlocks => _device.LostBlocks;

    /// <summary>The server's tick thread stops at <paramref name="atNs"/> for <paramref name="lengthNs"/>.</summary>
    public SimulatedPseudoFile StallServer(long atNs, long lengthNs)
    {
        _serverStalls.Add((atNs, atNs + lengthNs));
        return this;
    }

    /// <summary>The reader's thread stops at <paramref name="atNs"/> for <paramref name="lengthNs"/>.</summary>
    public SimulatedPseudoFile StallReader(long atNs, long lengthNs)
    {
        _readerStalls.Add((atNs, atNs + lengthNs));
        return this;
    }

    public void SetBlockSize(int samples)
    {
        ServeUntil(_clock.Now);
        Span<byte> argument = stackalloc byte[sizeof(int)];
        BinaryPrimitives.WriteInt32LittleEndian(argument, samples);
        ulong unique = _unique++;
        using (var serving = _device.Serve()) serving.Ioctl(new FuseReplyTo(_channel, unique), DahdiIoctl.SetBlockSize, argument);
        if (_channel.ReplyTo(unique).Error != 0) throw new TickSourceException($"refused a block size of {samples}");
        _blockSamples = samples;
    }

    public void ReadBlock()
    {
        long issued = Running(_readerStalls, _clock.Now);
        ServeUntil(issued);
        ulong unique = _unique++;
        using (var serving = _device.Serve()) serving.Read(new FuseReplyTo(_channel, unique), (uint)_blockSamples, 0);
        long answered = issued + RoundTripNs;
        while (!_channel.Answered(unique)) answered = ServeNextWakeUp() + DeliveryNs;
        _clock.Now = Running(_readerStalls, answered);
        _channel.Sent.Clear();
    }

    private long Due(long tick) => _serverOrigin + tick * TickNs;

    /// <summary>The server's next wake-up: when the next tick is due, or the end of the stall that covers it; it serves every tick due by then.</summary>
    private long ServeNextWakeUp()
    {
        long wake = Running(_serverStalls, Due(_nextTick));
        int ticks = 0;
        for (; Due(_nextTick) <= wake; _nextTick++) ticks++;
        _device.Tick(ticks);
        return wake;
    }

    private void ServeUntil(long nowNs)
    {
        while (Running(_serverStalls, Due(_nextTick)) <= nowNs) ServeNextWakeUp();
    }

    /// <summary>When a thread that wants to run at <paramref name="atNs"/> runs, given its stalls.</summary>
    private static long Running(List<(long From, long To)> stalls, long atNs)
    {
        foreach (var (from, to) in stalls)
            if (atNs >= from && atNs < to) atNs = to;
        return atNs;
    }

    public void Dispose() { }
}
