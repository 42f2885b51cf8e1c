using System.CommandLine;
using System.Globalization;

namespace Metronome.Cli.Commands;

/// <summary>
/// Who may open /dev/dahdi/pseudo and timer: what Debian's udev rules give kernel DAHDI's devices.
/// Mode 0660; group dialout (60-dahdi-linux.rules), then owner and group asterisk where that user
/// exists (60-dahdi.rules); root:root when neither exists. --mode and --group change it.
/// </summary>
internal sealed record DeviceOwnership(uint Uid, string Owner, uint Gid, string Group, uint Mode)
{
    public const uint DefaultMode = 0x1B0; // 0660

    public override string ToString() => $"{Owner}:{Group}, mode {Convert.ToString(Mode, 8).PadLeft(4, '0')}";

    /// <summary>`--mode OCTAL`: permission bits, at most 0777.</summary>
    public static Option<uint> ModeOption()
    {
        var option = new Option<uint>("--mode") { Description = "Permission bits of pseudo and timer, in octal (default 0660).", HelpName = "OCTAL", DefaultValueFactory = _ => DefaultMode };
        option.CustomParser = result =>
        {
            string text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
            if (text.Length is > 0 and <= 4 && text.All(c => c is >= '0' and <= '7') && Convert.ToUInt32(text, 8) is var mode and <= 0x1FF)
                return mode;
            result.AddError($"--mode takes octal permission bits from 0 to 0777, such as 0660 (got '{text}')");
            return 0;
        };
        return option;
    }

    /// <summary>`--group NAME`: the group of the devices instead of the default.</summary>
    public static Option<string?> GroupOption() =>
        new("--group") { Description = "Group of pseudo and timer (default: asterisk where that user exists, else dialout, else root).", HelpName = "NAME" };

    /// <summary>
    /// The ownership from the user and group databases under <paramref name="etc"/> (/etc); throws
    /// <see cref="ArgumentException"/> naming a <paramref name="group"/> that does not exist.
    /// </summary>
    public static DeviceOwnership Resolve(string etc, string? group, uint mode)
    {
        var users = Read(Path.Combine(etc, "passwd"));
        var groups = Read(Path.Combine(etc, "group"));
        var owner = users.TryGetValue("asterisk", out uint asterisk) ? ("asterisk", asterisk) : ("root", 0u);
        string defaultGroup = users.ContainsKey("asterisk") && groups.ContainsKey("asterisk") ? "asterisk"
            : groups.ContainsKey("dialout") ? "dialout" : "root";
        string chosen = group ?? defaultGroup;
        if (!groups.TryGetValue(chosen, out uint gid))
        {
            if (chosen != "root") throw new ArgumentException($"no group '{chosen}' in {Path.Combine(etc, "group")}");
            gid = 0;
        }
        return new DeviceOwnership(owner.Item2, owner.Item1, gid, chosen, mode);
    }

    /// <summary>name → id (the third field) of a passwd- or group-format file; empty when it cannot be read.</summary>
    private static Dictionary<string, uint> Read(string path)
    {
        var ids = new Dictionary<string, uint>(StringComparer.Ordinal);
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return ids;
        }
        foreach (var line in lines)
        {
            var fields = line.Split(':');
            if (fields.Length >= 3 && uint.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out uint id))
                ids.TryAdd(fields[0], id);
        }
        return ids;
    }
}
