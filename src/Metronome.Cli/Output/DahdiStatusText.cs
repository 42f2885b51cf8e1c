using System.Globalization;
using Metronome.Tooling.Dahdi;

namespace Metronome.Cli.Output;

/// <summary>The status line of `metronome dahdi`: what drives the devices, who has them open, how the ticks went.</summary>
internal static class DahdiStatusText
{
    public static string Format(string source, DahdiStatus status, long ticks, long missed) =>
        string.Create(CultureInfo.InvariantCulture,
            $"source {source}, {status.Channels} open {(status.Channels == 1 ? "channel" : "channels")} ({status.PseudoChannels} pseudo, {status.TimerChannels} timer), {ticks} ticks, {missed} missed, {status.LostBlocks} blocks lost by slow readers");
}
