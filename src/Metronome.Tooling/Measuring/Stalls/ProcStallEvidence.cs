using System.Text;
using Metronome.Timing.Linux;

namespace Metronome.Tooling.Measuring.Stalls;

/// <summary>
/// The live evidence: /proc/self/task/TID/schedstat of the tick thread (readable from any thread, unlike
/// /proc/thread-self) and /proc/stat. Paths are encoded once, at <see cref="Attach"/>; reads allocate nothing.
/// </summary>
internal sealed class ProcStallEvidence : IStallEvidence
{
    private byte[] _schedstatPath = "/proc/thread-self/schedstat\0"u8.ToArray();

    public void Attach() => _schedstatPath = Encoding.ASCII.GetBytes($"/proc/self/task/{LibC.GetTid()}/schedstat\0");

    public int ReadSchedstat(Span<byte> buffer) => LibC.ReadFileInto(_schedstatPath, buffer);

    public int ReadStat(Span<byte> buffer) => LibC.ReadFileInto(ProcStat.Path, buffer);

    public int CurrentCpu() => LibC.SchedGetCpu();

    public int GcCollections() => GC.CollectionCount(0);
}
