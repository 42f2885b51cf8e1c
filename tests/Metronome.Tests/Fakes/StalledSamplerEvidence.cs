using Metronome.Tooling.Measuring.Stalls;

namespace Metronome.Tests.Fakes;

/// <summary>
/// Scripted evidence whose next /proc/stat read, once <see cref="StallNextRead"/> is called, stops until
/// <see cref="Resume"/>: the sampler thread stopped by a busy host in the middle of its reading.
/// </summary>
internal sealed class StalledSamplerEvidence(ScriptedStallEvidence evidence) : IStallEvidence, IDisposable
{
    private readonly ManualResetEventSlim _resume = new(false);
    private int _stallNext;

    /// <summary>Set while the stalled read waits.</summary>
    public ManualResetEventSlim Stalled { get; } = new(false);

    public void StallNextRead() => Volatile.Write(ref _stallNext, 1);

    public void Resume() => _resume.Set();

    public void Attach() => evidence.Attach();

    public int ReadSchedstat(Span<byte> buffer) => evidence.ReadSchedstat(buffer);

    public int ReadStat(Span<byte> buffer)
    {
        if (Interlocked.Exchange(ref _stallNext, 0) == 1)
        {
            Stalled.Set();
            _resume.Wait();
        }
        return evidence.ReadStat(buffer);
    }

    public int CurrentCpu() => evidence.CurrentCpu();

    public int GcCollections() => evidence.GcCollections();

    public void Dispose()
    {
        _resume.Dispose();
        Stalled.Dispose();
    }
}
