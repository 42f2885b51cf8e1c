using Metronome.Tooling.Fuse;
using Prometheus;

namespace Metronome.Tooling.Monitoring;

/// <summary>`metronome dahdi --metrics`: the devices' own metrics and the request threads' beside the device clock's tick metrics.</summary>
internal sealed unsafe class DahdiMetrics
{
    private readonly Gauge _pseudo, _timer, _threads;
    private readonly Counter _delivered, _lost, _events;
    private readonly Counter.Child[] _requests = new Counter.Child[FuseRequestKinds.Count];
    private readonly Histogram _service;

    public DahdiMetrics(IMetricFactory f)
    {
        _pseudo = f.CreateGauge("metronome_dahdi_pseudo_channels_open", "Open /dev/dahdi/pseudo channels.");
        _timer = f.CreateGauge("metronome_dahdi_timer_channels_open", "Open /dev/dahdi/timer channels.");
        _delivered = f.CreateCounter("metronome_dahdi_blocks_delivered_total", "Blocks of audio handed to pseudo channel readers.");
        _lost = f.CreateCounter("metronome_dahdi_blocks_lost_total", "Blocks dropped because a pseudo reader fell more than two blocks behind.");
        _events = f.CreateCounter("metronome_dahdi_timer_events_total", "Timer expirations raised on /dev/dahdi/timer channels.");
        _threads = f.CreateGauge("metronome_dahdi_request_threads", "Threads taking the kernel's FUSE requests, each from its own /dev/fuse descriptor.");
        var requests = f.CreateCounter("metronome_dahdi_requests_total",
            "FUSE requests served, by opcode (ioctl: DAHDI_TIMERPING, GETEVENT, TIMERACK, ...; poll: every poll() of a channel).",
            new CounterConfiguration { LabelNames = ["opcode"] });
        for (int kind = 0; kind < FuseRequestKinds.Count; kind++) _requests[kind] = requests.WithLabels(FuseRequestKinds.Label((FuseRequestKind)kind));
        _service = f.CreateHistogram("metronome_dahdi_request_seconds",
            "Service time of each FUSE request: from reading it off /dev/fuse to writing its reply (a read that waits for its block ends when it is queued).",
            new HistogramConfiguration { Buckets = [.. FuseRequestTotals.ServiceBuckets] });
    }

    public void Update(in MetricsSnapshot s, in MetricsSnapshot seen)
    {
        _pseudo.Set(s.PseudoChannels);
        _timer.Set(s.TimerChannels);
        _delivered.IncTo(s.BlocksDelivered);
        _lost.IncTo(s.BlocksLost);
        _events.IncTo(s.TimerEvents);
        _threads.Set(s.Requests.Threads);
        for (int kind = 0; kind < FuseRequestKinds.Count; kind++) _requests[kind].IncTo(s.Requests.Requests[kind]);
        for (int slot = 0; slot < FuseRequestTotals.ServiceSlots; slot++)
        {
            long count = s.Requests.ServiceCounts[slot] - seen.Requests.ServiceCounts[slot];
            if (count <= 0) continue;
            // As for lateness: the mean of the new requests in a bucket lies inside it.
            _service.Observe((s.Requests.ServiceSums[slot] - seen.Requests.ServiceSums[slot]) / count, count);
        }
    }
}
