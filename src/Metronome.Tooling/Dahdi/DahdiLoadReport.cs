using System.Globalization;
using System.Text;

namespace Metronome.Tooling.Dahdi;

/// <summary>
/// What `metronome dahdi` served over its last window: the requests its request threads answered and
/// the CPU those threads spent on them. The serving process writes it to a file every window
/// (<see cref="DahdiLoadFile"/>); the doctor reads it to judge the load against the ceiling the same
/// figures imply. The text form is a `key value` line per field, so that people can read it too.
/// </summary>
/// <param name="Pid">The serving process: a report whose process is gone is stale.</param>
/// <param name="RequestThreads">Threads taking the kernel's requests.</param>
/// <param name="Cpus">CPUs the serving process may run on.</param>
/// <param name="WindowSeconds">How long the window was.</param>
/// <param name="Requests">Requests answered in the window, every kind.</param>
/// <param name="RequestCpuSeconds">CPU the request threads used in the window (user and system, in /proc's 10 ms ticks).</param>
internal sealed record DahdiLoadReport(int Pid, int RequestThreads, int Cpus, double WindowSeconds, long Requests, double RequestCpuSeconds)
{
    /// <summary>
    /// Less request CPU than this in a window measures nothing: /proc counts each thread's time in 10 ms
    /// ticks, so the cost per request would be off by more than 5% per thread.
    /// </summary>
    public const double MinCpuSeconds = 0.2;

    private const string Title = "# metronome dahdi: the requests served over the last window (docs/dahdi.md)";

    public double RequestsPerSecond => Requests / WindowSeconds;

    /// <summary>CPU per request in microseconds; null when the window's request CPU is too little to measure.</summary>
    public double? CpuPerRequestUs => RequestCpuSeconds >= MinCpuSeconds && Requests > 0 ? RequestCpuSeconds / Requests * 1e6 : null;

    /// <summary>
    /// The most requests a second the request threads could answer at this cost: each thread busy for all
    /// of one CPU, and no more threads at once than CPUs. Null when <see cref="CpuPerRequestUs"/> is.
    /// </summary>
    public double? CeilingPerSecond => CpuPerRequestUs is { } us ? Math.Min(RequestThreads, Cpus) * 1e6 / us : null;

    /// <summary>The share of <see cref="CeilingPerSecond"/> in use, 0 to 1 (or above, if the estimate was low).</summary>
    public double? Utilization => CeilingPerSecond is { } ceiling ? RequestsPerSecond / ceiling : null;

    /// <summary>"62900 requests/s (1 request thread on 2 CPUs, 15.9 µs of CPU per request)"; null without a ceiling.</summary>
    public string? CeilingText => CeilingPerSecond is { } ceiling && CpuPerRequestUs is { } us
        ? string.Create(CultureInfo.InvariantCulture,
            $"{ceiling:0} requests/s ({RequestThreads} request thread{(RequestThreads == 1 ? "" : "s")} on {Cpus} CPU{(Cpus == 1 ? "" : "s")}, {us:0.0} µs of CPU per request)")
        : null;

    /// <summary>The fields in the order <see cref="Format"/> writes them.</summary>
    private static readonly string[] Keys = ["pid", "request-threads", "cpus", "window-seconds", "requests", "request-cpu-seconds"];

    public string Format()
    {
        string[] values =
        [
            Pid.ToString(CultureInfo.InvariantCulture),
            RequestThreads.ToString(CultureInfo.InvariantCulture),
            Cpus.ToString(CultureInfo.InvariantCulture),
            WindowSeconds.ToString("0.000", CultureInfo.InvariantCulture),
            Requests.ToString(CultureInfo.InvariantCulture),
            RequestCpuSeconds.ToString("0.00", CultureInfo.InvariantCulture),
        ];
        var text = new StringBuilder().Append(Title).Append('\n');
        for (int i = 0; i < Keys.Length; i++) text.Append(Keys[i]).Append(' ').Append(values[i]).Append('\n');
        return text.ToString();
    }

    /// <summary>Reads the text <see cref="Format"/> writes; null when a field is missing or not a number in its range.</summary>
    public static DahdiLoadReport? Parse(string text)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var raw in text.Split('\n'))
        {
            string line = raw.Trim();
            if (line.Length == 0 || line[0] == '#') continue;
            int space = line.IndexOf(' ');
            if (space > 0) values[line[..space]] = line[(space + 1)..].Trim();
        }
        long? Whole(string key, long min) =>
            values.TryGetValue(key, out var v) && long.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out long n) && n >= min ? n : null;
        double? Real(string key, double min) =>
            values.TryGetValue(key, out var v) && double.TryParse(v, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double d) && d >= min ? d : null;
        return Whole("pid", 1) is { } pid && pid <= int.MaxValue
               && Whole("request-threads", 1) is { } threads && threads <= DahdiServerOptions.MaxRequestThreads
               && Whole("cpus", 1) is { } cpus && cpus <= 65_536
               && Real("window-seconds", 0) is { } window && window > 0
               && Whole("requests", 0) is { } requests
               && Real("request-cpu-seconds", 0) is { } cpu
            ? new DahdiLoadReport((int)pid, (int)threads, (int)cpus, window, requests, cpu)
            : null;
    }
}
