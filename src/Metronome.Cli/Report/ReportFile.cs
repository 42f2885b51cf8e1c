using Metronome.Tooling.Host;

namespace Metronome.Cli.Report;

/// <summary>
/// The `--report FILE` of test, compare and doctor: the file is created before measuring (a bad path fails
/// at once, not after the run), and gets the report of the run's own JSON document at the end.
/// </summary>
internal sealed class ReportFile : IDisposable
{
    private readonly StreamWriter _writer;

    private ReportFile(string path, StreamWriter writer)
    {
        Path = path;
        _writer = writer;
    }

    public string Path { get; }

    public static string Generator => "metronome " + Output.RunContext.Version;

    /// <summary>Creates (truncates) the file now; IOException or UnauthorizedAccessException when it cannot be written.</summary>
    public static ReportFile? Open(string? path) => path is null ? null : new ReportFile(path, Output.OutputFile.Open(path));

    /// <summary>Writes the report of one just-written JSON document, with what this host knows about itself.</summary>
    /// <param name="live">False for a result about another host (doctor --root): this host's facts are then left out.</param>
    public void Write(string json, double? stealPercent = null, bool live = true)
    {
        var input = ReportInput.Parse("this run", json);
        _writer.Write(ReportHtml.Render(ReportBuilder.Build([input], live ? LiveContext(stealPercent) : null, Generator)));
        _writer.Flush();
    }

    /// <summary>Host name, kernel and hypervisor of this machine, for results that do not carry them.</summary>
    public static ReportContext LiveContext(double? stealPercent)
    {
        string? kernel = null, hypervisor = null;
        try
        {
            var facts = HostInspector.InspectLive(stealPercent).Facts;
            kernel = facts.Kernel.Release;
            hypervisor = ReportBuilder.Hypervisor(facts);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The report says "not recorded" rather than fail a finished run.
        }
        return new ReportContext(Environment.MachineName, kernel, hypervisor, DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture));
    }

    public void Dispose() => _writer.Dispose();
}
