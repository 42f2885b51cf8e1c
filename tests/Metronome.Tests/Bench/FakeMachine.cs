using Metronome.Tests.Support;

namespace Metronome.Tests.Bench;

/// <summary>
/// The machine bench/lib/guard.sh looks at, made up: a /proc/loadavg (BENCH_LOADAVG_FILE), a process table
/// (BENCH_PROC_DIR: one directory per process with cmdline, status and stat) and a lock file of its own
/// (BENCH_LOCK_FILE), so a test sees the same machine whatever else this one runs.
/// </summary>
internal sealed class FakeMachine : IDisposable
{
    public string Dir { get; } = Directory.CreateTempSubdirectory("metronome-bench-guard-").FullName;

    public string ProcDir => Path.Combine(Dir, "proc");

    public string LockFile => Path.Combine(Dir, "bench.lock");

    public static string Lib => Path.Combine(Repository.Root, "bench", "lib");

    public FakeMachine(string load = "0.20")
    {
        Directory.CreateDirectory(ProcDir);
        Load(load);
    }

    public void Load(string oneMinute) => File.WriteAllText(Path.Combine(Dir, "loadavg"), $"{oneMinute} 0.50 0.40 1/200 4242\n");

    /// <summary>A process: its command line, its parent, and its stat (a real process's, through a link, when CPU use matters).</summary>
    public void Process(int pid, string[] argv, int parent = 1, string? statOf = null)
    {
        string dir = Path.Combine(ProcDir, pid.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "cmdline"), string.Join('\0', argv) + "\0");
        File.WriteAllText(Path.Combine(dir, "status"), $"Name:\t{Path.GetFileName(argv[0])}\nPPid:\t{parent}\n");
        if (statOf is null)
            File.WriteAllText(Path.Combine(dir, "stat"), $"{pid} ({Path.GetFileName(argv[0])}) S {parent} 0 0 0 -1 0 0 0 0 0 500 100 0 0 20 0 1 0 0 0 0\n");
        else
            File.CreateSymbolicLink(Path.Combine(dir, "stat"), statOf);
    }

    public Dictionary<string, string> Env(params (string Name, string Value)[] more)
    {
        var env = new Dictionary<string, string>
        {
            ["BENCH_LOADAVG_FILE"] = Path.Combine(Dir, "loadavg"),
            ["BENCH_PROC_DIR"] = ProcDir,
            ["BENCH_LOCK_FILE"] = LockFile,
            ["LIB"] = Lib,
        };
        foreach (var (name, value) in more) env[name] = value;
        return env;
    }

    public void Dispose() => Directory.Delete(Dir, recursive: true);
}
