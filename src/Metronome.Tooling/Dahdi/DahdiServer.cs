using Metronome.Timing.DahdiAbi;
using Metronome.Tooling.Fuse;
using Metronome.Timing.Linux;
using Metronome.Tooling.Measuring;
using Metronome.Timing.Sources;
using Metronome.Timing.Statistics;

namespace Metronome.Tooling.Dahdi;

/// <summary>
/// `metronome dahdi` at work: the devices mounted, request threads taking the kernel's requests (each
/// from a /dev/fuse descriptor of its own) and one thread ticking the devices from a Metronome source at
/// 1 kHz, the tick thread at the requested real-time priority and the request threads one below it, so
/// that no request can delay a tick. <see cref="Dispose"/> stops them all and unmounts, whatever state
/// they are in.
/// </summary>
internal sealed class DahdiServer : IDisposable, ITickSink
{
    public const int Rate = DahdiWire.TickRate;

    private readonly TickGroup _group;
    private readonly DahdiMountPoint _mountPoint;
    private readonly FuseConnection _connection;
    private readonly DahdiDeviceHandler _devices;
    private readonly CancellationTokenSource _stop = new();
    private readonly ManualResetEventSlim _ended = new(false);
    private readonly TickThread _tickThread = new();
    private readonly List<Thread> _requestThreads = [];
    private readonly List<FuseRequestStats> _requestStats = [];
    private long _ticks;
    private long _missed;
    private TickRecorder? _recorder;
    private volatile string? _error;

    private DahdiServer(TickGroup group, DahdiMountPoint mountPoint, FuseConnection connection, DahdiStatePage? page = null)
    {
        _group = group;
        _mountPoint = mountPoint;
        _connection = connection;
        _page = page;
        _devices = new DahdiDeviceHandler(connection, page);
    }

    private readonly DahdiStatePage? _page;

    /// <summary>Channels taken over from a serving process that died (0 on a fresh mount).</summary>
    public int ResumedChannels { get; private set; }

    /// <summary>Whether this server took over a mount another serving process served (else: a fresh mount).</summary>
    public bool TookOver { get; private set; }

    public string MountPoint => _mountPoint.Path;
    public TickSourceKind SourceKind => _group.Kind;

    /// <summary>What real-time setup the tick thread got (and what the standby tick threads could not); null if it failed before asking.</summary>
    public RealtimeReport? Realtime => _tickThread.Realtime is not { } rt || _group.StandbyWarnings.Count == 0
        ? _tickThread.Realtime
        : rt with { Warnings = [.. rt.Warnings, .. _group.StandbyWarnings] };
    public long Ticks => Volatile.Read(ref _ticks);
    public long MissedTicks => Volatile.Read(ref _missed);
    public DahdiStatus Status => _devices.Status;
    public long BlocksDelivered => _devices.BlocksDelivered;

    /// <summary>How many threads take requests.</summary>
    public int RequestThreads => _requestStats.Count;

    /// <summary>Requests served so far, by kind and service time, over every request thread. Allocates nothing.</summary>
    public FuseRequestTotals Requests
    {
        get
        {
            var totals = new FuseRequestTotals();
            foreach (var stats in _requestStats) stats.AddTo(ref totals);
            return totals;
        }
    }
    public long TimerEvents => _devices.TimerEvents;

    /// <summary>The request threads' kernel thread ids, for their CPU time (0 for a thread not serving yet).</summary>
    public IReadOnlyList<int> RequestThreadIds => [.. _requestStats.Select(s => s.ThreadId)];

    /// <summary>The device clock's measurements (with <see cref="DahdiServerOptions.Measure"/>), readable while it serves; null otherwise.</summary>
    public TickRecorder? Recorder => Volatile.Read(ref _recorder);

    /// <summary>Replies the kernel refused for another reason than their request having gone: a protocol bug of ours.</summary>
    public long RefusedReplies => _connection.FailedSends;

    /// <summary>Why serving stopped on its own (the source failed, the mount went away), or null.</summary>
    public string? Error => _error;

    /// <summary>Mounts and starts serving; throws <see cref="DahdiException"/> or <see cref="FuseException"/> with nothing left mounted.</summary>
    public static DahdiServer Start(ITickSource source, DahdiServerOptions options, ICollection<string> notes) =>
        Start(TickGroup.One(source, options.Realtime.Cpu), options, notes);

    /// <summary>
    /// As above, ticked by a group's threads (<c>--cpu LIST</c>): whichever wakes first advances the devices,
    /// answers the waiting reads and sends the poll notifications; the caller keeps and disposes the group.
    /// </summary>
    public static DahdiServer Start(TickGroup source, DahdiServerOptions options, ICollection<string> notes)
    {
        var mountPoint = DahdiMountPoint.Prepare(options.MountPoint, options.Force, notes);
        FuseConnection connection;
        try
        {
            connection = FuseConnection.Mount(mountPoint.Path, DahdiMountPoint.FileSystemName);
        }
        catch
        {
            mountPoint.Dispose();
            throw;
        }
        var server = new DahdiServer(source, mountPoint, connection);
        try
        {
            server.Run(options);
        }
        catch
        {
            server.Dispose();
            throw;
        }
        return server;
    }

