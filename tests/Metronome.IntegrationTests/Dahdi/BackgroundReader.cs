using System.Diagnostics;

namespace Metronome.IntegrationTests.Dahdi;

/// <summary>Reads a pseudo channel on a thread of its own for a while, timestamping every read.</summary>
internal sealed class BackgroundReader
{
    private readonly Thread _thread;
    private readonly List<(TimeSpan At, int Bytes)> _reads = [];
    private Exception? _failure;

    public BackgroundReader(DeviceFile file, TimeSpan duration)
    {
        _thread = new Thread(() =>
        {
            try
            {
                var buffer = new byte[8192];
                var clock = Stopwatch.StartNew();
                while (clock.Elapsed < duration) _reads.Add((clock.Elapsed, file.Read(buffer)));
            }
            catch (Exception e)
            {
                _failure = e;
            }
        }) { IsBackground = true };
        _thread.Start();
    }

    /// <summary>Read times since the reader started, and bytes per read; valid after <see cref="Join"/>.</summary>
    public List<(TimeSpan At, int Bytes)> Reads => _failure is null ? _reads : throw new InvalidOperationException("the reader failed", _failure);

    public bool Join(TimeSpan timeout) => _thread.Join(timeout);
}
