using System.Text;
using System.Text.RegularExpressions;
using Metronome.Tooling.Host.Probes;

namespace Metronome.Tooling.Host;

/// <summary>
/// Text an operator pasted (`doctor --from FILE...`): kernel logs as dmesg, dmesg -T, journalctl -k or
/// syslog print them, grep'd fragments of any of these, /proc/timer_list whole or cut, cat of the
/// clocksource and clockevents sysfs files, /proc/cpuinfo, uname -a, lsmod, /proc/interrupts, /proc/dahdi,
/// CONFIG_ lines, one after another or in a shell transcript with its `$ command` lines. Each line is
/// recognised by its content (and the command it follows), never by the file's name, and lands in an
/// in-memory root laid out like a snapshot, so the same probes read it; every line remembers its file
/// and line number. Lines that are not text (binary, control bytes) are dropped.
/// </summary>
internal sealed partial class PastedEvidence
{
    /// <summary>Larger pastes are cut here (a kernel log of a year fits); the rest is ignored, and said so.</summary>
    public const int MaxBytes = 32 << 20;

    private readonly Dictionary<string, Section> _sections = new(StringComparer.Ordinal);

    private PastedEvidence(IReadOnlyList<string> names) => Names = names;

    /// <summary>The pasted files' names, as given ("-" is "stdin").</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>Lines dropped as binary or beyond <see cref="MaxBytes"/>, per file; for the report.</summary>
    public IReadOnlyList<string> Problems => _problems;

    private readonly List<string> _problems = [];

    public HostRoot Root => HostRoot.Pasted(
        _sections.ToDictionary(s => s.Key, s => new PastedFile(string.Join('\n', s.Value.Lines), s.Value.Origins, s.Value.Whole)),
        "pasted evidence");

    public static PastedEvidence Read(IEnumerable<(string Name, byte[] Content)> files)
    {
        var list = files.ToList();
        var evidence = new PastedEvidence(list.Select(f => f.Name).ToArray());
        foreach (var (name, content) in list) evidence.Add(name, content);
        return evidence;
    }

    public static PastedEvidence Read(params (string Name, string Text)[] files) =>
        Read(files.Select(f => (f.Name, Encoding.UTF8.GetBytes(f.Text))));

    private sealed class Section
    {
        public List<string> Lines { get; } = [];
        public List<Evidence> Origins { get; } = [];
        public bool Whole { get; set; } = true;
    }

    private enum Kind { None, Log, TimerList, Current, Available, ClockEvent, Broadcast, Cpuinfo, Uname, Modules, Interrupts }

    private void Put(string file, string line, Evidence origin, bool whole = true)
    {
        if (!_sections.TryGetValue(file, out var section)) _sections[file] = section = new Section { Whole = whole };
        else section.Whole &= whole;
        section.Lines.Add(line);
        section.Origins.Add(origin);
    }

