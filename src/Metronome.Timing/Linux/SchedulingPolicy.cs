using System.Text.Json.Serialization;

namespace Metronome.Timing.Linux;

/// <summary>The scheduling policy a tick thread got (sched(7)); results and metrics name it as the kernel does.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SchedulingPolicy>))]
internal enum SchedulingPolicy
{
    [JsonStringEnumMemberName(SchedulingPolicies.OtherName)] Other = LibC.SCHED_OTHER,
    [JsonStringEnumMemberName(SchedulingPolicies.FifoName)] Fifo = LibC.SCHED_FIFO,
}
