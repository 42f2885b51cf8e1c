using System.Buffers.Text;

namespace Metronome.Timing.Linux;

/// <summary>
/// The one reader of /proc/stat's text (proc(5)): its "cpu" lines, in USER_HZ ticks, and "btime". It
/// parses bytes and allocates nothing, for the samplers and the stall detector that read it on the
/// monitor's steady path. Only whole lines count: a line cut off by the end of a buffer is not trusted.
/// </summary>
internal static class ProcStat
{
    /// <summary>"/proc/stat", NUL-terminated for <see cref="LibC.ReadFileInto"/>.</summary>
    public static ReadOnlySpan<byte> Path => "/proc/stat\0"u8;

    /// <summary>The aggregate "cpu" line, which the kernel writes first; null when it is not there whole.</summary>
    public static CpuTimes? Aggregate(ReadOnlySpan<byte> text) =>
        NextLine(ref text, out var line) && TryParseCpuLine(line, out int cpu, out var times) && cpu < 0 ? times : null;

    /// <summary>
    /// Steal of every "cpuN" line into <paramref name="stealByCpu"/> (index N; CPUs beyond its length are
    /// skipped), and of the aggregate line into <paramref name="total"/>. Entries for CPUs not listed
    /// (offline) become -1. Returns false when no cpu line parsed.
    /// </summary>
    public static bool TryParseSteal(ReadOnlySpan<byte> text, Span<long> stealByCpu, out long total)
    {
        stealByCpu.Fill(-1);
        total = -1;
        bool any = false;
        while (NextLine(ref text, out var line))
        {
            if (!TryParseCpuLine(line, out int cpu, out var times)) continue;
            any = true;
            if (cpu < 0) total = times.Steal;
            else if (cpu < stealByCpu.Length) stealByCpu[cpu] = times.Steal;
        }
        return any;
    }

    /// <summary>The boot time ("btime"), in seconds since the Unix epoch; null when there is no such line.</summary>
    public static long? BootTime(ReadOnlySpan<byte> text)
    {
        Span<long> seconds = stackalloc long[1];
        while (NextLine(ref text, out var line))
            if (line.StartsWith("btime "u8) && TryParseNumbers(line[6..], seconds)) return seconds[0];
        return null;
    }

    /// <summary>"cpu" (the aggregate: <paramref name="cpu"/> is -1) or "cpuN" and eight numbers; guest and guest_nice may follow.</summary>
    private static bool TryParseCpuLine(ReadOnlySpan<byte> line, out int cpu, out CpuTimes times)
    {
        cpu = -1;
        times = default;
        if (!line.StartsWith("cpu"u8)) return false;
        var rest = line[3..];
        if (!rest.IsEmpty && rest[0] != (byte)' ')
        {
            if (!Utf8Parser.TryParse(rest, out cpu, out int used) || used == 0 || cpu < 0) return false;
            rest = rest[used..];
        }
        Span<long> v = stackalloc long[8];
        if (!TryParseNumbers(rest, v)) return false;
        times = new CpuTimes(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7]);
        return true;
    }

    /// <summary>The first <paramref name="values"/>.Length space-separated non-negative numbers of <paramref name="text"/>.</summary>
    private static bool TryParseNumbers(ReadOnlySpan<byte> text, Span<long> values)
    {
        for (int i = 0; i < values.Length; i++)
        {
            text = text.TrimStart((byte)' ');
            if (!Utf8Parser.TryParse(text, out values[i], out int used) || used == 0 || values[i] < 0
                || (used < text.Length && text[used] != (byte)' ')) return false;
            text = text[used..];
        }
        return true;
    }

    private static bool NextLine(ref ReadOnlySpan<byte> text, out ReadOnlySpan<byte> line)
    {
        int end = text.IndexOf((byte)'\n');
        if (end < 0)
        {
            line = default;
            text = default;
            return false;
        }
        line = text[..end];
        text = text[(end + 1)..];
        return true;
    }
}
