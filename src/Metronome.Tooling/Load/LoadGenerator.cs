using System.Runtime.InteropServices;

namespace Metronome.Tooling.Load;

/// <summary>
/// The workers of `metronome load`, each on its own thread: spinning CPU, memory streamed over a buffer
/// outside the GC heap, fsync'd writes in a private temporary directory, and thread pairs ping-ponging
/// through blocking events to force context switches. Meant to run in its own process, never in the one
/// that measures (its allocations and threads must not touch the tick).
/// </summary>
internal sealed class LoadGenerator : IDisposable
{
    private readonly LoadProfile _profile;
    private readonly List<Thread> _threads = [];
    private readonly CancellationTokenSource _stop = new();
    private long _cpuLoops, _memoryBytes, _ioSyncs, _switches;
    private long _startTicks;
    private ulong _sink; // where the CPU workers' results go, so their loops are not optimised away

    public LoadGenerator(LoadProfile profile, string? tempRoot = null)
    {
        _profile = profile;
        TempDirectory = Path.Combine(tempRoot ?? Path.GetTempPath(), $"metronome-load-{Environment.ProcessId}");
    }

    /// <summary>Where the io workers write; removed by <see cref="Stop"/>.</summary>
    public string TempDirectory { get; }

    public void Start()
    {
        if (_profile.Io > 0) Directory.CreateDirectory(TempDirectory);
        _startTicks = Environment.TickCount64;
        for (int i = 0; i < _profile.Cpu; i++) Spawn($"load-cpu-{i}", Cpu);
        for (int i = 0; i < _profile.Memory; i++) Spawn($"load-memory-{i}", Memory);
        for (int i = 0; i < _profile.Io; i++)
        {
            int n = i;
            Spawn($"load-io-{i}", () => Io(n));
        }
        for (int i = 0; i < _profile.Switch; i++) StartSwitchPair(i);
    }

    /// <summary>Stops every worker, removes the temporary directory, and says what was done.</summary>
    public LoadReport Stop()
    {
        _stop.Cancel();
        foreach (var t in _threads) t.Join();
        if (Directory.Exists(TempDirectory)) Directory.Delete(TempDirectory, recursive: true);
        return new LoadReport((Environment.TickCount64 - _startTicks) / 1000.0, _profile,
            Interlocked.Read(ref _cpuLoops), Interlocked.Read(ref _memoryBytes), Interlocked.Read(ref _ioSyncs), Interlocked.Read(ref _switches));
    }

    private void Spawn(string name, Action body)
    {
        var t = new Thread(() => body()) { Name = name, IsBackground = true };
        _threads.Add(t);
        t.Start();
    }

    private void Cpu()
    {
        var token = _stop.Token;
        ulong x = 88172645463325252UL;
        long loops = 0;
        while (!token.IsCancellationRequested)
        {
            for (int i = 0; i < 100_000; i++)
            {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
            }
            loops++;
        }
        Interlocked.Add(ref _cpuLoops, loops);
        Volatile.Write(ref _sink, x);
    }

    private unsafe void Memory()
    {
        var token = _stop.Token;
        nuint size = (nuint)_profile.MemoryBytes;
        byte* buffer = (byte*)NativeMemory.Alloc(size);
        try
        {
            var span = new Span<byte>(buffer, (int)Math.Min(_profile.MemoryBytes, int.MaxValue));
            byte value = 0;
            while (!token.IsCancellationRequested)
            {
                // Stream over the whole buffer, a megabyte at a time so a stop is noticed quickly.
                for (int offset = 0; offset < span.Length && !token.IsCancellationRequested; offset += 1 << 20)
                {
                    var chunk = span.Slice(offset, Math.Min(1 << 20, span.Length - offset));
                    chunk.Fill(value);
                    Interlocked.Add(ref _memoryBytes, chunk.Length);
                }
                value++;
            }
        }
        finally
        {
            NativeMemory.Free(buffer);
        }
    }

    private void Io(int worker)
    {
        var token = _stop.Token;
        var block = new byte[64 * 1024];
        Random.Shared.NextBytes(block);
        string path = Path.Combine(TempDirectory, $"io-{worker}.dat");
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.None);
        while (!token.IsCancellationRequested)
        {
            if (file.Length >= 16 << 20) file.SetLength(0);
            file.Write(block);
            file.Flush(flushToDisk: true); // fsync
            Interlocked.Increment(ref _ioSyncs);
        }
    }

    private void StartSwitchPair(int pair)
    {
        var ping = new AutoResetEvent(false);
        var pong = new AutoResetEvent(false);
        var token = _stop.Token;
        Spawn($"load-switch-{pair}a", () =>
        {
            while (!token.IsCancellationRequested)
            {
                ping.Set();
                pong.WaitOne(100);
                Interlocked.Increment(ref _switches);
            }
            ping.Set();
        });
        Spawn($"load-switch-{pair}b", () =>
        {
            while (!token.IsCancellationRequested)
            {
                ping.WaitOne(100);
                pong.Set();
            }
            pong.Set();
        });
    }

    public void Dispose()
    {
        if (!_stop.IsCancellationRequested) Stop();
        _stop.Dispose();
    }
}
