using System.CommandLine;
using Metronome.Linux;

namespace Metronome.Cli.Commands;

/// <summary>--priority, --no-rt and --cpu: how the tick thread asks for real-time treatment, for every verb that ticks.</summary>
internal sealed class RealtimeOptions
{
    private readonly Option<int> _priority;
    private readonly Option<bool> _noRt;
    private readonly Option<int?>? _cpu;

    /// <param name="pinning">Offer --cpu (compare does not: its cyclictest row would not be pinned alike).</param>
    /// <param name="peer">Who else takes these settings, for the help text (compare: "cyclictest").</param>
    public RealtimeOptions(bool pinning = true, string? peer = null)
    {
        _priority = new Option<int>("--priority", "-p")
        {
            Description = peer is null ? "SCHED_FIFO priority of the tick thread." : $"SCHED_FIFO priority of the tick thread (and {peer}'s).",
            DefaultValueFactory = _ => RealtimeRequest.DefaultPriority,
        }.InRange(1, 99);
        _noRt = new Option<bool>("--no-rt")
        {
            Description = "Stay SCHED_OTHER: no real-time priority, memory locking or cpu_dma_latency hold" + (peer is null ? "." : $" ({peer} too)."),
        };
        _cpu = pinning ? new Option<int?>("--cpu") { Description = "Pin the tick thread to this CPU." }.InRange(0, 1023) : null;
    }

    public IEnumerable<Option> All => _cpu is null ? [_priority, _noRt] : [_priority, _noRt, _cpu];

    public RealtimeRequest Read(ParseResult parse)
    {
        int? cpu = _cpu is null ? null : parse.GetValue(_cpu);
        return parse.GetValue(_noRt)
            ? RealtimeRequest.None with { Cpu = cpu, MinimalTimerSlack = true }
            : new RealtimeRequest(parse.GetValue(_priority), cpu);
    }
}
