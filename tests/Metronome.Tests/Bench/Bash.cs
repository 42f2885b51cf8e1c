using System.Diagnostics;

namespace Metronome.Tests.Bench;

/// <summary>Runs a bash script (bench/lib's functions, a bench's start) with the environment a test gives it.</summary>
internal static class Bash
{
    public static (int Code, string Stdout, string Stderr) Run(string script, IReadOnlyDictionary<string, string> env, params string[] args)
    {
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(script);
        info.ArgumentList.Add("bash");
        foreach (var a in args) info.ArgumentList.Add(a);
        // A bench's own settings from the environment that runs the tests must not leak in.
        foreach (var name in new[] { "BENCH_FORCE", "BENCH_MAX_LOAD", "BENCH_SETTLE_SECONDS", "BENCH_LOCK_FILE", "BENCH_LOADAVG_FILE", "BENCH_PROC_DIR", "METRONOME" })
            info.Environment.Remove(name);
        foreach (var (name, value) in env) info.Environment[name] = value;
        using var p = Process.Start(info)!;
        var stderr = p.StandardError.ReadToEndAsync();
        string stdout = p.StandardOutput.ReadToEnd();
        if (!p.WaitForExit(60_000))
        {
            p.Kill(entireProcessTree: true);
            Assert.Fail($"bash did not finish in 60 s:\n{script}");
        }
        return (p.ExitCode, stdout, stderr.Result);
    }
}
