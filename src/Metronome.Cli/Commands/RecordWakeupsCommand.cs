using System.CommandLine;
using Metronome.Cli.Output;
using Metronome.Timing.Linux;
using Metronome.Tooling.Measuring;
using Metronome.Timing.Sources;

namespace Metronome.Cli.Commands;

/// <summary>
/// `metronome record-wakeups` (hidden, for bench/oracle.sh): one pinned tick thread per CPU on the same
/// deadlines, no hand-over, every wake-up of every thread written to a file (<see cref="WakeupRecording"/>),
/// from which the bench computes the best a first-of-N tick could do on this host.
/// </summary>
internal static class RecordWakeupsCommand
{
    public const string Verb = "record-wakeups";

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var source = SourceOptions.Source(TickGroup.RedundantKinds, TickSourceKind.Nanosleep);
        var duration = new Option<int>("--duration", "-D") { Description = "Record this many seconds.", DefaultValueFactory = _ => 40 }.InRange(1, 86_400);
        var output = new Option<string>("--output", "-o") { Description = "Write the wake-ups to FILE.", DefaultValueFactory = _ => "wakeups.txt" };
        var spinUs = SourceOptions.SpinUs();
        var realtime = new RealtimeOptions();
        var command = new Command(Verb, "Record every wake-up of one pinned tick thread per CPU (--cpu LIST, default all), for the first-of-N oracle.")
        {
            source, duration, output, spinUs,
        };
        foreach (var option in realtime.All) command.Options.Add(option);
        command.Hidden = true;
        command.SetAction(parse => Execute(SourceOptions.Kind(parse.GetValue(source)), parse.GetValue(duration), parse.GetValue(output)!, parse.GetValue(spinUs),
            realtime.Read(parse), realtime.ReadCpus(parse), stdout, stderr));
        return command;
    }

    private static int Execute(TickSourceKind source, int seconds, string path, int spinUs, RealtimeRequest realtime, IReadOnlyList<int>? cpus, TextWriter stdout, TextWriter stderr)
    {
        cpus ??= CpuList.Allowed();
        try
        {
            using var file = OutputFile.Open(path);
            var recording = WakeupRecording.Run(source, new TickSourceOptions(1000, spinUs), cpus, realtime, TimeSpan.FromSeconds(seconds));
            foreach (var warning in recording.Warnings) stderr.WriteLine($"metronome: warning: {warning}");
            recording.Write(file);
            stdout.WriteLine($"Recorded {string.Join(" + ", cpus.Select((_, t) => recording.Wakeups(t).Length))} wake-ups of the {recording.Source.Name()} source on CPUs {CpuList.Format(cpus)} to {path}.");
            return MetronomeCli.Success;
        }
        catch (Exception e) when (e is TickSourceException or IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"metronome: {e.Message}");
            return MetronomeCli.Failure;
        }
    }
}
