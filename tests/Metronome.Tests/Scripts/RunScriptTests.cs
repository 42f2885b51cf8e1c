using System.Diagnostics;
using Metronome.Tests.Support;

namespace Metronome.Tests.Scripts;

/// <summary>
/// ./run.sh builds only when the binary is missing or a source or project file is newer: not when
/// `dotnet test` rewrote bin/ and obj/; it builds only the binary (not the packages), and says what it
/// does and how long it takes. Run in a copy with a build.sh that only records how it was run.
/// </summary>
public sealed class RunScriptTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("metronome-run-sh-").FullName;

    public RunScriptTests()
    {
        File.Copy(Path.Combine(Repository.Root, "run.sh"), Path.Combine(_dir, "run.sh"));
        File.WriteAllText(Path.Combine(_dir, "build.sh"), """
            mkdir -p "$(dirname "$0")/artifacts/bin"
            printf '#!/bin/sh\necho "metronome $*"\n' > "$(dirname "$0")/artifacts/bin/metronome"
            chmod +x "$(dirname "$0")/artifacts/bin/metronome"
            echo "built $*" >> "$(dirname "$0")/builds"
            """);
        File.WriteAllText(Path.Combine(_dir, "Directory.Build.props"), "<Project />");
        Write("src/Metronome.Timing/Source.cs");
        Write("src/Metronome.Timing/Metronome.Timing.csproj");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Given_no_binary_When_run_Then_it_says_it_builds_on_stderr_builds_once_and_runs()
    {
        var (stdout, stderr) = Run("test", "-c", "1");

        Assert.Equal("metronome test -c 1\n", stdout);
        Assert.StartsWith($"building metronome, first run only: {FirstBuild}\n", stderr);
        Assert.Equal(["built --binary"], Builds());
    }

    [Fact]
    public void Given_dotnet_test_rewrote_bin_and_obj_When_run_Then_it_does_not_build()
    {
        Run("sources");
        Write("src/Metronome.Timing/bin/Release/net10.0/Metronome.Timing.dll", later: true);
        Write("src/Metronome.Timing/obj/Release/net10.0/Metronome.Timing.AssemblyInfo.cs", later: true);
        Write("src/Metronome.Timing/obj/project.assets.json", later: true);

        var (stdout, stderr) = Run("sources");

        Assert.Equal("metronome sources\n", stdout);
        Assert.Equal("", stderr);
        Assert.Single(Builds());
    }

    [Theory]
    [InlineData("src/Metronome.Timing/Source.cs")]
    [InlineData("src/Metronome.Timing/Metronome.Timing.csproj")]
    [InlineData("Directory.Build.props")]
    public void Given_a_source_or_project_file_changed_When_run_Then_it_says_so_and_builds(string file)
    {
        Run("sources");
        Write(file, later: true);

        var (_, stderr) = Run("sources");

        Assert.Equal($"building metronome: {file} changed since the last build; {Rebuild}\n", stderr);
        Assert.Equal(["built --binary", "built --binary"], Builds());
    }

    /// <summary>What a first build does and takes, as run.sh says it (measured: about 2.5 minutes of CPU).</summary>
    private const string FirstBuild = "restoring packages, then compiling and linking the native binary (about 2 minutes on two idle cores, more on a busy machine or with packages to download)";

    /// <summary>A rebuild compiles the whole program to native code again, whatever changed.</summary>
    private const string Rebuild = "compiling and linking the native binary again (a minute or two)";

    private string[] Builds() => File.ReadAllLines(Path.Combine(_dir, "builds"));

    /// <summary>Writes a file; <paramref name="later"/> dates it a minute after the binary, as an edit after the build would be.</summary>
    private void Write(string relative, bool later = false)
    {
        string path = Path.Combine(_dir, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "x");
        var binary = Path.Combine(_dir, "artifacts/bin/metronome");
        if (later && File.Exists(binary)) File.SetLastWriteTimeUtc(path, File.GetLastWriteTimeUtc(binary).AddMinutes(1));
        else File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(-10));
    }

    private (string Stdout, string Stderr) Run(params string[] args)
    {
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Path.Combine(_dir, "run.sh"));
        foreach (var a in args) info.ArgumentList.Add(a);
        using var p = Process.Start(info)!;
        var stderr = p.StandardError.ReadToEndAsync();
        string stdout = p.StandardOutput.ReadToEnd();
        Assert.True(p.WaitForExit(30_000), "run.sh did not finish");
        Assert.Equal(0, p.ExitCode);
        return (stdout, stderr.Result);
    }
}
