using System.Diagnostics;
using System.Text;

namespace Metronome.IntegrationTests;

/// <summary>
/// The `metronome` command as a separate process, as an operator or a script runs it; or another program
/// the tests run beside it (dahdi_test, setpriv, systemd-analyze), its output collected the same way.
/// </summary>
internal sealed class CliProcess : IDisposable
{
    private readonly string _name;
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly object _gate = new();

    private CliProcess(string name, Process process)
    {
        _name = name;
        _process = process;
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_gate) _stdout.Append(e.Data).Append('\n'); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_gate) _stderr.Append(e.Data).Append('\n'); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Id => _process.Id;

    public string Stdout { get { lock (_gate) return _stdout.ToString(); } }

    public string Stderr { get { lock (_gate) return _stderr.ToString(); } }

    public static CliProcess Start(params string[] args) => Start(null, args);

    /// <param name="environment">Variables to set for the child (e.g. a PATH without cyclictest).</param>
    public static CliProcess Start(IDictionary<string, string>? environment, params string[] args) =>
        StartProgram(BuiltBinary.Path, args, environment);

    public static CliProcess StartProgram(string program, IEnumerable<string> args, IDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in args) info.ArgumentList.Add(a);
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) info.Environment[k] = v;
        string name = Path.GetFileName(program);
        return new CliProcess(name, Process.Start(info) ?? throw new InvalidOperationException($"could not start {name}"));
    }

    /// <summary>Runs to completion; fails the test if it takes longer than <paramref name="timeout"/>.</summary>
    public static (int Code, string Stdout, string Stderr) Run(TimeSpan timeout, params string[] args) => Run(timeout, null, args);

    public static (int Code, string Stdout, string Stderr) Run(TimeSpan timeout, IDictionary<string, string>? environment, params string[] args)
    {
        using var p = Start(environment, args);
        return p.Finish(timeout);
    }

    /// <summary>Runs another program to completion; fails the test if it takes longer than <paramref name="timeout"/>.</summary>
    public static (int Code, string Stdout, string Stderr) RunProgram(TimeSpan timeout, string program, params string[] args)
    {
        using var p = StartProgram(program, args);
        return p.Finish(timeout);
    }

    private (int Code, string Stdout, string Stderr) Finish(TimeSpan timeout)
    {
        int code = WaitForExit(timeout);
        return (code, Stdout, Stderr);
    }

    public int WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{_name} did not exit within {timeout}; stdout so far:\n{Stdout}\nstderr:\n{Stderr}");
        }
        _process.WaitForExit(); // drains the asynchronous readers
        return _process.ExitCode;
    }

    /// <summary>Waits until stdout holds <paramref name="text"/>; false on timeout.</summary>
    public bool WaitForOutput(string text, TimeSpan timeout) => WaitFor(() => Stdout, text, timeout);

    /// <summary>Waits until stderr holds <paramref name="text"/>; false on timeout.</summary>
    public bool WaitForError(string text, TimeSpan timeout) => WaitFor(() => Stderr, text, timeout);

    private bool WaitFor(Func<string> output, string text, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < until)
        {
            if (output().Contains(text, StringComparison.Ordinal)) return true;
            if (_process.HasExited) return output().Contains(text, StringComparison.Ordinal);
            Thread.Sleep(20);
        }
        return false;
    }

    public void Signal(string name)
    {
        using var kill = Process.Start("kill", ["-s", name, Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        Assert.Equal(0, kill.ExitCode);
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }
}
