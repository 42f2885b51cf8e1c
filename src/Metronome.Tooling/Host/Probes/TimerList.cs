using System.Globalization;

namespace Metronome.Tooling.Host.Probes;

/// <summary>
/// The parts of /proc/timer_list the doctor needs, parsed tolerantly: versions v0.4 to v0.10 print
/// different field sets, and a pasted fragment may start mid-file, so each field is looked for by name
/// and anything else is ignored. Each fact keeps the (0-based) line it was read from.
/// </summary>
internal sealed record TimerList(
    long? ResolutionNs, bool? HresActive, IReadOnlyList<string> PerCpuDevices, string? BroadcastDevice, IReadOnlyList<string> EventHandlers)
{
    public string? Version { get; init; }

    public int? VersionLine { get; init; }

    public int? ResolutionLine { get; init; }

    public int? HresLine { get; init; }

    public int? DeviceLine { get; init; }

    /// <summary>Null when the text holds none of timer_list's fields (not timer_list, or cut before its first field).</summary>
    public static TimerList? Parse(string text)
    {
        long? resolution = null;
        bool? hres = null;
        var perCpu = new List<string>();
        var handlers = new List<string>();
        string? broadcast = null, version = null;
        int? versionLine = null, resolutionLine = null, hresLine = null, deviceLine = null;
        bool inBroadcast = false, sawSection = false;
        var lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].Trim();
            if (Value(line, "Timer List Version:") is { } v && v.Length is > 0 and <= 16)
                (version, versionLine) = (version ?? v, versionLine ?? i);
            else if (Value(line, ".resolution:") is { } res && res.EndsWith("nsecs", StringComparison.Ordinal)
                && long.TryParse(res[..^5].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out long ns))
            {
                if (resolution is null || ns > resolution) resolutionLine = i;
                resolution = resolution is null ? ns : Math.Max(resolution.Value, ns);
            }
            else if (Value(line, ".hres_active") is { } h && h.TrimStart(':').Trim() is "0" or "1")
            {
                bool on = h.TrimStart(':').Trim() == "1";
                if (hresLine is null || !on) hresLine = hres == false ? hresLine : i;
                hres = (hres ?? true) && on;
            }
            else if (line.StartsWith("Broadcast device", StringComparison.Ordinal))
                (inBroadcast, sawSection) = (true, true);
            else if (line.StartsWith("Per CPU device:", StringComparison.Ordinal))
                (inBroadcast, sawSection) = (false, true);
            else if (Value(line, "Clock Event Device:") is { } device && device.Length > 0)
            {
                if (inBroadcast) broadcast = device;
                else
                {
                    perCpu.Add(device);
                    deviceLine ??= i;
                }
            }
            else if (Value(line, "event_handler:") is { } handler && handler.Length > 0 && !inBroadcast)
                handlers.Add(handler);
        }
        if (version is null && resolution is null && hres is null && perCpu.Count == 0 && broadcast is null) return null;
        // A grep of the device lines alone ("grep ^Clock /proc/timer_list") loses the section headers; timer_list prints
        // the broadcast device first, so a first device unlike the rest, which all agree, is the broadcast device.
        if (!sawSection && broadcast is null && perCpu.Count >= 2 && perCpu.Skip(1).Distinct().Count() == 1 && perCpu[0] != perCpu[1])
        {
            broadcast = perCpu[0];
            perCpu.RemoveAt(0);
        }
        return new TimerList(resolution, hres, perCpu, broadcast, handlers)
        {
            Version = version, VersionLine = versionLine, ResolutionLine = resolutionLine, HresLine = hresLine, DeviceLine = deviceLine,
        };
    }

    private static string? Value(string line, string key) =>
        line.StartsWith(key, StringComparison.Ordinal) ? line[key.Length..].Trim() : null;
}
