using System.Diagnostics;
using Metronome.Timing.Linux;

namespace Metronome.Tooling.Load;

/// <summary>
/// A load running beside a measurement, in a process of its own: `metronome load` for a profile, or the
/// user's command. Our own load dies with us (see <see cref="ParentWatch"/>); a user's command is wrapped
/// in `setpriv --pdeathsig SIGTERM` when util-linux provides it. Start it from a thread that lives as
/// long as the run: the kernel's parent-death signal follows the thread that started the child.
/// </summary>
internal sealed class LoadProcess : IDisposable
{
    private readonly Process _process;

    private LoadProcess(Process process, string description)
    {
        _process = process;
        Description = description;
    }

    public string Description { get; }

    public int Id => _process.Id;

    /// <param name="self">How to run this program again (e.g. ["/usr/bin/metronome"] or ["dotnet", "Metronome.Cli.dll"]).</param>
    public static LoadProcess Start(LoadSpec spec, IReadOnlyList<string> self)
    {
        List<string> command = spec.Profile is { } profile
            ? [.. self, "load", .. profile.ToArguments()]
            : FindOnPath("setpriv") is { } setpriv ? [setpriv, "--pdeathsig", "SIGTERM", "--", .. spec.Command!] : [.. spec.Command!];
        var info = new ProcessStartInfo(command[0])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var a in command.Skip(1)) info.ArgumentList.Add(a);
        info.Environment[ParentWatch.ParentVariable] = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Process process;
        try
        {
            process = ChildStart.Start(info, []) ?? throw new LoadException($"could not start the load '{spec}'");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new LoadException($"could not start the load '{spec}': {e.Message}");
        }
        // Drain its output so a chatty load never blocks on a full pipe.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var load = new LoadProcess(process, spec.ToString());
        // A load that dies at once (bad command, bad arguments) is an error, not a quiet run without load.
        if (process.WaitForExit(300))
            throw new LoadException($"the load '{spec}' exited at once with code {process.ExitCode}");
        return load;
    }

    /// <summary>SIGTERM, then SIGKILL if it has not gone within 5 s.</summary>
    public void Stop()
    {
        if (_process.HasExited) return;
        LibC.Kill(_process.Id, LibC.SIGTERM);
        if (!_process.WaitForExit(5000)) _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public void Dispose()
    {
        Stop();
        _process.Dispose();
    }

    internal static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
}
