using System.Text.Json.Serialization;

namespace Metronome.Tooling.Host.Facts;

/// <summary>Asterisk's timing providers, highest priority first (res_timing_*.c: timerfd 200, kqueue 150, dahdi 100, pthread 0).</summary>
[JsonConverter(typeof(AsteriskTimingNames.Json))]
internal enum AsteriskTiming
{
    Timerfd,
    Kqueue,
    Dahdi,
    Pthread,
}

internal static class AsteriskTimingNames
{
    public static string Name(this AsteriskTiming t) => t switch
    {
        AsteriskTiming.Timerfd => "timerfd",
        AsteriskTiming.Kqueue => "kqueue",
        AsteriskTiming.Dahdi => "dahdi",
        _ => "pthread",
    };

    /// <summary>The module file that provides it: res_timing_timerfd.so ...</summary>
    public static string Module(this AsteriskTiming t) => $"res_timing_{t.Name()}.so";

    /// <summary>Every provider, highest priority first: the first one loaded is the one Asterisk uses.</summary>
    public static readonly AsteriskTiming[] ByPriority = [AsteriskTiming.Timerfd, AsteriskTiming.Kqueue, AsteriskTiming.Dahdi, AsteriskTiming.Pthread];

    public sealed class Json : NamedEnumJson<AsteriskTiming>
    {
        protected override string Name(AsteriskTiming value) => value.Name();
    }
}
