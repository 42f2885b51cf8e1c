namespace Metronome.Tooling.Measuring;

/// <summary>
/// Passes as the tick thread completes them, readable from another thread while the run goes on.
/// One writer: it stores the item, then publishes the count; a reader sees every item below the count.
/// Capacity is preallocated (4096 passes, over an hour at 1 kHz); past it the array doubles, a rare
/// allocation at a pass boundary, never per tick. A bounded log (<c>ring: true</c>, for runs that never end)
/// keeps the last <c>capacity</c> passes instead: <see cref="Count"/> still counts them all, and only the
/// newest ones can be read.
/// </summary>
internal sealed class PassLog
{
    private PassResult[] _items;
    private int _count;
    private readonly bool _ring;

    public PassLog(int capacity = 4096, bool ring = false)
    {
        _items = new PassResult[Math.Max(1, capacity)];
        _ring = ring;
    }

    /// <summary>The index of the oldest pass still readable (0 unless a bounded log has wrapped).</summary>
    public int Oldest => _ring ? Math.Max(0, Count - _items.Length + 1) : 0;

    public int Count => Volatile.Read(ref _count);

    internal void Add(in PassResult pass)
    {
        var items = _items;
        if (_ring)
        {
            items[_count % items.Length] = pass;
            Volatile.Write(ref _count, _count == int.MaxValue ? _count : _count + 1);
            return;
        }
        if (_count == items.Length)
        {
            Array.Resize(ref items, items.Length * 2);
            Volatile.Write(ref _items, items);
        }
        items[_count] = pass;
        Volatile.Write(ref _count, _count + 1);
    }

    public PassResult this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
            if (!_ring) return Volatile.Read(ref _items)[index];
            // The slot of the oldest is the one the writer overwrites next: it is not offered.
            ArgumentOutOfRangeException.ThrowIfLessThan(index, Oldest);
            return _items[index % _items.Length];
        }
    }

    /// <summary>A copy of the passes published so far.</summary>
    public PassResult[] Snapshot()
    {
        int n = Count;
        if (!_ring) return Volatile.Read(ref _items).AsSpan(0, n).ToArray();
        int oldest = Oldest;
        var copy = new PassResult[n - oldest];
        for (int i = oldest; i < n; i++) copy[i - oldest] = _items[i % _items.Length];
        return copy;
    }
}
