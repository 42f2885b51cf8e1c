using System.CommandLine;
using Metronome.Timing.Linux;
using Metronome.Timing.Sources;

namespace Metronome.Cli.Commands;

/// <summary>--priority, --no-rt and --cpu: how the tick thread asks for real-time treatment, for every verb that ticks.</summary>
internal sealed class RealtimeOptions
{
    private readonly Option<int> _priority;
    private readonly Option<bool> _noRt;
    private readonly Option<string?>? _cpu;

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
        _cpu = pinning ? CpuOption() : null;
    }

    public IEnumerable<Option> All => _cpu is null ? [_priority, _noRt] : [_priority, _noRt, _cpu];

    /// <summary>`--cpu LIST`: one CPU pins the tick thread; two or more (0,1 / 0-3 / all) run one tick thread per CPU, the first to wake delivering.</summary>
    private static Option<string?> CpuOption()
    {
        var option = new Option<string?>("--cpu")
        {
            Description = "Pin the tick thread to this CPU; a list (0,1 or 0-3) or all runs one tick thread per CPU, and the first to wake delivers each tick.",
            HelpName = "LIST",
        };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is not { } text) return;
            if (CpuList.TryParse(text, out string? error) is not { } cpus) result.AddError(error!);
            else if (CpuAvailability.Problem(text, cpus, CpuList.Allowed()) is { } problem) result.AddError(problem);
        });
        return option;
    }

    /// <summary>
    /// Refuses (exit 2) --cpu with two or more CPUs for a source that cannot tick from several threads.
    /// </summary>
    public void RefuseRedundant(Command command, Option<string> source)
    {
        if (_cpu is null) return;
        command.Validators.Add(result =>
        {
            if (result.GetValue(_cpu) is { } text && CpuList.TryParse(text, out _) is { Count: > 1 }
                && SourceOptions.Kind(result.GetValue(source)) is var kind && kind != TickSourceKind.Auto && !TickGroup.RedundantKinds.Contains(kind))
                result.AddError($"--cpu {text} runs one tick thread per CPU, which the {kind.Name()} source cannot: use {TickSourceKinds.List(TickGroup.RedundantKinds)}, or one CPU");
        });
    }

    /// <summary>
    /// The CPUs of --cpu in the order given (null: not given; `auto` then probes the host and chooses,
    /// <see cref="AutoCpus"/>).
    /// </summary>
    public IReadOnlyList<int>? ReadCpus(ParseResult parse) =>
        _cpu is not null && parse.GetValue(_cpu) is { } text ? CpuList.TryParse(text, out _) : null;

    public RealtimeRequest Read(ParseResult parse)
    {
        int? cpu = ReadCpus(parse) is { Count: > 0 } cpus ? cpus[0] : null;
        return parse.GetValue(_noRt)
            ? RealtimeRequest.None with { Cpu = cpu, MinimalTimerSlack = true }
            : new RealtimeRequest(parse.GetValue(_priority), cpu);
    }
}
