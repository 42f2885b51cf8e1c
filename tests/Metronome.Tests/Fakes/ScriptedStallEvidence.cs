using System.Text;
using Metronome.Tooling.Measuring.Stalls;

namespace Metronome.Tests.Fakes;

/// <summary>
/// /proc as the test says it is: the current schedstat and /proc/stat texts, set between readings.
/// Texts are encoded when set, so reading allocates nothing; reads are counted.
/// </summary>
internal sealed class ScriptedStallEvidence : IStallEvidence
{
    private byte[]? _schedstat;
    private byte[]? _stat;

    public int Cpu { get; set; }
    public int Reads { get; private set; }
    public int Attached { get; private set; }

    /// <summary>The tick thread's schedstat: time on CPU, run delay, timeslices (null: file missing).</summary>
    public void SetSchedstat(long runNs, long runDelayNs, long slices) => _schedstat = Encoding.ASCII.GetBytes($"{runNs} {runDelayNs} {slices}\n");

    public void SetSchedstatText(string? text) => _schedstat = text is null ? null : Encoding.ASCII.GetBytes(text);

    /// <summary>A /proc/stat with the given steal per CPU (USER_HZ ticks) and the other fields made up.</summary>
    public void SetSteal(params long[] stealByCpu)
    {
        var text = new StringBuilder();
        text.Append($"cpu  4705 150 1120 16250 520 0 20 {stealByCpu.Sum()} 0 0\n");
        for (int i = 0; i < stealByCpu.Length; i++) text.Append($"cpu{i} 2352 75 560 8125 260 0 10 {stealByCpu[i]} 0 0\n");
        text.Append("intr 114930548 113199788 3 0 5 263 0 4 [truncated]\nctxt 1990473\n");
        _stat = Encoding.ASCII.GetBytes(text.ToString());
    }

    public void SetStatText(string? text) => _stat = text is null ? null : Encoding.ASCII.GetBytes(text);

    public void Attach() => Attached++;

    public int ReadSchedstat(Span<byte> buffer) => Copy(_schedstat, buffer);

    public int ReadStat(Span<byte> buffer) => Copy(_stat, buffer);

    public int CurrentCpu() => Cpu;

    public int Collections { get; set; }

    public int GcCollections() => Collections;

    private int Copy(byte[]? text, Span<byte> buffer)
    {
        Reads++;
        if (text is null) return -1;
        int n = Math.Min(text.Length, buffer.Length);
        text.AsSpan(0, n).CopyTo(buffer);
        return n;
    }
}
