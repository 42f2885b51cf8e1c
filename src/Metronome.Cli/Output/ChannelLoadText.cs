using System.Globalization;
using Metronome.Tooling.Capacity;

namespace Metronome.Cli.Output;

/// <summary>`metronome dahdi-load` for people: a header, a row per step as it ends, then the ceiling.</summary>
internal static class ChannelLoadText
{
    public const string Columns = "channels  round trips/s   done      p50      p99      max  errors  server CPU  CPU/request";

    public static string Header(ChannelLoadOptions options, string server) =>
        $"Driving {options.Device}: per channel, DAHDI_TIMERPING, poll for POLLPRI, DAHDI_GETEVENT, DAHDI_TIMERPONG ({ChannelLoadOptions.RequestsPerRoundTrip} requests) " +
        $"{options.RateHz} times a second, {options.Seconds} s per step; server: {server}.";

    public static string Row(ChannelLoadStep s, long? pipeNs) => string.Create(CultureInfo.InvariantCulture,
        $"{s.Channels,8}  {s.Channels * s.RateHz,13:N0}  {Done(s),5}  {Time(s.P50Ns),7}  {Time(s.P99Ns),7}  {Time(s.MaxNs),7}  {s.Errors,6}  {Cpu(s.ServerCpuPercent),10}  {PerRequest(s.CpuPerRequestNs, pipeNs)}");

    public static string Pipe(long? pipeNs) => pipeNs is { } ns
        ? string.Create(CultureInfo.InvariantCulture, $"Same-run floor: a one-byte round trip between two processes over pipes takes {ns / 1000.0:0.0} us (median).")
        : "Same-run floor: unknown (cat could not be started).";

    public static string Ceiling(ChannelLoadResult result)
    {
        if (result.Ceiling is not { } c) return Below(result);
        string more = c == result.Steps.MaxBy(s => s.Channels) ? " (the largest step tried: the ceiling may be higher)" : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"Ceiling: {c.Channels} channels ({c.Channels * c.RateHz:N0} round trips/s, {c.Channels * c.RateHz * ChannelLoadOptions.RequestsPerRoundTrip:N0} requests/s) with every round trip answered in order and p99 at most {result.Options.MaxP99Ns / 1e6:0.###} ms{more}.");
    }

    private static string Below(ChannelLoadResult result) =>string.Create(CultureInfo.InvariantCulture, $"Ceiling: below {result.Steps.Min(s => s.Channels)} channels (no step answered every round trip in order with p99 at most {result.Options.MaxP99Ns / 1e6:0.###} ms).");

    private static string Done(ChannelLoadStep s) => s.Asked == 0 ? "-" : s.Done == s.Asked ? "all" : string.Create(CultureInfo.InvariantCulture, $"{100.0 * s.Done / s.Asked:0}%");

    private static string Time(long ns) => ns < 1_000_000
        ? string.Create(CultureInfo.InvariantCulture, $"{ns / 1000} us")
        : string.Create(CultureInfo.InvariantCulture, $"{ns / 1e6:0.0} ms");

    private static string Cpu(double? percent) => percent is { } p ? string.Create(CultureInfo.InvariantCulture, $"{p:0.0}%") : "unknown";

    private static string PerRequest(double? ns, long? pipeNs) => ns is not { } n
        ? "unknown"
        : pipeNs is { } pipe
            ? string.Create(CultureInfo.InvariantCulture, $"{n / 1000:0.0} us ({n / pipe:0.00} x pipe)")
            : string.Create(CultureInfo.InvariantCulture, $"{n / 1000:0.0} us");
}
