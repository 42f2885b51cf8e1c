using System.Diagnostics;
using Metronome.Timing.Linux;

namespace Metronome.Tooling.Capacity;

/// <summary>
/// The same-run floor for a request served by another process: a one-byte round trip through two pipes
/// to `cat` and back. Every FUSE request costs at least such a hand-over between processes, so a
/// server's cost per request is best read as a share of this, which moves with the host.
/// </summary>
internal static class PipeFloor
{
    /// <summary>The median of <paramref name="roundTrips"/> round trips, in ns; null when `cat` cannot be started.</summary>
    public static long? MedianNs(int roundTrips = 20_000)
    {
        Process? cat;
        try
        {
            cat = Process.Start(new ProcessStartInfo("cat") { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false });
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return null;
        }
        if (cat is null) return null;
        using (cat)
        {
            var to = cat.StandardInput.BaseStream;
            var from = cat.StandardOutput.BaseStream;
            Span<byte> one = [42];
            var times = new long[roundTrips];
            for (int i = -roundTrips / 10; i < roundTrips; i++) // the first tenth warms up, unrecorded
            {
                long start = MonotonicClock.Instance.NowNs();
                to.Write(one);
                to.Flush();
                if (from.Read(one) != 1) return null;
                if (i >= 0) times[i] = MonotonicClock.Instance.NowNs() - start;
            }
            to.Close();
            cat.WaitForExit(5000);
            Array.Sort(times);
            return times[times.Length / 2];
        }
    }
}
