using System.CommandLine;
using System.Globalization;
using Metronome.Tooling.Load;

namespace Metronome.Cli.Commands;

/// <summary>
/// `metronome load`: CPU, memory, I/O and context-switch load in this process, meant to be started
/// beside a measurement (by --load) and to die with whoever started it.
/// </summary>
internal static class LoadCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var cpu = new Option<int>("--cpu") { Description = "Spinning CPU workers." }.InRange(0, 256);
        var memory = new Option<int>("--memory") { Description = "Workers streaming over --memory-bytes each." }.InRange(0, 256);
        var memoryBytes = new Option<string>("--memory-bytes") { Description = "Buffer per memory worker (e.g. 256M, 1G).", DefaultValueFactory = _ => "256M" };
        memoryBytes.Validators.Add(r =>
        {
            if (LoadSpec.ParseSize(r.GetValueOrDefault<string>() ?? "") is null) r.AddError($"--memory-bytes takes a size such as 256M or 1G (got '{r.GetValueOrDefault<string>()}')");
        });
        var io = new Option<int>("--io") { Description = "Workers doing fsync'd writes in a temporary directory they remove." }.InRange(0, 256);
        var switches = new Option<int>("--switch") { Description = "Thread pairs ping-ponging to force context switches." }.InRange(0, 256);
        var duration = new Option<int?>("--duration", "-D") { Description = "Stop after this many seconds; otherwise run until a signal or the parent's death." }.InRange(1, 31_536_000);
        var command = new Command("load", "Generate CPU, memory, I/O and context-switch load in a separate process.")
        {
            cpu, memory, memoryBytes, io, switches, duration,
        };
        command.Validators.Add(r =>
        {
            // Read every number first: one that does not parse must be the error named, not this rule.
            bool parsed = TryRead(r, duration, out _);
            int workers = 0;
            foreach (var option in new[] { cpu, memory, io, switches })
            {
                parsed &= TryRead(r, option, out int count);
                workers += count;
            }
            if (parsed && workers == 0)
                r.AddError("load needs at least one worker: --cpu, --memory, --io or --switch");
        });
        command.SetAction(parse =>
        {
            var profile = new LoadProfile(parse.GetValue(cpu), parse.GetValue(memory), parse.GetValue(io), parse.GetValue(switches),
                LoadSpec.ParseSize(parse.GetValue(memoryBytes)!)!.Value);
            return Execute(profile, parse.GetValue(duration), stdout, stderr);
        });
        return command;
    }

    /// <summary>An option's value; false when it did not parse (its own error says so, and reading it would throw).</summary>
    private static bool TryRead<T>(System.CommandLine.Parsing.CommandResult r, Option<T> option, out T? value)
    {
        try
        {
            value = r.GetValue(option);
            return true;
        }
        catch (InvalidOperationException)
        {
            value = default;
            return false;
        }
    }

    private static int Execute(LoadProfile profile, int? seconds, TextWriter stdout, TextWriter stderr)
    {
        if (!ParentWatch.Arm())
        {
            stderr.WriteLine("metronome: load: the process that started this load is already gone");
            return MetronomeCli.Failure;
        }
        using var stop = new ManualResetEventSlim(false);
        using var signals = StopSignals.Register(stop.Set);
        using var generator = new LoadGenerator(profile);
        try
        {
            generator.Start();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or OutOfMemoryException)
        {
            stderr.WriteLine($"metronome: load: {e.Message}");
            return MetronomeCli.Failure;
        }
        stdout.WriteLine($"load: {profile} running (pid {Environment.ProcessId}){(seconds is { } s ? $" for {s} s" : ", until stopped")}");
        stdout.Flush();
        if (seconds is { } limit) stop.Wait(TimeSpan.FromSeconds(limit));
        else stop.Wait();
        Write(stdout, generator.Stop());
        return MetronomeCli.Success;
    }

    private static void Write(TextWriter o, LoadReport r)
    {
        var c = CultureInfo.InvariantCulture;
        double s = Math.Max(r.Seconds, 0.001);
        if (r.Profile.Cpu > 0) o.WriteLine(string.Format(c, "cpu: {0} workers, {1:0} loops/s", r.Profile.Cpu, r.CpuLoops / s));
        if (r.Profile.Memory > 0) o.WriteLine(string.Format(c, "memory: {0} workers over {1} MiB each, {2:0} MiB/s written", r.Profile.Memory, r.Profile.MemoryBytes >> 20, r.MemoryBytes / s / (1 << 20)));
        if (r.Profile.Io > 0) o.WriteLine(string.Format(c, "io: {0} workers, {1:0} fsync'd 64 KiB writes/s", r.Profile.Io, r.IoSyncs / s));
        if (r.Profile.Switch > 0) o.WriteLine(string.Format(c, "switch: {0} pairs, {1:0} round trips/s", r.Profile.Switch, r.SwitchRoundTrips / s));
        o.WriteLine(string.Format(c, "load: stopped after {0:0.0} s", r.Seconds));
    }
}
