using System.Globalization;

namespace Metronome.Host.Probes;

/// <summary>
/// The parts of /proc/timer_list the doctor needs, parsed tolerantly: field sets differ between
/// kernels, so each field is looked for by name and anything else is ignored.
/// </summary>
public sealed record TimerList(
    long? ResolutionNs, bool? HresActive, IReadOnlyList<string> PerCpuDevices, string? BroadcastDevice, IReadOnlyList<string> EventHandlers)
{
    public static TimerList? Parse(string text)
    {
        if (!text.StartsWith("Timer List Version:", StringComparison.Ordinal)) return null;
        long? resolution = null;
        bool? hres = null;
        var perCpu = new List<string>();
        var handlers = new List<string>();
        string? broadcast = null;
        bool inBroadcast = false;
        foreach (var raw in text.Split('\n'))
        {
            string line = raw.Trim();
            if (Value(line, ".resolution:") is { } res && res.EndsWith("nsecs", StringComparison.Ordinal)
                && long.TryParse(res[..^5].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out long ns))
                resolution = resolution is null ? ns : Math.Max(resolution.Value, ns);
            else if (Value(line, ".hres_active") is { } h && h.TrimStart(':').Trim() is "0" or "1")
                hres = (hres ?? true) && h.TrimStart(':').Trim() == "1";
            else if (line.StartsWith("Broadcast device", StringComparison.Ordinal))
                inBroadcast = true;
            else if (line.StartsWith("Per CPU device:", StringComparison.Ordinal))
                inBroadcast = false;
            else if (Value(line, "Clock Event Device:") is { } device)
            {
                if (inBroadcast) broadcast = device;
                else perCpu.Add(device);
            }
            else if (Value(line, "event_handler:") is { } handler && !inBroadcast)
                handlers.Add(handler);
        }
        return new TimerList(resolution, hres, perCpu, broadcast, handlers);
    }

    private static string? Value(string line, string key) =>
        line.StartsWith(key, StringComparison.Ordinal) ? line[key.Length..].Trim() : null;
}
