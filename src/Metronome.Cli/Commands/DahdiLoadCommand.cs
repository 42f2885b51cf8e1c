using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Metronome.Cli.Output;
using Metronome.Tooling.Capacity;

namespace Metronome.Cli.Commands;

/// <summary>
/// `metronome dahdi-load`: drives a DAHDI timer as a PBX's channels do (res_timing_dahdi: a ping, a poll,
/// an event and a pong for every frame queued to a channel), step by step in the number of channels,
/// and reports the round trips, the server's CPU per request against the same-run pipe floor, and the
/// ceiling: the most channels served with every round trip answered in order and p99 within the bound.
/// </summary>
internal static class DahdiLoadCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var device = new Option<string>("--device") { Description = "The timer to drive.", DefaultValueFactory = _ => "/dev/dahdi/timer" };
        var channels = new Option<IReadOnlyList<int>>("--channels", "-n")
        {
            Description = "Channels at once, one step each, such as 50,100,200,400.",
            DefaultValueFactory = _ => [50, 100, 200, 400],
            CustomParser = ParseChannels,
        };
        var rate = new Option<int>("--rate") { Description = "Round trips per second per channel (50: one per 20 ms frame).", DefaultValueFactory = _ => 50 }.InRange(1, 1000);
        var seconds = new Option<int>("--seconds", "-d") { Description = "Seconds per step.", DefaultValueFactory = _ => 10 }.InRange(1, 3600);
        var serverPid = new Option<int?>("--server-pid") { Description = "The server's process, for its CPU (default: the one `metronome dahdi` running here)." }.InRange(1, int.MaxValue);
        var maxP99 = new Option<int>("--max-p99-us") { Description = "The bound a step's p99 round trip must keep to count toward the ceiling.", DefaultValueFactory = _ => 2000 }.InRange(1, 10_000_000);
        var minChannels = new Option<int?>("--min-channels") { Description = "Exit 3 when the ceiling is below this many channels." }.InRange(1, 100_000);
        var json = new Option<string?>("--json") { Description = "Also write the result as JSON to FILE." };
        var command = new Command("dahdi-load", "Drive a DAHDI timer as a PBX's channels do (ping, poll, event, pong per frame) and find how many channels it serves.")
        {
            device, channels, rate, seconds, serverPid, maxP99, minChannels, json,
        };
        command.SetAction(parse =>
        {
            int? pid = parse.GetValue(serverPid) ?? ProcessCpu.FindDahdiServer();
            var options = new ChannelLoadOptions(parse.GetValue(device)!, parse.GetValue(channels)!, parse.GetValue(rate), parse.GetValue(seconds), pid,
                parse.GetValue(maxP99) * 1000L);
            return Execute(options, parse.GetValue(minChannels), parse.GetValue(json), RunContext.Capture(parse), stdout, stderr);
        });
        return command;
    }

    private static int Execute(ChannelLoadOptions options, int? minChannels, string? jsonPath, RunContext context, TextWriter stdout, TextWriter stderr)
    {
        if (Refusal(options.Device) is { } why)
        {
            stderr.WriteLine($"metronome: {why}");
            return MetronomeCli.Failure;
        }
        StreamWriter? jsonFile;
        try
        {
            jsonFile = jsonPath is null ? null : OutputFile.Open(jsonPath);
        }
        catch (IOException e)
        {
            stderr.WriteLine($"metronome: {e.Message}");
            return MetronomeCli.Failure;
        }
        using (jsonFile)
        using (var stop = new CancellationTokenSource())
        using (StopSignals.Register(stop.Cancel))
        {
            string server = options.ServerPid is { } p ? $"process {p}" : "unknown (its CPU is not measured; --server-pid names it)";
            stdout.WriteLine(ChannelLoadText.Header(options, server));
            long? pipe = PipeFloor.MedianNs();
            stdout.WriteLine(ChannelLoadText.Pipe(pipe));
            stdout.WriteLine(ChannelLoadText.Columns);
            stdout.Flush();
            var result = ChannelLoad.Run(options, pipe, step =>
            {
                stdout.WriteLine(ChannelLoadText.Row(step, pipe));
                stdout.Flush();
            }, stop.Token);
            if (result.Steps.Count > 0) stdout.WriteLine(ChannelLoadText.Ceiling(result));
            foreach (var step in result.Steps.Where(s => s.FirstError is not null)) stderr.WriteLine($"metronome: {step.Channels} channels: {step.Errors} errors, the first: {step.FirstError}");
            jsonFile?.Write(JsonSerializer.Serialize(ChannelLoadDocument.From(context, result), MetronomeJsonContext.Plain.ChannelLoadDocument));
            if (stop.IsCancellationRequested) return MetronomeCli.Success;
            if (minChannels is { } min && (result.Ceiling?.Channels ?? 0) < min)
            {
                stderr.WriteLine($"metronome: threshold failed: the ceiling ({result.Ceiling?.Channels ?? 0} channels) is below --min-channels {min}");
                return MetronomeCli.ThresholdFailed;
            }
            return MetronomeCli.Success;
        }
    }

    /// <summary>Why the device cannot be driven, in one line; null when it can be opened.</summary>
    private static string? Refusal(string device)
    {
        if (!File.Exists(device)) return $"{device} does not exist: start `metronome dahdi` (or load DAHDI) first";
        try
        {
            using var probe = new FileStream(device, FileMode.Open, FileAccess.ReadWrite);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"cannot open {device}: {e.Message}";
        }
    }

    private static List<int> ParseChannels(System.CommandLine.Parsing.ArgumentResult result)
    {
        string text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
        var steps = new List<int>();
        foreach (var part in text.Split(','))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out int n) || n < 1 || n > ChannelLoadOptions.MaxChannels)
            {
                result.AddError($"--channels takes channel counts from 1 to {ChannelLoadOptions.MaxChannels} separated by commas, such as 50,100,200 (got '{text}')");
                return [];
            }
            steps.Add(n);
        }
        return steps;
    }
}
