namespace Metronome.Tooling.Fuse;

/// <summary>
/// One request thread's counts. Only that thread writes them, so serving shares nothing mutable with
/// the other threads; a reader (the metrics publisher) adds the threads' counts up.
/// </summary>
internal sealed class FuseRequestStats
{
    private readonly long[] _requests = new long[FuseRequestKinds.Count];
    private readonly long[] _service = new long[FuseRequestTotals.ServiceSlots];
    private readonly long[] _serviceNs = new long[FuseRequestTotals.ServiceSlots];
    private int _threadId;

    /// <summary>The request thread's kernel thread id (its /proc/self/task entry), once it serves; 0 before.</summary>
    public int ThreadId
    {
        get => Volatile.Read(ref _threadId);
        set => Volatile.Write(ref _threadId, value);
    }

    /// <summary>The request thread: one request of <paramref name="opcode"/> served in <paramref name="ns"/>.</summary>
    public void Record(FuseOpcode opcode, long ns)
    {
        int kind = (int)FuseRequestKinds.Of(opcode);
        Volatile.Write(ref _requests[kind], _requests[kind] + 1);
        int slot = FuseRequestTotals.SlotOf(ns);
        Volatile.Write(ref _service[slot], _service[slot] + 1);
        Volatile.Write(ref _serviceNs[slot], _serviceNs[slot] + ns);
    }

    /// <summary>Adds this thread's counts to <paramref name="totals"/>. Allocates nothing.</summary>
    public unsafe void AddTo(ref FuseRequestTotals totals)
    {
        totals.Threads++;
        for (int i = 0; i < _requests.Length; i++) totals.Requests[i] += Volatile.Read(ref _requests[i]);
        for (int i = 0; i < _service.Length; i++)
        {
            totals.ServiceCounts[i] += Volatile.Read(ref _service[i]);
            totals.ServiceSums[i] += Volatile.Read(ref _serviceNs[i]) / 1e9;
        }
    }
}
