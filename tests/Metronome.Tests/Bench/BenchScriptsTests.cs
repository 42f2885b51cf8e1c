using Metronome.Tests.Support;

namespace Metronome.Tests.Bench;

/// <summary>
/// Every bench script in bench/ goes through the guard before it builds or measures anything. Run in a copy
/// of bench/ whose build.sh and ensure-packages.sh only record that they ran (and fail, so nothing goes on),
/// with an `id` that says root, on a <see cref="FakeMachine"/>.
/// </summary>
public sealed class BenchScriptsTests : IDisposable
{
    private readonly FakeMachine _machine = new();
    private readonly string _repo;

    public BenchScriptsTests()
    {
        _repo = Path.Combine(_machine.Dir, "repo");
        Copy(Path.Combine(Repository.Root, "bench"), Path.Combine(_repo, "bench"));
        Write("build.sh", "echo build >> \"$(dirname \"$0\")/ran\"; exit 7\n");
        Write("scripts/ensure-packages.sh", "echo packages >> \"$(dirname \"$0\")/../ran\"; exit 7\n");
    }

    public void Dispose() => _machine.Dispose();

    public static TheoryData<string> Benches()
    {
        var data = new TheoryData<string>();
        foreach (var script in Directory.EnumerateFiles(Path.Combine(Repository.Root, "bench"), "*.sh").Order(StringComparer.Ordinal))
            data.Add(Path.GetFileName(script));
        return data;
    }

    [Theory]
    [MemberData(nameof(Benches))]
    public void Given_a_busy_machine_When_a_bench_starts_Then_it_refuses_in_one_line_before_building(string bench)
    {
        _machine.Load("3.10");

        var (code, stdout, stderr) = RunBench(bench);

        Assert.Equal((1, ""), (code, stdout));
        Assert.Equal("bench: refusing to measure a busy machine: load average 3.10 > 1.0 (BENCH_FORCE=1 measures anyway and stamps the table)\n", stderr);
        Assert.False(File.Exists(Path.Combine(_repo, "ran")), $"{bench} built or installed before the guard refused");
    }

    [Theory]
    [MemberData(nameof(Benches))]
    public void Given_a_quiet_machine_When_a_bench_starts_Then_it_goes_on_to_build(string bench)
    {
        var (code, _, stderr) = RunBench(bench);

        Assert.True(code == 7, $"{bench} exited {code}, not at the stub build:\n{stderr}");
        Assert.Equal("build\n", File.ReadAllText(Path.Combine(_repo, "ran")));
    }

    private (int Code, string Stdout, string Stderr) RunBench(string bench)
    {
        // `id` says root (an exported function reaches the bench's own bash); asterisk.sh wants its source
        // tree as an argument, and the guard refuses before it is looked at.
        return Bash.Run("id() { echo 0; }; export -f id; bash \"$1\" /nonexistent-asterisk-source", _machine.Env(), Path.Combine(_repo, "bench", bench));
    }

    private void Write(string relative, string text)
    {
        string path = Path.Combine(_repo, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    private static void Copy(string from, string to)
    {
        foreach (var dir in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
            if (!IsRaw(from, dir)) Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, dir)));
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
            if (!IsRaw(from, file)) File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)));
    }

    /// <summary>bench/results/raw holds the last runs' files (ignored by git): not needed to start a bench.</summary>
    private static bool IsRaw(string root, string path) => Path.GetRelativePath(root, path).StartsWith(Path.Combine("results", "raw"), StringComparison.Ordinal);
}
