using System.Globalization;

namespace Metronome.Tooling.Load;

/// <summary>How many of each worker `metronome load` runs.</summary>
internal sealed record LoadProfile(int Cpu = 0, int Memory = 0, int Io = 0, int Switch = 0, long MemoryBytes = 256L << 20)
{
    /// <summary>The `metronome load` arguments that produce this profile.</summary>
    public IEnumerable<string> ToArguments()
    {
        var c = CultureInfo.InvariantCulture;
        if (Cpu > 0) yield return $"--cpu={Cpu.ToString(c)}";
        if (Memory > 0)
        {
            yield return $"--memory={Memory.ToString(c)}";
            yield return $"--memory-bytes={MemoryBytes.ToString(c)}";
        }
        if (Io > 0) yield return $"--io={Io.ToString(c)}";
        if (Switch > 0) yield return $"--switch={Switch.ToString(c)}";
    }

    public override string ToString()
    {
        var parts = new List<string>();
        if (Cpu > 0) parts.Add($"cpu={Cpu}");
        if (Memory > 0) parts.Add($"memory={Memory}");
        if (Io > 0) parts.Add($"io={Io}");
        if (Switch > 0) parts.Add($"switch={Switch}");
        return string.Join(',', parts);
    }
}
