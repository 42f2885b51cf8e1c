using System.Runtime.CompilerServices;
using Metronome.Timing.Linux;

namespace Metronome.Tooling.Dahdi;

/// <summary>
/// The open channels' state in a memfd that outlives the serving process: the keeper creates it beside
/// the /dev/fuse descriptors and hands both to each serving process it starts. One slot per channel
/// (<see cref="DahdiDeviceHandler.MaxChannels"/>); each slot holds two copies and the number of the
/// current one, so a process killed while writing leaves the previous copy whole. Written by requests
/// (never by ticks), under the channel's gate.
/// </summary>
internal sealed unsafe class DahdiStatePage : IDisposable
{
    /// <summary>"MTRNDST" and a layout number, bumped whenever <see cref="DahdiChannelState"/> or the slots change.</summary>
    public const long Mark = 0x4D54524E445354_01;

    private const int HeaderSize = 64;
    private static readonly int CopySize = (sizeof(DahdiChannelState) + 15) & ~15;
    private static readonly int SlotSize = 16 + 2 * CopySize;
    public static readonly long Size = HeaderSize + (long)SlotSize * DahdiDeviceHandler.MaxChannels;

    private byte* _base;

    private DahdiStatePage(int fd, byte* address)
    {
        Fd = fd;
        _base = address;
    }

    /// <summary>The memfd: a serving process started by the keeper inherits it under this number.</summary>
    public int Fd { get; }

    private ref long Header => ref Unsafe.AsRef<long>(_base);
    private ref long Servers => ref Unsafe.AsRef<long>(_base + 8);

    /// <summary>
    /// A serving process starts on this page: false when it is the first on its mount (a fresh mount),
    /// true when it takes over from one that served before it.
    /// </summary>
    public bool TakeOver()
    {
        long before = Servers;
        Volatile.Write(ref Servers, before + 1);
        return before > 0;
    }

    /// <summary>A new, empty page; its descriptor is close-on-exec, handed over only to the serving process's start.</summary>
    /// <exception cref="IOException">The kernel refused the memory.</exception>
    public static DahdiStatePage Create()
    {
        int fd = LibC.MemfdCreate("metronome-dahdi-state", LibC.MFD_CLOEXEC);
        if (fd < 0) throw new IOException($"cannot create the channels' state page: {LibC.ErrorText(LibC.LastError)}");
        if (LibC.FTruncate(fd, Size) != 0)
        {
            int error = LibC.LastError;
            LibC.Close(fd);
            throw new IOException($"cannot size the channels' state page: {LibC.ErrorText(error)}");
        }
        var page = Map(fd);
        page.Header = Mark;
        return page;
    }

    /// <summary>The page a keeper handed over, from the inherited descriptor.</summary>
    /// <exception cref="DahdiException">It is not a state page of this layout (another version wrote it): never read further.</exception>
    public static DahdiStatePage Open(int fd)
    {
        if (fd < 0 || LibC.LSeek(fd, 0, LibC.SEEK_END) != Size)
            throw new DahdiException($"descriptor {fd} is not a channels' state page of this version of metronome");
        var page = Map(fd);
        if (page.Header == Mark) return page;
        long found = page.Header;
        page.Dispose();
        throw new DahdiException($"the channels' state page has layout {found & 0xFF} (this version reads {Mark & 0xFF})");
    }

    /// <summary>
    /// Makes the page behind <paramref name="fd"/> an empty page of this layout (whatever layout it had),
    /// for the fresh mount that follows a refused one; closes the descriptor.
    /// </summary>
    public static void Reset(int fd)
    {
        if (LibC.FTruncate(fd, 0) != 0 || LibC.FTruncate(fd, Size) != 0)
            throw new IOException($"cannot reset the channels' state page: {LibC.ErrorText(LibC.LastError)}");
        var page = Map(fd);
        page.Header = Mark;
        page.Dispose();
    }

    private static DahdiStatePage Map(int fd)
    {
        void* address = LibC.MMap(null, (nuint)Size, LibC.PROT_READ | LibC.PROT_WRITE, LibC.MAP_SHARED, fd, 0);
        if (address == LibC.MapFailed)
        {
            int error = LibC.LastError;
            LibC.Close(fd);
            throw new IOException($"cannot map the channels' state page: {LibC.ErrorText(error)}");
        }
        return new DahdiStatePage(fd, (byte*)address);
    }

    /// <summary>For tests: writes another layout's mark, as a page from another version would carry.</summary>
    internal void WriteMark(long mark) => Header = mark;

    private byte* Slot(int slot) =>
        (uint)slot < DahdiDeviceHandler.MaxChannels ? _base + HeaderSize + (long)slot * SlotSize : throw new ArgumentOutOfRangeException(nameof(slot));

    /// <summary>Writes a channel's state into its slot: the other copy first, then makes it current. Allocates nothing.</summary>
    public void Write(int slot, in DahdiChannelState state)
    {
        byte* s = Slot(slot);
        ref int current = ref Unsafe.AsRef<int>(s);
        int next = Volatile.Read(ref current) == 0 ? 1 : 0;
        *(DahdiChannelState*)(s + 16 + next * CopySize) = state;
        Volatile.Write(ref current, next);
    }

    /// <summary>Frees a slot (its channel was closed).</summary>
    public void Clear(int slot) => Write(slot, default);

    /// <summary>The slot's current copy; a free slot's has <see cref="DahdiChannelKind.None"/>.</summary>
    public DahdiChannelState Read(int slot)
    {
        byte* s = Slot(slot);
        int current = Volatile.Read(ref Unsafe.AsRef<int>(s)) == 0 ? 0 : 1;
        return *(DahdiChannelState*)(s + 16 + current * CopySize);
    }

    /// <summary>Unmaps the page and closes this process's descriptor (the keeper's stays open).</summary>
    public void Dispose()
    {
        if (_base is null) return;
        LibC.MUnmap(_base, (nuint)Size);
        _base = null;
        LibC.Close(Fd);
    }
}