    private void Add(string name, byte[] content)
    {
        if (content.Length > MaxBytes) _problems.Add($"{name}: only the first {MaxBytes} bytes were read");
        string text = Encoding.UTF8.GetString(content, 0, Math.Min(content.Length, MaxBytes));
        var lines = text.Split('\n');
        Kind context = Kind.None;
        bool grep = false, lsmodHeader = false;
        int clockEvent = 0, dropped = 0;
        var pending = new Queue<Kind>();
        for (int i = 0; i < lines.Length; i++)
        {
            string raw = lines[i].TrimEnd('\r');
            if (raw.Length > 4096 || raw.Any(c => c < '\t' || c is > '\r' and < ' ' || c == '\uFFFD'))
            {
                if (raw.Trim().Length > 0) dropped++;
                continue;
            }
            if (raw.Trim().Length == 0) continue;
            var origin = new Evidence(name, i + 1, raw.Trim());

            if (Command(raw) is { } command)
            {
                (context, pending) = FromCommand(command);
                grep = command.Contains("grep", StringComparison.Ordinal);
                lsmodHeader = false;
                continue;
            }

            // `grep . /sys/.../current_clocksource` or `grep -H`: the path names the value.
            if (SysfsValue().Match(raw) is { Success: true } sysfs)
            {
                string value = sysfs.Groups[2].Value.Trim();
                string path = sysfs.Groups[1].Value;
                if (path.EndsWith("current_clocksource", StringComparison.Ordinal)) Put($"{ClockProbe.Clocksource}/current_clocksource", value, origin);
                else if (path.EndsWith("available_clocksource", StringComparison.Ordinal)) Put($"{ClockProbe.Clocksource}/available_clocksource", value, origin);
                else if (path.Contains("broadcast", StringComparison.Ordinal)) Put($"{ClockProbe.ClockEvents}/broadcast/current_device", value, origin);
                else Put($"{ClockProbe.ClockEvents}/clockevent{clockEvent++}/current_device", value, origin);
                continue;
            }

            // Output of a cat whose command named the sysfs file(s): one value a line, in the command's order.
            if (pending.Count > 0 && ClockProbe.IsName(raw.Trim()))
            {
                var kind = pending.Count > 1 ? pending.Dequeue() : pending.Peek();
                string value = raw.Trim();
                switch (kind)
                {
                    case Kind.Current: Put($"{ClockProbe.Clocksource}/current_clocksource", value, origin); pending.Clear(); break;
                    case Kind.Available: Put($"{ClockProbe.Clocksource}/available_clocksource", value, origin); pending.Clear(); break;
                    case Kind.Broadcast: Put($"{ClockProbe.ClockEvents}/broadcast/current_device", value, origin); pending.Clear(); break;
                    default: Put($"{ClockProbe.ClockEvents}/clockevent{clockEvent++}/current_device", value, origin); break;
                }
                continue;
            }

            if (context == Kind.Uname && UnameParts().Match(raw.Trim()) is { Success: true } parts && (parts.Groups[1].Success || parts.Groups[2].Success))
            {
                if (parts.Groups[1].Success) Put("proc/sys/kernel/osrelease", parts.Groups[1].Value, origin);
                if (parts.Groups[2].Success) Put(KernelProbe.Arch, parts.Groups[2].Value, origin);
                continue;
            }
            if (DeviceNode().Match(raw.Trim()) is { Success: true } node)
            {
                Put(node.Groups[1].Value, "", origin);
                continue;
            }
            if (Uname().Match(raw.Trim()) is { Success: true } uname)
            {
                Put("proc/sys/kernel/osrelease", uname.Groups[1].Value, origin);
                Put("proc/sys/kernel/version", uname.Groups[2].Value.Trim(), origin);
                Put(KernelProbe.Arch, uname.Groups[3].Value, origin);
                continue;
            }
            if (TimerListLine().IsMatch(raw) || context == Kind.TimerList && raw.StartsWith(' ') && !LogPrefix().IsMatch(raw))
            {
                Put(ClockProbe.TimerListPath, raw, origin);
                continue;
            }
            if (LsmodHeader().IsMatch(raw))
            {
                lsmodHeader = true;
                continue;
            }
            if (ModuleLine().IsMatch(raw) && (context is Kind.Modules or Kind.None || lsmodHeader))
            {
                Put(TelephonyProbe.Modules, raw.Trim(), origin, whole: (lsmodHeader || context == Kind.Modules) && !grep);
                continue;
            }
            if (CpuinfoLine().IsMatch(raw))
            {
                Put("proc/cpuinfo", raw, origin, whole: !grep);
                continue;
            }
            if (ConfigLine().IsMatch(raw))
            {
                Put(KernelConfig.ProcPath, raw.StartsWith('#') ? "" : raw.Trim(), origin);
                continue;
            }
            if (SpanLine().Match(raw) is { Success: true } span)
            {
                Put($"proc/dahdi/{span.Groups[1].Value}", raw, origin);
                continue;
            }
            if (context == Kind.Interrupts || InterruptsLine().IsMatch(raw))
            {
                if (InterruptsLine().IsMatch(raw)) Put(TimerDeviceProbe.Interrupts, raw, origin, whole: !grep);
                continue;
            }
            if (KernelLine(raw) is { } message) Put(KernelLog.SnapshotPath, message, origin);
        }
        if (dropped > 0) _problems.Add($"{name}: {dropped} lines that are not text were ignored");
    }

    /// <summary>A pasted kernel log line without what syslog, journalctl or grep put before it; null for another program's syslog line.</summary>
    internal static string? KernelLine(string raw)
    {
        string line = GrepFilePrefix().Replace(raw, "", 1);
        line = RawPriority().Replace(line, "", 1);
        line = LoggerPrefix().Replace(line, "", 1);
        if (SyslogPrefix().Match(line) is { Success: true } syslog)
            return syslog.Groups[1].Value == "kernel" ? line[syslog.Length..] : null;
        if (line.StartsWith("-- ", StringComparison.Ordinal)) return null; // journalctl's "-- Logs begin at" / "-- Boot ... --"
        if (line.StartsWith("kernel: ", StringComparison.Ordinal)) line = line["kernel: ".Length..];
        return line;
    }

