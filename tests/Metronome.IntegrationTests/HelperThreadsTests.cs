namespace Metronome.IntegrationTests;

/// <summary>`metronome test`'s threads other than the tick thread, as the kernel sees them during a run.</summary>
public class HelperThreadsTests
{
    private const int SchedFifo = 1;

    private sealed record TaskInfo(string Name, int Policy, string Cpus);

    /// <summary>Every thread of <paramref name="pid"/>: its name, scheduling policy (stat field 41) and allowed CPUs.</summary>
    private static List<TaskInfo> Tasks(int pid)
    {
        var tasks = new List<TaskInfo>();
        foreach (var dir in Directory.EnumerateDirectories($"/proc/{pid}/task"))
        {
            try
            {
                string name = File.ReadAllText(Path.Combine(dir, "comm")).TrimEnd('\n');
                string stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                string cpus = File.ReadAllLines(Path.Combine(dir, "status")).Single(l => l.StartsWith("Cpus_allowed_list:", StringComparison.Ordinal)).Split('\t')[^1];
                tasks.Add(new TaskInfo(name, int.Parse(fields[38], System.Globalization.CultureInfo.InvariantCulture), cpus));
            }
            catch (IOException)
            {
                // The thread ended between the listing and the reading.
            }
        }
        return tasks;
    }

    /// <summary>A kernel cpulist ("0,2-3") as its CPUs.</summary>
    private static IEnumerable<int> Expand(string list) => list.Split(',').SelectMany(part =>
    {
        var ends = part.Split('-').Select(int.Parse).ToArray();
        return Enumerable.Range(ends[0], ends[^1] - ends[0] + 1);
    });

    [Fact]
    public void Given_a_tick_thread_pinned_to_cpu_1_When_the_run_is_under_way_Then_only_it_is_real_time_there_and_the_samplers_run_elsewhere()
    {
        Assert.True(Environment.ProcessorCount >= 2, "this test needs two CPUs");
        using var run = CliProcess.Start("test", "--source", "nanosleep", "--cpu", "1", "--duration", "6");
        Assert.True(run.WaitForOutput("measuring accuracy...", TimeSpan.FromSeconds(30)), run.Stderr);
        List<TaskInfo> tasks = [];
        // The samplers start as the tick does; give them a moment to exist.
        for (int i = 0; i < 50 && !tasks.Any(t => t.Name == "metronome-steal"); i++)
        {
            Thread.Sleep(100);
            tasks = Tasks(run.Id);
        }
        run.WaitForExit(TimeSpan.FromSeconds(60));

        var tick = Assert.Single(tasks, t => t.Policy == SchedFifo);
        Assert.Equal(("metronome-tick", "1"), (tick.Name, tick.Cpus));
        foreach (var helper in new[] { "metronome-steal", "metronome-stall" })
        {
            var sampler = Assert.Single(tasks, t => t.Name.StartsWith(helper, StringComparison.Ordinal));
            Assert.DoesNotContain(1, Expand(sampler.Cpus));
        }
    }
}
