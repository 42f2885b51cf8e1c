namespace Metronome.Host.Probes;

/// <summary>The kernel's build configuration: /proc/config.gz, else /boot/config-RELEASE.</summary>
public sealed class KernelConfig
{
    private readonly Dictionary<string, string> _values;

    private KernelConfig(Dictionary<string, string> values) => _values = values;

    public static KernelConfig? Read(HostRoot root, string? release, ProbeNotes notes)
    {
        var read = root.Read("proc/config.gz");
        if (!read.Ok && release is not null) read = root.Read($"boot/config-{release}");
        if (!read.Ok)
        {
            notes.Unknown("kernelConfig", read.Problem ?? "no kernel config");
            return null;
        }
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in read.Text!.Split('\n'))
        {
            int eq = line.IndexOf('=', StringComparison.Ordinal);
            if (line.StartsWith("CONFIG_", StringComparison.Ordinal) && eq > 0) values[line[..eq]] = line[(eq + 1)..].Trim();
        }
        if (values.Count == 0)
        {
            notes.Unknown("kernelConfig", "the kernel config holds no CONFIG_ lines");
            return null;
        }
        return new KernelConfig(values);
    }

    public string? this[string key] => _values.GetValueOrDefault(key);

    public bool IsSet(string key) => this[key] == "y";
}
