namespace Metronome.Tooling.Measuring.Stalls;

/// <summary>
/// Where stall evidence comes from: the live /proc (<see cref="ProcStallEvidence"/>) or scripted text in
/// tests. Reads write raw file text into a caller's buffer, so nothing allocates.
/// </summary>
internal interface IStallEvidence
{
    /// <summary>Called on the tick thread before it ticks: remembers which thread is watched.</summary>
    void Attach();

    /// <summary>The watched thread's schedstat ("run_ns wait_ns timeslices"); bytes written, or -1 when unavailable.</summary>
    int ReadSchedstat(Span<byte> buffer);

    /// <summary>The start of /proc/stat (at least the cpu lines); bytes written, or -1 when unavailable.</summary>
    int ReadStat(Span<byte> buffer);

    /// <summary>The CPU the calling thread runs on; -1 when unknown.</summary>
    int CurrentCpu();

    /// <summary>Garbage collections so far in this process (GC.CollectionCount(0) counts every one).</summary>
    int GcCollections();
}
