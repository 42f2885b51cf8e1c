using System.Text;
using Xunit.Abstractions;

namespace Metronome.IntegrationTests;

/// <summary>
/// A shared VM's host now and then holds a vCPU for a few milliseconds (4.6 ms seen here, even for a
/// SCHED_FIFO thread). If one such stall delays the block or tick that ends a pass, that pass reads long
/// and the next short — a CI run saw 99.680% and 99.666% that way — and a 5-pass average drops under
/// 99.9. So a pass-scored run gets up to <see cref="Tries"/> tries: a device or source that is really
/// slow, fast or jittery fails every one of them.
/// </summary>
internal static class HostNoise
{
    public const int Tries = 3;

    /// <summary>
    /// Runs <paramref name="run"/> until <paramref name="good"/> holds or the tries are used up. Every try's
    /// output goes to the test's output too, so a retry that ended well is still on record.
    /// </summary>
    /// <returns>The last run, how many runs it took, and every run's output for a failure message.</returns>
    public static (T Last, int Runs, string Log) Retry<T>(Func<T> run, Func<T, bool> good, Func<T, string> output, ITestOutputHelper record)
    {
        var log = new StringBuilder();
        for (int attempt = 1; ; attempt++)
        {
            T result = run();
            string entry = $"--- try {attempt} of {Tries} ---\n{output(result)}";
            record.WriteLine(entry);
            log.Append(entry).Append('\n');
            if (good(result) || attempt == Tries) return (result, attempt, log.ToString());
        }
    }
}
