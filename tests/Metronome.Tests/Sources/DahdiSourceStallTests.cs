using Metronome.Tooling.Measuring;
using Metronome.Timing.Sources;
using Metronome.Tests.Fakes;

namespace Metronome.Tests.Sources;

/// <summary>
/// The dahdi source reading `metronome dahdi`'s pseudo channel (the real device code) on scripted time,
/// through stalls of the reader and of the server's tick thread: what `test --source dahdi` reports.
/// </summary>
public class DahdiSourceStallTests
{
    private const long Ms = 1_000_000;
    private const long Begin = Scripted.Origin;

    /// <summary>Three passes of 500 Hz reads (as `test --source dahdi -c 3`), recorded as the test verb records them.</summary>
    private static (TickRecorder Recorder, SimulatedPseudoFile Device) Read(Action<SimulatedPseudoFile> stalls, int wakeups = 1536)
    {
        var clock = new ScriptedClock(Begin);
        var device = new SimulatedPseudoFile(clock);
        stalls(device);
        using var source = new DahdiSource(device, blockSamples: 16, clock);
        var recorder = new TickRecorder(source.Start(clock.Now));
        for (int i = 0; i < wakeups; i++) recorder.OnWake(source.WaitTick(), clock.NowNs());
        return (recorder, device);
    }

    [Fact]
    public void Given_stalls_after_which_the_device_dropped_blocks_When_read_on_Then_the_lost_blocks_are_missed_ticks_and_the_rest_of_the_run_is_on_time()
    {
        // Each stall outlasts DAHDI's two buffers of 2 ms: the device drops blocks, as kernel DAHDI does.
        var (recorder, device) = Read(d => d
            .StallReader(Begin + 400 * Ms, 9 * Ms)
            .StallServer(Begin + 1300 * Ms, 10 * Ms)
            .StallReader(Begin + 2100 * Ms, 31 * Ms));

        var latency = LatencyStats.From(recorder.Histogram);
        Assert.True(device.LostBlocks >= 15, $"the script lost only {device.LostBlocks} blocks");
        Assert.True(latency.P50Ns <= 100_000, $"p50 {latency.P50Ns / 1000} us: the run is offset by the lost blocks");
        Assert.True(latency.P90Ns <= 1 * Ms, $"p90 {latency.P90Ns / 1000} us");
        Assert.Equal(device.LostBlocks, recorder.MissedTicks);
        // The lost blocks were produced on time: a dahdi_test reading 1024-sample blocks would have had them.
        Assert.True(DahdiSummary.From(recorder.Passes.Snapshot()).Worst >= 99.99, $"worst pass {DahdiSummary.From(recorder.Passes.Snapshot()).Worst}");
    }

    [Fact]
    public void Given_stalls_the_two_buffers_absorb_When_read_on_Then_nothing_is_missed_and_the_late_reads_keep_their_lateness()
    {
        var (recorder, device) = Read(d => d
            .StallReader(Begin + 400 * Ms, 3 * Ms)
            .StallServer(Begin + 900 * Ms, 3 * Ms)
            .StallServer(Begin + 1500 * Ms, 3 * Ms).StallReader(Begin + 1503 * Ms, 1 * Ms));

        var latency = LatencyStats.From(recorder.Histogram);
        Assert.Equal(0, device.LostBlocks);
        Assert.Equal(0, recorder.MissedTicks);
        Assert.InRange(latency.MaxNs, 2 * Ms, 4 * Ms);
        Assert.True(latency.P90Ns <= 100_000, $"p90 {latency.P90Ns / 1000} us");
    }

    [Fact]
    public void Given_one_long_stall_of_the_server_When_read_on_Then_the_blocks_of_its_burst_are_late_once_and_the_dropped_ones_missed()
    {
        var (recorder, device) = Read(d => d.StallServer(Begin + 700 * Ms, 50 * Ms), wakeups: 600);

        var latency = LatencyStats.From(recorder.Histogram);
        Assert.Equal(device.LostBlocks, recorder.MissedTicks);
        Assert.InRange(latency.MaxNs, 48 * Ms, 51 * Ms);
        Assert.True(latency.P90Ns <= 100_000, $"p90 {latency.P90Ns / 1000} us");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Given_a_minute_of_a_noisy_host_When_read_Then_every_lost_block_is_one_missed_tick_and_the_median_stays_on_time(int seed)
    {
        // Stalls of either side, 0.5 to 40 ms, twice a second on average, at random moments: the noisy guest.
        var random = new Random(seed);
        var (recorder, device) = Read(d =>
        {
            for (long at = Begin + 100 * Ms; at < Begin + 60_000 * Ms; at += random.NextInt64(10 * Ms, 990 * Ms))
            {
                long length = random.NextInt64(500_000, 40 * Ms);
                if (random.Next(2) == 0) d.StallReader(at, length);
                else d.StallServer(at, length);
            }
        }, wakeups: 30_000);

        var latency = LatencyStats.From(recorder.Histogram);
        Assert.True(device.LostBlocks > 100, $"the script lost only {device.LostBlocks} blocks");
        Assert.Equal(device.LostBlocks, recorder.MissedTicks);
        Assert.True(latency.P50Ns <= 100_000, $"p50 {latency.P50Ns / 1000} us");
        Assert.True(latency.MinNs >= -100_000, $"min {latency.MinNs / 1000} us: more blocks counted than the device made");
    }
}
