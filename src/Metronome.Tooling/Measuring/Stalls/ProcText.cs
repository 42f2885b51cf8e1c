using System.Buffers.Text;

namespace Metronome.Tooling.Measuring.Stalls;

/// <summary>Parses a thread's schedstat from bytes, without allocating.</summary>
internal static class ProcText
{
    /// <summary>"run_ns wait_ns timeslices": the thread's time on a CPU, time runnable but waiting (run delay), and its timeslices.</summary>
    public static bool TryParseSchedstat(ReadOnlySpan<byte> text, out long runNs, out long runDelayNs, out long timeslices)
    {
        runNs = runDelayNs = timeslices = 0;
        return NextNumber(ref text, out runNs) && NextNumber(ref text, out runDelayNs) && NextNumber(ref text, out timeslices);
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