    /// <summary>
    /// Serves a connection a keeper process mounted and holds (<paramref name="fds"/>: the mount's descriptor
    /// and its clones, one per request thread), keeping the channels' state in <paramref name="page"/>:
    /// the channels a serving process before this one left there are taken over first, then the requests
    /// it read and never answered are asked for again (FUSE_NOTIFY_RESEND). Never unmounts.
    /// </summary>
    public static DahdiServer Serve(TickGroup source, DahdiServerOptions options, IReadOnlyList<int> fds, DahdiStatePage page)
    {
        var connection = FuseConnection.Adopt(fds, options.MountPoint);
        var server = new DahdiServer(source, DahdiMountPoint.Adopted(options.MountPoint), connection, page);
        try
        {
            if (page.TakeOver())
            {
                server.TookOver = true;
                server.ResumedChannels = server._devices.Resume(MonotonicClock.Instance.NowNs());
                // Only now: on a fresh mount the connection is not initialized yet, and the kernel refuses notifications.
                FuseReply.NotifyResend(connection.Device);
            }
            server.Run(options with { RequestThreads = fds.Count });
        }
        catch
        {
            server.Dispose();
            throw;
        }
        return server;
    }

    private void Run(DahdiServerOptions options)
    {
        var fuse = new FuseServer(_connection, _devices,
            new FuseServerOptions(options.Uid, options.Gid, options.FileMode, DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
        // One below the tick thread: a request thread at the same SCHED_FIFO priority on the tick's CPU
        // would hold the tick back until it slept. A refusal is reported once, by the tick thread's own setup.
        var requestPriority = options.Realtime with { Priority = options.Realtime.Priority is { } p ? Math.Max(1, p - 1) : null, Cpu = null };
        for (int i = 0; i < options.RequestThreads; i++)
        {
            var device = _connection.Reader(i);
            var stats = new FuseRequestStats();
            _requestStats.Add(stats);
            var thread = new Thread(() => Guard(() =>
            {
                RealtimeSetup.ApplyPriorityOnly(requestPriority);
                bool stopped = fuse.Serve(device, stats, MonotonicClock.Instance, _stop.Token);
                if (!stopped && !_stop.IsCancellationRequested) _error ??= $"{MountPoint} was unmounted from outside";
            })) { Name = $"metronome-fuse-{i}", IsBackground = true };
            _requestThreads.Add(thread);
        }
        foreach (var thread in _requestThreads) thread.Start();
        _group.StartStandbys(options.Realtime);
        _tickThread.Start(options.Realtime with { Cpu = _group.Cpus[0] ?? options.Realtime.Cpu }, tick => Guard(() =>
        {
            // Storage for measuring is allocated before the first tick, as TickRun does.
            var histogram = options.Measure ? new LatencyHistogram() : null;
            var passes = options.Measure ? new PassLog(ring: true) : null;
            if (options.Measure) options.Stalls?.Attach();
            var schedule = _group.Start(MonotonicClock.Instance.NowNs());
            if (options.Measure) Volatile.Write(ref _recorder, new TickRecorder(schedule, histogram!, passes!) { Stalls = options.Stalls });
            tick.MarkTicking();
            _group.Loop(tick, this);
            if (_group.Error is { } error) throw new TickSourceException(error);
        }));
    }

    private void Guard(Action body)
    {
        try
        {
            body();
        }
        catch (Exception e)
        {
            // Every failure, expected or not, ends here rather than killing the process: the main thread
            // must get to unmount, or the mount would be left dead behind us.
            _error ??= e is TickSourceException or FuseException ? e.Message : $"internal error: {e.GetType().Name}: {e.Message}";
        }
        finally
        {
            _ended.Set();
        }
    }

    /// <summary>
    /// The tick thread's work, on whichever tick thread claimed the ticks (one at a time, in order): the
    /// devices follow the ticks, and the counts are kept.
    /// </summary>
    bool ITickSink.OnTicks(int elapsed)
    {
        _recorder?.OnWake(elapsed, MonotonicClock.Instance.NowNs());
        _devices.OnTick(elapsed);
        Volatile.Write(ref _ticks, _ticks + elapsed);
        Volatile.Write(ref _missed, _missed + elapsed - 1);
        return true;
    }

    /// <summary>Set when serving ended on its own (see <see cref="Error"/>).</summary>
    public WaitHandle Ended => _ended.WaitHandle;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    public void Dispose()
    {
        _stop.Cancel();
        _tickThread.RequestStop();
        _tickThread.Join(TimeSpan.FromSeconds(2));
        _connection.Wake(_requestThreads.Count(t => t.IsAlive));
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(2);
        foreach (var thread in _requestThreads) thread.Join(Max(deadline - DateTime.UtcNow, TimeSpan.Zero));
        _connection.Dispose();
        _mountPoint.Dispose();
        _page?.Dispose();
        // A thread still stuck in a system call would use these on its way out: leave them to the GC then.
        if (_tickThread.IsAlive || _requestThreads.Any(t => t.IsAlive)) return;
        _stop.Dispose();
        _ended.Dispose();
        _tickThread.Dispose();
    }
}
