namespace Metronome.Tooling.Host.Probes;

/// <summary>The kernel's build configuration: /proc/config.gz, else /boot/config-RELEASE (or pasted CONFIG_ lines).</summary>
internal sealed class KernelConfig
{
    private readonly Dictionary<string, (string Value, int Line)> _values;
    private readonly HostRoot _root;
    private readonly string _path;

    private KernelConfig(Dictionary<string, (string, int)> values, HostRoot root, string path) => (_values, _root, _path) = (values, root, path);

    public const string ProcPath = "proc/config.gz";

    public static KernelConfig? Read(HostRoot root, string? release, ProbeNotes notes)
    {
        string path = ProcPath;
        var read = root.Read(path);
        if (!read.Ok && release is not null) read = root.Read(path = $"boot/config-{release}");
        if (!read.Ok)
        {
            notes.Unknown("kernelConfig", read.Problem ?? "no kernel config");
            return null;
        }
        var values = new Dictionary<string, (string, int)>(StringComparer.Ordinal);
        var lines = read.Text!.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i];
            int eq = line.IndexOf('=', StringComparison.Ordinal);
            if (line.StartsWith("CONFIG_", StringComparison.Ordinal) && eq > 0) values[line[..eq]] = (line[(eq + 1)..].Trim(), i);
        }
        if (values.Count == 0)
        {
            notes.Unknown("kernelConfig", "the kernel config holds no CONFIG_ lines");
            return null;
        }
        return new KernelConfig(values, root, path);
    }

    public string? this[string key] => _values.TryGetValue(key, out var v) ? v.Value : null;

    public bool IsSet(string key) => this[key] == "y";

    /// <summary>The line that set <paramref name="key"/>.</summary>
    public Evidence EvidenceOf(string key) =>
        _values.TryGetValue(key, out var v) ? _root.EvidenceOf(_path, v.Line, $"{key}={v.Value}") : _root.EvidenceOf(_path);

    /// <summary>The first of <paramref name="keys"/> that is set to y, with its line; null when none is.</summary>
    public (string Key, Evidence Evidence)? FirstSet(params string[] keys) =>
        keys.FirstOrDefault(IsSet) is { } key ? (key, EvidenceOf(key)) : null;
}
