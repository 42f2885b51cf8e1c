using Prometheus;

namespace Metronome.Monitoring;

/// <summary>`metronome dahdi --metrics`: the devices' own metrics beside the device clock's tick metrics.</summary>
internal static class DahdiMetrics
{
    /// <summary>What the devices report at a scrape (Monitoring does not know the devices: the caller reads them).</summary>
    public readonly record struct Counts(int PseudoChannels, int TimerChannels, long BlocksDelivered, long BlocksLost, long TimerEvents);

    public static void Register(TickMetrics metrics, Func<Counts> read)
    {
        var f = metrics.Factory;
        var pseudo = f.CreateGauge("metronome_dahdi_pseudo_channels_open", "Open /dev/dahdi/pseudo channels.");
        var timer = f.CreateGauge("metronome_dahdi_timer_channels_open", "Open /dev/dahdi/timer channels.");
        var delivered = f.CreateCounter("metronome_dahdi_blocks_delivered_total", "Blocks of audio handed to pseudo channel readers.");
        var lost = f.CreateCounter("metronome_dahdi_blocks_lost_total", "Blocks dropped because a pseudo reader fell more than two blocks behind.");
        var events = f.CreateCounter("metronome_dahdi_timer_events_total", "Timer expirations raised on /dev/dahdi/timer channels.");
        metrics.Registry.AddBeforeCollectCallback(() =>
        {
            var counts = read();
            pseudo.Set(counts.PseudoChannels);
            timer.Set(counts.TimerChannels);
            delivered.IncTo(counts.BlocksDelivered);
            lost.IncTo(counts.BlocksLost);
            events.IncTo(counts.TimerEvents);
        });
    }
}