    /// <summary>The command of a shell transcript line: "$ dmesg | grep hpet", "root@pbx:~# uname -a", "[root@pbx ~]# lsmod", "==&gt; FILE &lt;==".</summary>
    internal static string? Command(string raw)
    {
        if (HeadHeader().Match(raw) is { Success: true } head) return "cat " + head.Groups[1].Value;
        var m = Prompt().Match(raw);
        // A command pasted without its prompt: "cat /sys/.../current_clocksource", "sudo dmesg | grep hpet".
        if (!m.Success) return BareCommand().IsMatch(raw) ? raw.Trim() : null;
        string command = m.Groups[1].Value.Trim();
        // "# CONFIG_X is not set" is config, not a root prompt.
        return command.Length == 0 || command.StartsWith("CONFIG_", StringComparison.Ordinal) ? null : command;
    }

    private static (Kind Context, Queue<Kind> Pending) FromCommand(string command)
    {
        var pending = new Queue<Kind>();
        foreach (Match m in SysfsFile().Matches(command))
            pending.Enqueue(m.Value switch
            {
                var p when p.EndsWith("current_clocksource", StringComparison.Ordinal) => Kind.Current,
                var p when p.EndsWith("available_clocksource", StringComparison.Ordinal) => Kind.Available,
                var p when p.Contains("broadcast", StringComparison.Ordinal) => Kind.Broadcast,
                _ => Kind.ClockEvent,
            });
        Kind context = command switch
        {
            var c when c.Contains("timer_list", StringComparison.Ordinal) => Kind.TimerList,
            var c when c.Contains("lsmod", StringComparison.Ordinal) || c.Contains("/proc/modules", StringComparison.Ordinal) => Kind.Modules,
            var c when c.Contains("/proc/interrupts", StringComparison.Ordinal) => Kind.Interrupts,
            var c when c.Contains("cpuinfo", StringComparison.Ordinal) => Kind.Cpuinfo,
            var c when c.Contains("uname", StringComparison.Ordinal) => Kind.Uname,
            var c when c.Contains("dmesg", StringComparison.Ordinal) || c.Contains("journalctl", StringComparison.Ordinal)
                       || c.Contains("/var/log/", StringComparison.Ordinal) => Kind.Log,
            _ => Kind.None,
        };
        return (context, pending);
    }

    [GeneratedRegex(@"^(?:[\w.-]+@[\w.-]+(?::\S*)?\s?[$#]|\[[\w.-]+@[\w.-]+[^\]]*\][$#]|[$#]|[\w.-]+:[~/]\S*[$#]|[~/]\S*\s[$#])\s+(.*)$")]
    private static partial Regex Prompt();

    [GeneratedRegex(@"^(?:sudo\s+)?(?:cat|grep|egrep|zgrep|zcat|dmesg|uname|lsmod|ls|head|tail|journalctl)(?:\s+[-/.\w*'""^|$]|\s*$)")]
    private static partial Regex BareCommand();

    /// <summary>`uname -r`, `uname -m`, `uname -mr`: a release and/or a machine name on a line of their own.</summary>
    [GeneratedRegex(@"^(?:(\d+\.\d+[\w.+~-]*))?\s*(x86_64|i[3-6]86|aarch64|armv\w+|mips\w*|ppc64\w*|s390x|riscv64)?\s*$")]
    private static partial Regex UnameParts();

    /// <summary>`ls -l /dev/hpet`: a device node that exists.</summary>
    [GeneratedRegex(@"^[cb][rwxsStT-]{9}[.+]?\s.*\s/(dev/(?:hpet|rtc\d?|dahdi/\w+))\s*$")]
    private static partial Regex DeviceNode();

    /// <summary>What a log collector writes before the kernel's own line: "[01:13:22.717][Moby ][Info ] " (Docker Desktop).</summary>
    [GeneratedRegex(@"^(?:\[[^\]]*\]){2,}\s+(?=\[)")]
    private static partial Regex LoggerPrefix();

    [GeneratedRegex(@"^==> (\S+) <==$")]
    private static partial Regex HeadHeader();

