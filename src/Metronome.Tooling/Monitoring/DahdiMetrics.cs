using Prometheus;

namespace Metronome.Tooling.Monitoring;

/// <summary>`metronome dahdi --metrics`: the devices' own metrics beside the device clock's tick metrics.</summary>
internal sealed unsafe class DahdiMetrics
{
    private readonly Gauge _pseudo, _timer;
    private readonly Counter _delivered, _lost, _events;

    public DahdiMetrics(IMetricFactory f)
    {
        _pseudo = f.CreateGauge("metronome_dahdi_pseudo_channels_open", "Open /dev/dahdi/pseudo channels.");
        _timer = f.CreateGauge("metronome_dahdi_timer_channels_open", "Open /dev/dahdi/timer channels.");
        _delivered = f.CreateCounter("metronome_dahdi_blocks_delivered_total", "Blocks of audio handed to pseudo channel readers.");
        _lost = f.CreateCounter("metronome_dahdi_blocks_lost_total", "Blocks dropped because a pseudo reader fell more than two blocks behind.");
        _events = f.CreateCounter("metronome_dahdi_timer_events_total", "Timer expirations raised on /dev/dahdi/timer channels.");
    }

    public void Update(in MetricsSnapshot s)
    {
        _pseudo.Set(s.PseudoChannels);
        _timer.Set(s.TimerChannels);
        _delivered.IncTo(s.BlocksDelivered);
        _lost.IncTo(s.BlocksLost);
        _events.IncTo(s.TimerEvents);
    }
}
