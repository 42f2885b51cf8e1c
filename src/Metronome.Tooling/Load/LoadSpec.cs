using System.Globalization;

namespace Metronome.Tooling.Load;

/// <summary>
/// What `--load` asks for: either our own load ("cpu=2,memory=1,io=1,switch=1,memory-bytes=256M") or a
/// command to run for the duration ("stress-ng --cpu 2"). A spec whose first word has no '=' is a command.
/// </summary>
internal sealed record LoadSpec(LoadProfile? Profile, IReadOnlyList<string>? Command)
{
    public static readonly string[] Kinds = ["cpu", "memory", "io", "switch", "memory-bytes"];

    /// <summary>Parses a spec; throws <see cref="FormatException"/> naming the bad part.</summary>
    public static LoadSpec Parse(string spec)
    {
        var words = spec.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0) throw new FormatException("--load is empty");
        if (!words[0].Contains('=')) return new LoadSpec(null, words);
        if (words.Length > 1) throw new FormatException($"bad --load part '{words[1]}': a load spec is one word, e.g. cpu=2,memory=1");
        var p = new LoadProfile();
        foreach (var part in words[0].Split(','))
        {
            var kv = part.Split('=', 2);
            string key = kv[0];
            string value = kv.Length == 2 ? kv[1] : "";
            if (key == "memory-bytes")
            {
                p = p with { MemoryBytes = ParseSize(value) ?? throw new FormatException($"bad --load part '{part}': memory-bytes takes a size such as 256M or 1G") };
                continue;
            }
            if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int n) || n > 256)
                throw new FormatException($"bad --load part '{part}': {(Kinds.Contains(key) ? $"{key} takes a count from 0 to 256" : $"unknown kind '{key}' (known: {string.Join(", ", Kinds)})")}");
            p = key switch
            {
                "cpu" => p with { Cpu = n },
                "memory" => p with { Memory = n },
                "io" => p with { Io = n },
                "switch" => p with { Switch = n },
                _ => throw new FormatException($"bad --load part '{part}': unknown kind '{key}' (known: {string.Join(", ", Kinds)})"),
            };
        }
        if (p.Cpu + p.Memory + p.Io + p.Switch == 0) throw new FormatException($"bad --load '{spec}': it asks for no workers");
        return new LoadSpec(p, null);
    }

    /// <summary>"4096", "64K", "256M", "1G" → bytes; null when it is not a size.</summary>
    public static long? ParseSize(string text)
    {
        if (text.Length == 0) return null;
        long unit = char.ToUpperInvariant(text[^1]) switch { 'K' => 1L << 10, 'M' => 1L << 20, 'G' => 1L << 30, _ => 1 };
        string digits = unit == 1 ? text : text[..^1];
        return long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out long n) && n > 0 && n <= (64L << 30) / unit ? n * unit : null;
    }

    public override string ToString() => Profile?.ToString() ?? string.Join(' ', Command!);
}