    /// <summary>A sysfs timing file a command names, by full path or (after a cd) by its name: current_clocksource, .../clockevent0/current_device.</summary>
    [GeneratedRegex(@"\S*(?:current_clocksource|available_clocksource|current_device)\b")]
    private static partial Regex SysfsFile();

    [GeneratedRegex(@"^(\S*(?:current_clocksource|available_clocksource|current_device)):([\w .<>-]+)$")]
    private static partial Regex SysfsValue();

    [GeneratedRegex(@"^Linux \S+ (\d+\.\d+[\w.+~-]*) (#\d+ .*?) (x86_64|i[3-6]86|aarch64|arm\w*|mips\w*|ppc\w*|s390x?|riscv\d+|loongarch64|sparc\w*|alpha|ia64)(?: \S+)*$")]
    private static partial Regex Uname();

    [GeneratedRegex(@"^\s*(?:Timer List Version: v\d|HRTIMER_MAX_CLOCK_BASES|now at \d+ nsecs|\.resolution: \d+ nsecs|\.hres_active\s*: [01]|\.nohz(?:_mode)?\s*: |\.get_time\s*:|\.offset\s*:|\.expires_next\s*:|\.nr_events\s*:|active timers:|Tick Device: mode:|Per CPU device: \d|Broadcast device\s*$|Clock Event Device: |event_handler:\s|max_delta_ns:|min_delta_ns:|mult:\s+\d|shift:\s+\d|set_next_event:|tick_broadcast_mask|tick_broadcast_oneshot_mask|clock \d+:$|\s*\.base:\s|\.index:\s+\d|\.idle_tick\s*:|\.tick_stopped\s*:|\.idle_jiffies\s*:|jiffies:\s+\d|\.last_tick\s*:|\.next_timer\s*:|\.idle_expires\s*:|\.idle_calls\s*:|\.idle_sleeps\s*:|\.idle_entrytime\s*:|\.idle_waketime\s*:|\.idle_exittime\s*:|\.idle_sleeptime\s*:|\.iowait_sleeptime:|\.last_jiffies\s*:|\.tick_stopped\s*:|cpu: \d+$)")]
    private static partial Regex TimerListLine();

    [GeneratedRegex(@"^\[\s*\d+\.\d+\]")]
    private static partial Regex LogPrefix();

    [GeneratedRegex(@"^Module\s+Size\s+Used by")]
    private static partial Regex LsmodHeader();

    [GeneratedRegex(@"^\s*\w+\s+\d+\s+(?:\d+|-)(?:\s+[\w,\[\]-]*)?(?:\s+(?:Live|Loading|Unloading)\s+0x[0-9a-f]+(?:\s+\(\w+\))?)?\s*$")]
    private static partial Regex ModuleLine();

    [GeneratedRegex(@"^(?:processor|vendor_id|model name|model|flags|Features|CPU implementer|CPU architecture|CPU variant|CPU part|CPU revision|cpu family|bogomips|BogoMIPS|Hardware|cpu MHz|cache size|stepping|microcode|physical id|siblings|core id|cpu cores|apicid|fpu|wp|cpuid level|clflush size|address sizes|power management|bugs|vmx flags)\s*:")]
    private static partial Regex CpuinfoLine();

    [GeneratedRegex(@"^(?:# )?CONFIG_\w+(?:=\S*| is not set)\s*$")]
    private static partial Regex ConfigLine();

    [GeneratedRegex(@"^Span (\d+): ")]
    private static partial Regex SpanLine();

    [GeneratedRegex(@"^\s*(?:\d+|[A-Z]{3}|ERR|MIS):(?:\s+\d+)+(?:\s+\S.*)?$|^\s+CPU0(?:\s+CPU\d+)*\s*$")]
    private static partial Regex InterruptsLine();

    [GeneratedRegex(@"^(?:/?[\w.-]+/)*(?:kern\.log|messages|syslog|dmesg|kernel\.log)[\w.-]*:(?=\S)")]
    private static partial Regex GrepFilePrefix();

    [GeneratedRegex(@"^<\d{1,3}>")]
    private static partial Regex RawPriority();

    /// <summary>"Nov 20 14:02:11 host TAG: " or "2026-11-20T14:02:11.123456+00:00 host TAG[PID]: " (syslog, kern.log, journalctl).</summary>
    [GeneratedRegex(@"^(?:[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d|\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:[.,]\d+)?(?:Z|[+-]\d\d:?\d\d)?) \S+ ([\w./-]+)(?:\[\d+\])?: ?")]
    private static partial Regex SyslogPrefix();
}
