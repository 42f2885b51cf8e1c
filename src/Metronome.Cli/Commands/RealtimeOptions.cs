using System.CommandLine;
using Metronome.Linux;

namespace Metronome.Cli.Commands;

/// <summary>--priority, --no-rt and --cpu: how the tick thread asks for real-time treatment, for every verb that ticks.</summary>
internal sealed class RealtimeOptions
{
    private readonly Option<int> _priority = new Option<int>("--priority", "-p") { Description = "SCHED_FIFO priority of the tick thread.", DefaultValueFactory = _ => RealtimeRequest.DefaultPriority }
        .InRange(1, 99);

    private readonly Option<bool> _noRt = new("--no-rt") { Description = "Stay SCHED_OTHER: no real-time priority, memory locking or cpu_dma_latency hold." };

    private readonly Option<int?> _cpu = new Option<int?>("--cpu") { Description = "Pin the tick thread to this CPU." }.InRange(0, 1023);

    public IEnumerable<Option> All => [_priority, _noRt, _cpu];

    public RealtimeRequest Read(ParseResult parse) => parse.GetValue(_noRt)
        ? RealtimeRequest.None with { Cpu = parse.GetValue(_cpu), MinimalTimerSlack = true }
        : new RealtimeRequest(parse.GetValue(_priority), parse.GetValue(_cpu));
}
