using Metronome.Tooling.Capacity;

namespace Metronome.Tests.Capacity;

public class ProcessCpuTests
{
    [Theory]
    [InlineData(new[] { "/usr/bin/metronome", "dahdi", "--mount", "/dev/dahdi" }, true)]
    [InlineData(new[] { "/work/artifacts/bin/metronome", "dahdi" }, true)]
    [InlineData(new[] { "/usr/bin/dotnet", "/src/bin/Metronome.Cli.dll", "dahdi" }, true)]
    [InlineData(new[] { "/usr/bin/metronome", "dahdi-load", "--channels", "50" }, false)]
    [InlineData(new[] { "/usr/bin/metronome", "test", "dahdi" }, false)]
    [InlineData(new[] { "/usr/sbin/asterisk", "dahdi" }, false)]
    [InlineData(new[] { "/usr/bin/metronome" }, false)]
    public void Given_a_command_line_When_asked_whether_it_serves_dahdi_Then_only_metronome_dahdi_does(string[] args, bool serves) =>
        Assert.Equal(serves, ProcessCpu.IsDahdiServer(args));

    [Fact]
    public void Given_a_fake_proc_with_one_server_and_other_processes_When_searched_Then_its_pid_and_cpu_are_found()
    {
        string proc = Directory.CreateTempSubdirectory("metronome-proc-").FullName;
        try
        {
            Process(proc, 41, ["/usr/sbin/asterisk", "-f"], "41 (asterisk) S 1 41 41 0 -1 4194560 0 0 0 0 500 120 0 0 20 0 30 0 100 1000 200");
            Process(proc, 42, ["/usr/bin/metronome", "dahdi"], "42 (metronome) S 1 42 42 0 -1 4194560 0 0 0 0 250 50 0 0 -81 0 9 0 100 1000 200");

            Process(proc, 45, ["/usr/bin/metronome", "dahdi", "--serve-fds", "3,4", "--state-fd", "5"], "45 (metronome) S 42 42 42 0 -1 4194560 0 0 0 0 700 300 0 0 -81 0 9 0 100 1000 200");
            Children(proc, 42, 45);

            // The keeper is the server; its serving process's time counts with it.
            Assert.Equal(42, ProcessCpu.FindDahdiServer(proc));
            Assert.Equal(13.0, ProcessCpu.Seconds(42, proc));
            Assert.Null(ProcessCpu.Seconds(43, proc));

            Process(proc, 44, ["/usr/bin/metronome", "dahdi", "--mount", "/tmp/x"], "44 (metronome) S 1 44 44 0 -1 0 0 0 0 0 1 1 0 0 20 0 1 0 100 1000 200");
            Assert.Null(ProcessCpu.FindDahdiServer(proc)); // two servers: which one is unknown
        }
        finally
        {
            Directory.Delete(proc, recursive: true);
        }
    }

    private static void Children(string proc, int pid, params int[] children)
    {
        string task = Directory.CreateDirectory(Path.Combine(proc, pid.ToString(System.Globalization.CultureInfo.InvariantCulture), "task", pid.ToString(System.Globalization.CultureInfo.InvariantCulture))).FullName;
        File.WriteAllText(Path.Combine(task, "children"), string.Join(' ', children) + " ");
    }

    private static void Process(string proc, int pid, string[] args, string stat)
    {
        string dir = Directory.CreateDirectory(Path.Combine(proc, pid.ToString(System.Globalization.CultureInfo.InvariantCulture))).FullName;
        File.WriteAllText(Path.Combine(dir, "cmdline"), string.Join('\0', args) + "\0");
        File.WriteAllText(Path.Combine(dir, "stat"), stat + "\n");
    }
}
