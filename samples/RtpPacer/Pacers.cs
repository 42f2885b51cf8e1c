using Metronome.Timing;

namespace RtpPacer;

/// <summary>
/// The ways C# media code paces 20 ms frames. Metronome's ticker sends the frames of missed ticks too
/// (1 + Missed), so the stream stays on the wall clock; the .NET timers send one frame per callback,
/// as media code built on them usually does.
/// </summary>
internal static class Pacers
{
    public static readonly string[] Names = ["metronome", "threading-timer", "periodic-timer", "task-delay", "thread-sleep"];

    private static readonly TimeSpan Frame = TimeSpan.FromMilliseconds(20);

    public static async Task Run(string name, RtpSender sender, TimeSpan duration, int? realtimePriority)
    {
        using var stop = new CancellationTokenSource(duration);
        switch (name)
        {
            case "metronome":
                await Task.Factory.StartNew(() => Metronome(sender, realtimePriority, stop.Token), TaskCreationOptions.LongRunning);
                break;
            case "threading-timer":
                await ThreadingTimer(sender, stop.Token);
                break;
            case "periodic-timer":
                await PeriodicTimerLoop(sender, stop.Token);
                break;
            case "task-delay":
                await TaskDelayLoop(sender, stop.Token);
                break;
            case "thread-sleep":
                await Task.Factory.StartNew(() => ThreadSleepLoop(sender, stop.Token), TaskCreationOptions.LongRunning);
                break;
            default:
                throw new ArgumentException($"unknown pacer '{name}' (known: {string.Join(", ", Names)})");
        }
    }

    /// <summary>A dedicated thread blocking on the ticker: the lowest-latency way to consume it.</summary>
    private static void Metronome(RtpSender sender, int? realtimePriority, CancellationToken stop)
    {
        using var ticker = Ticker.Start(new TickerOptions { Period = Frame, RealtimePriority = realtimePriority });
        foreach (var warning in ticker.Warnings) Console.Error.WriteLine($"warning: {warning}");
        // The consuming thread wakes after the ticker's: give it the same priority, or it waits behind
        // every runnable SCHED_OTHER task.
        if (realtimePriority is { } p && !RealtimeThread.TrySetFifo(p)) Console.Error.WriteLine($"warning: SCHED_FIFO {p} refused for the sending thread");
        while (!stop.IsCancellationRequested)
        {
            var tick = ticker.WaitNext();
            sender.Send(1 + (int)tick.Missed);
        }
    }

    private static async Task ThreadingTimer(RtpSender sender, CancellationToken stop)
    {
        using var timer = new Timer(_ => sender.Send(1), null, Frame, Frame);
        await Task.Delay(Timeout.Infinite, stop).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    private static async Task PeriodicTimerLoop(RtpSender sender, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(Frame);
        try
        {
            while (await timer.WaitForNextTickAsync(stop)) sender.Send(1);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The run's end, not an error.
        }
    }

    private static async Task TaskDelayLoop(RtpSender sender, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            await Task.Delay(Frame, CancellationToken.None);
            sender.Send(1);
        }
    }

    private static void ThreadSleepLoop(RtpSender sender, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            Thread.Sleep(Frame);
            sender.Send(1);
        }
    }
}
