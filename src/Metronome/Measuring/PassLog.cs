namespace Metronome.Measuring;

/// <summary>
/// Passes as the tick thread completes them, readable from another thread while the run goes on.
/// One writer: it stores the item, then publishes the count; a reader sees every item below the count.
/// Capacity is preallocated (4096 passes, over an hour at 1 kHz); past it the array doubles, a rare
/// allocation at a pass boundary, never per tick.
/// </summary>
public sealed class PassLog
{
    private PassResult[] _items;
    private int _count;

    public PassLog(int capacity = 4096) => _items = new PassResult[Math.Max(1, capacity)];

    public int Count => Volatile.Read(ref _count);

    internal void Add(in PassResult pass)
    {
        var items = _items;
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
            return Volatile.Read(ref _items)[index];
        }
    }

    /// <summary>A copy of the passes published so far.</summary>
    public PassResult[] Snapshot()
    {
        int n = Count;
        return Volatile.Read(ref _items).AsSpan(0, n).ToArray();
    }
}
