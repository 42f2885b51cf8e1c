using System.Globalization;
using Metronome.Timing.Linux;
using Prometheus;

namespace Metronome.Tooling.Monitoring;

/// <summary>
/// The standard process metrics (the names Prometheus's own clients use) of the ticking process, read
/// from /proc by the exporter, which runs in another process: the exporter's own numbers would say
/// nothing about the tick. The GC counts come from the ticking process's publications.
/// </summary>
internal sealed unsafe class ProcessMetrics
{
    private readonly string _proc;
    private readonly Counter _cpu, _collections;
    private readonly Gauge _start, _resident, _virtual, _fds, _maxFds, _threads, _heap;
    private readonly Counter.Child[] _byGeneration = new Counter.Child[MetricsSnapshot.Generations];
    private long? _bootTime;

    /// <param name="procDirectory">The process's /proc directory (/proc/PID; another directory for testing).</param>
    public ProcessMetrics(IMetricFactory f, string procDirectory)
    {
        _proc = procDirectory;
        _cpu = f.CreateCounter("process_cpu_seconds_total", "User and system CPU time of the ticking process, in seconds.");
        _start = f.CreateGauge("process_start_time_seconds", "Start time of the ticking process since the Unix epoch, in seconds.");
        _resident = f.CreateGauge("process_resident_memory_bytes", "Resident memory of the ticking process, in bytes.");
        _virtual = f.CreateGauge("process_virtual_memory_bytes", "Virtual memory of the ticking process, in bytes.");
        // Absent until read: an exporter that gave up root may never list a root process's descriptors, and
        // a 0 would be a false reading.
        _fds = f.CreateGauge("process_open_fds", "Open file descriptors of the ticking process.", new GaugeConfiguration { SuppressInitialValue = true });
        _maxFds = f.CreateGauge("process_max_fds", "The ticking process's limit on open file descriptors.");
        _threads = f.CreateGauge("process_num_threads", "Threads of the ticking process.");
        _collections = f.CreateCounter("dotnet_collection_count_total", "Garbage collections of the ticking process, by generation.",
            new CounterConfiguration { LabelNames = ["generation"] });
        for (int g = 0; g < _byGeneration.Length; g++) _byGeneration[g] = _collections.WithLabels(g.ToString(CultureInfo.InvariantCulture));
        _heap = f.CreateGauge("dotnet_total_memory_bytes", "Managed heap of the ticking process, in bytes.");
    }

    /// <summary>Reads /proc; a process that has gone leaves the last values.</summary>
    public void Update(in MetricsSnapshot snapshot)
    {
        for (int g = 0; g < _byGeneration.Length; g++) _byGeneration[g].IncTo(snapshot.Collections[g]);
        _heap.Set(snapshot.HeapBytes);
        try
        {
            if (ProcessStat.Parse(File.ReadAllText(Path.Combine(_proc, "stat"))) is { } stat)
            {
                _cpu.IncTo(stat.CpuSeconds);
                _threads.Set(stat.Threads);
                _virtual.Set(stat.VirtualBytes);
                _resident.Set(stat.ResidentPages * Environment.SystemPageSize);
                // Boot time never changes: /proc/stat is read for it once.
                _bootTime ??= ProcStat.BootTime(File.ReadAllBytes(Path.Combine(Path.GetDirectoryName(_proc) ?? "/proc", "stat")));
                if (_bootTime is { } boot) _start.Set(boot + stat.StartTicks / ProcessStat.UserHz);
            }
            string? maxFds = ProcLimits.Soft(File.ReadAllText(Path.Combine(_proc, "limits")), "Max open files");
            if (long.TryParse(maxFds, NumberStyles.None, CultureInfo.InvariantCulture, out long max)) _maxFds.Set(max);
            // Last: an exporter that gave up root may not list a root process's descriptors (ptrace access).
            _fds.Set(Directory.EnumerateFileSystemEntries(Path.Combine(_proc, "fd")).Count());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The ticking process has gone (its exporter is about to go too): the last values stand.
        }
    }
}
