using System.Runtime.CompilerServices;
using Metronome.Timing.Linux;

namespace Metronome.Tooling.Monitoring;

/// <summary>
/// A <see cref="MetricsSnapshot"/> in memory shared between the ticking process (the writer) and its
/// metrics exporter (the reader), so that scrapes, their allocations and their garbage collections
/// happen in another process and can never stop the tick thread. One writer; readers take a
/// consistent copy under a sequence lock and never block the writer. The worst lateness since the
/// previous scrape lives beside it: the writer raises it, a scrape takes it and leaves 0.
/// </summary>
internal sealed unsafe class MetricsPage : IDisposable
{
    // Header: a mark of this layout, the sequence (odd while a publication is being written) and the
    // worst lateness, a cache line before the snapshot.
    private const int SnapshotOffset = 64;

    /// <summary>
    /// "MTRNMPG" and a layout number, bumped whenever <see cref="MetricsSnapshot"/> changes: an exporter
    /// from another build (restarted after an upgrade) refuses a page it would misread.
    /// </summary>
    private const long Mark = 0x4D54524E4D5047_02;
    private static readonly nuint Size = (nuint)(SnapshotOffset + sizeof(MetricsSnapshot));

    private byte* _base;

    private MetricsPage(int fd, byte* address)
    {
        Fd = fd;
        _base = address;
    }

    /// <summary>The memfd holding the page; the exporter this process starts inherits it under this number.</summary>
    public int Fd { get; }

    private ref long Header => ref Unsafe.AsRef<long>(_base);
    private ref long Sequence => ref Unsafe.AsRef<long>(_base + 8);
    private ref long Worst => ref Unsafe.AsRef<long>(_base + 16);
    private MetricsSnapshot* Snapshot => (MetricsSnapshot*)(_base + SnapshotOffset);

    /// <summary>A new zeroed page; its descriptor is close-on-exec, handed over only to the exporter's start.</summary>
    /// <exception cref="IOException">The kernel refused the memory.</exception>
    public static MetricsPage Create()
    {
        int fd = LibC.MemfdCreate("metronome-metrics", LibC.MFD_CLOEXEC);
        if (fd < 0) throw new IOException($"cannot create the metrics page: {LibC.ErrorText(LibC.LastError)}");
        if (LibC.FTruncate(fd, (long)Size) != 0)
        {
            int error = LibC.LastError;
            LibC.Close(fd);
            throw new IOException($"cannot size the metrics page: {LibC.ErrorText(error)}");
        }
        var page = Map(fd);
        page.Header = Mark;
        return page;
    }

    /// <summary>The page a parent created, from the descriptor this process inherited.</summary>
    /// <exception cref="IOException">The descriptor is not such a page.</exception>
    public static MetricsPage Open(int fd)
    {
        // Mapping past a file's end would fault on first access: check the size before mapping.
        if (fd < 0 || LibC.LSeek(fd, 0, LibC.SEEK_END) != (long)Size) throw new IOException($"descriptor {fd} is not a metrics page");
        _ = LibC.SetCloseOnExec(fd, true); // inherited for this one start: nothing this process might start gets it
        var page = Map(fd);
        if (page.Header == Mark) return page;
        page.Dispose();
        throw new IOException($"descriptor {fd} is not a metrics page of this version of Metronome");
    }

    private static MetricsPage Map(int fd)
    {
        void* address = LibC.MMap(null, Size, LibC.PROT_READ | LibC.PROT_WRITE, LibC.MAP_SHARED, fd, 0);
        if (address == LibC.MapFailed)
        {
            int error = LibC.LastError;
            LibC.Close(fd);
            throw new IOException($"cannot map the metrics page: {LibC.ErrorText(error)}");
        }
        return new MetricsPage(fd, (byte*)address);
    }

    /// <summary>Writes a publication (one writer only). Allocates nothing.</summary>
    public void Publish(in MetricsSnapshot snapshot)
    {
        Volatile.Write(ref Sequence, Sequence + 1);
        Interlocked.MemoryBarrier();
        *Snapshot = snapshot;
        Volatile.Write(ref Sequence, Sequence + 1);
    }

    /// <summary>A consistent copy of the latest publication.</summary>
    public MetricsSnapshot Read()
    {
        var spin = new SpinWait();
        while (true)
        {
            long before = Volatile.Read(ref Sequence);
            if ((before & 1) == 0)
            {
                var copy = *Snapshot;
                Interlocked.MemoryBarrier();
                if (Volatile.Read(ref Sequence) == before) return copy;
            }
            spin.SpinOnce();
        }
    }

    /// <summary>Raises the worst lateness since the last <see cref="TakeWorst"/> to at least <paramref name="ns"/>.</summary>
    public void RaiseWorst(long ns)
    {
        long seen = Volatile.Read(ref Worst);
        while (ns > seen)
        {
            long found = Interlocked.CompareExchange(ref Worst, ns, seen);
            if (found == seen) return;
            seen = found;
        }
    }

    /// <summary>The worst lateness raised since the previous call (0 when none), leaving 0.</summary>
    public long TakeWorst() => Interlocked.Exchange(ref Worst, 0);

    public void Dispose()
    {
        if (_base == null) return;
        LibC.MUnmap(_base, Size);
        LibC.Close(Fd);
        _base = null;
    }
}
