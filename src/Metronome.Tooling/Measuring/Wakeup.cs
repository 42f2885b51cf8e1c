namespace Metronome.Tooling.Measuring;

/// <summary>One wake-up of a tick thread: the first deadline it served (1-based), how many it served, and how late it was for the first.</summary>
internal readonly record struct Wakeup(long First, int Elapsed, long LateNs)
{
    /// <summary>The last deadline it served.</summary>
    public long Last => First + Elapsed - 1;
}
