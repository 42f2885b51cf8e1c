using Metronome.Tooling.Measuring.Stalls;

namespace Metronome.Tooling.Monitoring;

/// <summary>
/// Hands a detector's stalls, in order and each once, to a reader off the tick thread (the stall log,
/// stderr). Stalls the ring overwrote before they were read are counted, never silently skipped.
/// </summary>
internal sealed class StallFeed(StallDetector detector)
{
    private long _next;

    /// <summary>Stalls that were overwritten before this feed read them.</summary>
    public long Lost { get; private set; }

    /// <summary>The stalls recorded since the last call; <paramref name="into"/> is cleared first.</summary>
    public void Drain(List<Stall> into)
    {
        into.Clear();
        long count = detector.Count;
        long oldest = detector.OldestAvailable;
        if (_next < oldest)
        {
            Lost += oldest - _next;
            _next = oldest;
        }
        for (; _next < count; _next++)
        {
            if (detector.TryGet(_next, out var stall)) into.Add(stall);
            else Lost++;
        }
    }
}
