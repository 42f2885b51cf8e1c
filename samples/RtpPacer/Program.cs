using System.Globalization;
using RtpPacer;

// RtpPacer: sends a 20 ms G.711 RTP stream to a receiver on 127.0.0.1 for a while, paced by
// Metronome's Ticker or by one of .NET's timers, and prints what the receiver saw.
//   RtpPacer [--pacer NAME] [--seconds N] [--rt PRIORITY]
// The last line is machine-readable: pacer=... packets=... median_ms=... (bench/rtp-pacing.sh reads it).

string pacer = "metronome";
int seconds = 10;
int? priority = null;
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--pacer" when i + 1 < args.Length:
            pacer = args[++i];
            break;
        case "--seconds" when i + 1 < args.Length && int.TryParse(args[i + 1], out var s) && s > 0:
            seconds = s;
            i++;
            break;
        case "--rt" when i + 1 < args.Length && int.TryParse(args[i + 1], out var p) && p is >= 1 and <= 99:
            priority = p;
            i++;
            break;
        default:
            Console.Error.WriteLine($"RtpPacer: bad argument '{args[i]}' (usage: RtpPacer [--pacer {string.Join('|', Pacers.Names)}] [--seconds N] [--rt PRIORITY])");
            return 2;
    }
}
if (!Pacers.Names.Contains(pacer))
{
    Console.Error.WriteLine($"RtpPacer: unknown pacer '{pacer}' (known: {string.Join(", ", Pacers.Names)})");
    return 2;
}

using var receiver = new RtpReceiver(capacity: seconds * 50 * 4 + 100);
receiver.Start();
using (var sender = new RtpSender(receiver.EndPoint))
{
    await Pacers.Run(pacer, sender, TimeSpan.FromSeconds(seconds), priority);
    // Let the last packets land.
    await Task.Delay(100);
}
var summary = receiver.Stop().Summarise();
if (!receiver.Realtime) Console.Error.WriteLine("warning: the receiver stayed SCHED_OTHER (not root?): its own scheduling delay is in the gaps");
Console.WriteLine($"{pacer}: {summary.Packets} packets in {seconds} s; gap median {summary.MedianGapMs:F3} ms, p99 {summary.P99GapMs:F3} ms, max {summary.MaxGapMs:F3} ms; back-to-back {summary.BackToBackPercent:F2}%; drift {summary.DriftMs:F1} ms");
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"pacer={pacer} rt={priority?.ToString(CultureInfo.InvariantCulture) ?? "none"} packets={summary.Packets} median_ms={summary.MedianGapMs:F3} p99_ms={summary.P99GapMs:F3} max_ms={summary.MaxGapMs:F3} back_to_back_pct={summary.BackToBackPercent:F2} drift_ms={summary.DriftMs:F1}"));
return 0;
