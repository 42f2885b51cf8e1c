using System.Buffers.Text;

namespace Metronome.Tooling.Measuring.Stalls;

/// <summary>Parses the /proc text stall attribution needs, from bytes, without allocating.</summary>
internal static class ProcText
{
    /// <summary>"run_ns wait_ns timeslices": the thread's time on a CPU, time runnable but waiting (run delay), and its timeslices.</summary>
    public static bool TryParseSchedstat(ReadOnlySpan<byte> text, out long runNs, out long runDelayNs, out long timeslices)
    {
        runNs = runDelayNs = timeslices = 0;
        return NextNumber(ref text, out runNs) && NextNumber(ref text, out runDelayNs) && NextNumber(ref text, out timeslices);
    }

    /// <summary>
    /// Steal (the 8th value, USER_HZ ticks) of every "cpuN" line of /proc/stat into <paramref name="stealByCpu"/>
    /// (index N; CPUs beyond its length are skipped), and of the aggregate "cpu" line into <paramref name="total"/>.
    /// Entries for CPUs not listed (offline) become -1. Returns false when no cpu line parsed.
    /// </summary>
    public static bool TryParseSteal(ReadOnlySpan<byte> text, Span<long> stealByCpu, out long total)
    {
        stealByCpu.Fill(-1);
        total = -1;
        bool any = false;
        while (!text.IsEmpty)
        {
            int end = text.IndexOf((byte)'\n');
            // A line cut off by the end of the buffer is not trusted.
            if (end < 0) break;
            var line = text[..end];
            text = text[(end + 1)..];
            if (!line.StartsWith("cpu"u8)) continue;
            var rest = line[3..];
            int cpu = -1;
            if (!rest.IsEmpty && rest[0] != (byte)' ')
            {
                if (!Utf8Parser.TryParse(rest, out cpu, out int used) || used == 0) continue;
                rest = rest[used..];
            }
            long steal = 0;
            bool ok = true;
            for (int i = 0; i < 8 && ok; i++) ok = NextNumber(ref rest, out steal);
            if (!ok) continue;
            any = true;
            if (cpu < 0) total = steal;
            else if (cpu < stealByCpu.Length) stealByCpu[cpu] = steal;
        }
        return any;
    }

    private static bool NextNumber(ref ReadOnlySpan<byte> text, out long value)
    {
        int start = 0;
        while (start < text.Length && (text[start] == (byte)' ' || text[start] == (byte)'\t')) start++;
        text = text[start..];
        if (!Utf8Parser.TryParse(text, out value, out int used) || used == 0 || value < 0) return false;
        text = text[used..];
        return true;
    }
}
