using System.Reflection;
using Metronome.Tooling.Host;

namespace Metronome.Tooling.Monitoring;

/// <summary>The doctor's verdict without measuring (steal sampled over a second), for a long-running monitor.</summary>
internal static class HostCheck
{
    public static string Verdict()
    {
        double? steal = QuickMeasurement.SampleSteal(TimeSpan.FromSeconds(1));
        var inspection = HostInspector.InspectLive(steal);
        return Host.Verdict.From(DoctorRules.Evaluate(inspection, null)).Name();
    }

    /// <summary>
    /// The check now and then every <paramref name="every"/> (zero: only now) until <paramref name="stop"/>
    /// is set, each verdict handed to <paramref name="onVerdict"/> and told on <paramref name="stderr"/>.
    /// </summary>
    public static void Loop(TimeSpan every, WaitHandle stop, Action<string, DateTimeOffset> onVerdict, TextWriter stderr)
    {
        do
        {
            try
            {
                string verdict = Verdict();
                onVerdict(verdict, DateTimeOffset.UtcNow);
                stderr.WriteLine($"metronome: host check: {verdict} ('metronome doctor' says why)");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
            {
                stderr.WriteLine($"metronome: host check failed: {e.Message}");
            }
            stderr.Flush();
        }
        while (every > TimeSpan.Zero && !stop.WaitOne(every));
    }

    /// <summary>Metronome's version as the info metric and logs carry it: "1.0.0+abcdef1".</summary>
    public static string Version()
    {
        string v = typeof(HostCheck).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
        int plus = v.IndexOf('+');
        return plus >= 0 && v.Length > plus + 8 ? v[..(plus + 8)] : v;
    }
}
