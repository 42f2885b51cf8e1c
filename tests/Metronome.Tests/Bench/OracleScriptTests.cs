using System.Text;
using Metronome.Tests.Support;

namespace Metronome.Tests.Bench;

/// <summary>bench/lib/oracle.py on a scripted recording: the oracle's first-of-N and the stalls both vCPUs shared.</summary>
public sealed class OracleScriptTests : IDisposable
{
    private readonly string _raw = Directory.CreateTempSubdirectory("metronome-oracle-").FullName;

    public void Dispose() => Directory.Delete(_raw, recursive: true);

    /// <summary>
    /// Two threads 10 us late on every tick of 3 s, except: CPU 0 stalls 4.5 ms at tick 101, CPU 1 at tick
    /// 201, and both at tick 301 (CPU 0 for 2.5 ms, CPU 1 for 3.5 ms).
    /// </summary>
    private void WriteRecording()
    {
        var stalls = new Dictionary<int, (int Tick, int Ticks, long LateNs)[]>
        {
            [0] = [(101, 5, 4_500_000), (301, 3, 2_500_000)],
            [1] = [(201, 5, 4_500_000), (301, 4, 3_500_000)],
        };
        var lines = new StringBuilder();
        var counts = new Dictionary<int, int>();
        foreach (var (cpu, stalled) in stalls)
        {
            int n = 0;
            for (int tick = 1; tick <= 3000; n++)
            {
                var stall = stalled.FirstOrDefault(s => s.Tick == tick);
                int elapsed = stall.Ticks > 0 ? stall.Ticks : 1;
                lines.Append($"{cpu} {tick} {elapsed} {(stall.Ticks > 0 ? stall.LateNs : 10_000)}\n");
                tick += elapsed;
            }
            counts[cpu] = n;
        }
        File.WriteAllText(Path.Combine(_raw, "1.oracle.wakeups"),
            "# metronome wake-ups: source nanosleep, rate 1000, cpus 0,1\n"
            + $"# thread on cpu 0: {counts[0]} wake-ups, 30000000 ns of cpu\n# thread on cpu 1: {counts[1]} wake-ups, 30000000 ns of cpu\n"
            + "# cpu first elapsed late_ns\n" + lines);
    }

    [Fact]
    public void Given_stalls_of_each_cpu_and_one_of_both_When_summarised_Then_the_oracle_is_late_only_where_both_were()
    {
        WriteRecording();
        string output = Path.Combine(_raw, "oracle.md.new");

        var (code, _, stderr) = Bash.Run("python3 \"$1\" \"$2\" \"$3\" 3 0,1 intro", new Dictionary<string, string>(),
            Path.Combine(Repository.Root, "bench", "lib", "oracle.py"), _raw, output);

        Assert.True(code == 0, stderr);
        var lines = File.ReadAllLines(output);
        Assert.Contains("| oracle: first of the recorder's threads (CPUs 0,1), free hand-over | 1 | 2998 | 1 (1) | 0 | 10 | 10 | 2500 | 2500 | 2 | 2.00 |", lines);
        Assert.Contains("| recorder thread on CPU 0 alone | 1 | 2994 | 2 (2) | 0 | 10 | 10 | 4500 | 4500 | 6 | 1.00 |", lines);
        Assert.Contains("| recorder thread on CPU 1 alone | 1 | 2993 | 2 (2) | 0 | 10 | 10 | 4500 | 4500 | 7 | 1.00 |", lines);
        Assert.Contains("Ticks the recorder's threads reached more than 1 ms late, of 3000: CPU 0: 6, CPU 1: 7; "
                        + "all at once (every vCPU stalled, which no guest can fix): 2 (0.0667% of ticks).", lines);
    }
}
