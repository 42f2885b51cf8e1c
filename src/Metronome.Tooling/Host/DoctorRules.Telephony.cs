using Metronome.Tooling.Dahdi;
using Metronome.Tooling.Host.Facts;

namespace Metronome.Tooling.Host;

/// <summary>DAHDI's timer, kernel DAHDI, and the timing Asterisk will use (docs/doctor.md).</summary>
internal static partial class DoctorRules
{
    /// <summary>
    /// The timer dahdi_dummy (or ztdummy) announced. Its "High Resolution Timer" is an hrtimer re-armed every
    /// 1 ms with hrtimer_forward, which raises the interval to the hrtimer resolution: without high-resolution
    /// mode it silently ticks once a jiffy.
    /// </summary>
    private static Finding DahdiTimer(HostFacts f, IReadOnlyDictionary<FactKey, string> u)
    {
        var rule = new Rule(FindingId.DahdiTimer);
        const string why = "dahdi_dummy's tick drives every DAHDI channel and Asterisk's res_timing_dahdi.";
        const string check = "Check the real resolution: sudo grep -m1 resolution /proc/timer_list must say '.resolution: 1 nsecs' (4000000 or 10000000 means the 1 ms timer ticks once a jiffy).";
        switch (f.Dahdi.DummyTimer)
        {
            case null when f.Dahdi.Modules is null:
                return rule.Unknown(u, FactKey.DahdiModules, why, "lsmod | grep -E 'dahdi|zaptel|ztdummy'; dmesg | grep -E 'dahdi|ztdummy'");
            case null:
                return rule.Ok("no dahdi_dummy timer announced in the evidence (DAHDI 2.3 and later use the core timer)", why);
            case DummyTimer.Hrtimer when f.HighResolution.Active == true && f.HighResolution.ResolutionNs is null or <= 1:
                return rule.Ok("dahdi_dummy runs on a high resolution timer, and high-resolution mode is on", why);
            case DummyTimer.Hrtimer when f.HighResolution.Active == false:
                return rule.Fail(string.Create(C, $"dahdi_dummy announced a High Resolution Timer, but high-resolution mode is off{(f.HighResolution.ResolutionNs is { } r ? $" (resolution {r} ns)" : "")}"),
                    why + " hrtimer_forward raises its 1 ms interval to the timer resolution: it ticks once a jiffy, in bursts, not every millisecond.",
                    "Use a kernel with CONFIG_HIGH_RES_TIMERS=y and a one-shot clock event device, or replace dahdi_dummy with `metronome dahdi`. " + check);
            case DummyTimer.Hrtimer:
                return rule.Warn("dahdi_dummy announced a High Resolution Timer; nothing in the evidence shows high-resolution mode",
                    why + " The kernel accepts the 1 ms hrtimer silently and raises the interval to the timer resolution: on a kernel or guest without high-resolution mode it ticks once a jiffy.",
                    check);
            case DummyTimer.Rtc:
                return rule.Warn("dahdi_dummy runs on the RTC's periodic interrupt (1024 Hz)",
                    why + " 1024 interrupts make 1000 ticks: every 43rd interrupt is skipped, a 1 ms jitter by design; in a VM the RTC is emulated.",
                    "Use a kernel with high-resolution timers (2.6.22 or later) so dahdi_dummy uses an hrtimer, or `metronome dahdi`.");
            case DummyTimer.Hpet:
                return rule.Ok("dahdi_dummy runs on the HPET", why);
            case var other:
                return rule.Fail($"dahdi_dummy runs on the {other.Value.Name()}",
                    why + " The kernel timer ticks once a jiffy: at HZ=250 four 1 ms ticks arrive at once every 4 ms.",
                    "Use a kernel with high-resolution timers so dahdi_dummy uses an hrtimer, or `metronome dahdi`.");
        }
    }

    private static Finding Dahdi(HostFacts f, IReadOnlyDictionary<FactKey, string> u)
    {
        var rule = new Rule(FindingId.Dahdi);
        var d = f.Dahdi;
        const string why = "Applications that read /dev/dahdi/pseudo or use res_timing_dahdi need a DAHDI timing source.";
        const string userSpace = " Without the kernel modules none is needed unless such an application runs here; if one does, `metronome dahdi` serves /dev/dahdi/pseudo and /dev/dahdi/timer from user space (docs/dahdi.md).";
        string devices = d.Devices is null ? "unknown" : d.Devices.Count > 0 ? string.Join(", ", d.Devices) : "none";
        if (d.Modules is null)
            return rule.Unknown(u, FactKey.DahdiModules, why + userSpace, "lsmod | grep -E 'dahdi|zaptel|ztdummy'; ls /dev/dahdi");
        return d.Modules.Count > 0
            ? rule.Ok($"kernel DAHDI loaded ({string.Join(", ", d.Modules)}); devices: {devices}; spans: {d.Spans?.ToString(C) ?? "unknown"}" + (d.DummyTimer is { } t ? $"; dahdi_dummy timer: {t.Name()}" : ""), why)
            : rule.Ok(d.Devices is { Count: > 0 } ? $"no DAHDI kernel modules; /dev/dahdi has {devices}, served from user space" : "no kernel DAHDI", why + userSpace);
    }

    /// <summary>Past this share of its ceiling, `metronome dahdi`'s timer requests queue for a request thread.</summary>
    internal const double CapacityWarn = 0.5;

    /// <summary>At this share of its ceiling, the request threads are all but saturated.</summary>
    internal const double CapacityFail = 0.85;

    /// <summary>
    /// Asterisk on res_timing_dahdi asks `metronome dahdi` a FUSE request for every poll, ping, event and pong
    /// of every channel: whether the server keeps up is its requests per second against the ceiling its own
    /// cost per request implies (<see cref="DahdiLoadReport"/>).
    /// </summary>
    private static Finding DahdiCapacity(Rule rule, DahdiLoadReport? load, string modules, IReadOnlyDictionary<FactKey, string> u, string why)
    {
        string uses = $"Asterisk will use dahdi, and /dev/dahdi is `metronome dahdi`'s (timing modules: {modules})";
        if (load is null)
            return rule.Ok($"{uses}; its requests per second are unknown: {u.GetValueOrDefault(FactKey.DahdiRequestsPerSecond, "no load report")}", why);
        string rate = string.Create(C, $"{load.RequestsPerSecond:0} timer requests/s");
        if (load.Utilization is not { } used)
            return rule.Ok($"{uses}: {rate}, too little request CPU to measure a ceiling, a light load", why);
        string observed = string.Create(C, $"{uses}: {rate}, {used:0%} of its ceiling of {load.CeilingText}");
        const string queue = " Every poll, ping, event and pong of every channel is a request that waits for a request thread, and past half the "
            + "ceiling they queue: on the 2-vCPU guest of bench/results/pbx-capacity.md one request thread at 63% of its ceiling (200 channels) "
            + "answered with p99 3.0 ms and 1% of the channels' 20 ms slots missed, and at 95% 22% were missed.";
        const string fix = "Measure this host's ceiling with `metronome dahdi-load` (docs/dahdi.md); give `metronome dahdi` more CPUs (and "
            + "--request-threads up to one per CPU), move calls to another host, or time this Asterisk with res_timing_timerfd, which the kernel answers.";
        return used switch
        {
            >= CapacityFail => rule.Fail(observed, why + queue, fix),
            >= CapacityWarn => rule.Warn(observed, why + queue, fix),
            _ => rule.Ok(observed, why),
        };
    }

    /// <summary>The modules.conf lines that move Asterisk's timing onto `metronome dahdi`.</summary>
    internal const string DahdiTimingModules = "in /etc/asterisk/modules.conf `noload => res_timing_timerfd.so` and `load => res_timing_dahdi.so`, with `metronome dahdi` serving /dev/dahdi (docs/dahdi.md)";

    private static Finding Asterisk(HostFacts f, IReadOnlyDictionary<FactKey, string> u)
    {
        var rule = new Rule(FindingId.Asterisk);
        var a = f.Asterisk;
        const string why = "ConfBridge mixing, Music on Hold, IAX2 trunking and playback run on Asterisk's timing API.";
        if (a.Installed is null) return rule.Unknown(u, FactKey.AsteriskInstalled, why, "asterisk -rx 'module show like timing'");
        if (a.Installed == false) return rule.Ok("Asterisk not installed", why);
        string modules = a.TimingModules.Count > 0 ? string.Join(", ", a.TimingModules) : "none";
        if (a.WillUse is null && u.ContainsKey(FactKey.AsteriskTiming))
            return rule.Unknown($"Asterisk is installed (timing modules: {modules}); which one loads is not known: {u[FactKey.AsteriskTiming]}", why,
                "Paste the output of: asterisk -rx 'module show like timing'");
        switch (a.WillUse)
        {
            case AsteriskTiming.Timerfd when a.Realtime == false:
                return rule.Warn($"Asterisk will use timerfd and does not run real-time (no -p, no highpriority = yes; timing modules: {modules})",
                    why + " Under CPU load a non-real-time Asterisk wakes late, and res_timing_timerfd's acknowledge reads the timerfd, which clears every "
                    + "expiration that piled up meanwhile: ConfBridge mixes one round per wake-up, so its conferences lose mixing rounds "
                    + "whenever a wake-up comes a round late (bench/results/asterisk.md: 0.4-1.6% of the audio lost in 20 s, in 3 of 4 runs "
                    + "under stress-ng --cpu 2 on an otherwise quiet host; 15% at load average 30+).",
                    "Run Asterisk real-time: `asterisk -p`, or `highpriority = yes` in [options] of /etc/asterisk/asterisk.conf; or time it from "
                    + "res_timing_dahdi on `metronome dahdi`, which leaves missed ticks pending so the mixer catches up: " + DahdiTimingModules + ".");
            case AsteriskTiming.Timerfd when a.Realtime is null:
                return rule.Unknown($"Asterisk will use timerfd (timing modules: {modules}); whether it runs real-time is not in the evidence",
                    why + " Without real-time priority, under CPU load, timerfd's acknowledge drops the expirations that piled up and conferences lose mixing rounds.",
                    "Paste the output of: ps -o cls=,args= -C asterisk (RR or FF is real-time); grep -i highpriority /etc/asterisk/asterisk.conf");
            case AsteriskTiming.Timerfd or AsteriskTiming.Kqueue:
                return rule.Ok($"Asterisk will use {a.WillUse.Value.Name()} (timing modules: {modules})" + (a.Realtime == true ? ", and runs real-time" : ""), why);
            case AsteriskTiming.Dahdi:
                return f.Dahdi.ServedBy switch
                {
                    "metronome" => DahdiCapacity(rule, f.Dahdi.Load, modules, u, why),
                    "kernel" => rule.Ok($"Asterisk will use dahdi on kernel DAHDI (timing modules: {modules})", why),
                    _ => rule.Unknown($"Asterisk will use dahdi (timing modules: {modules}); whether /dev/dahdi is `metronome dahdi`'s or kernel DAHDI's is not in the evidence",
                        why, "Paste the output of: grep dahdi /proc/self/mountinfo; lsmod | grep dahdi"),
                };
            case AsteriskTiming.Pthread:
                return rule.Warn($"Asterisk will use pthread (timing modules: {modules})",
                    why + " res_timing_pthread is a 5 ms thread capped at 100 ticks/s: conferences and MoH stutter.",
                    "Load res_timing_timerfd.so (remove its noload line in modules.conf, or install it), or res_timing_dahdi.so on `metronome dahdi`.");
            default:
                return rule.Fail($"no Asterisk timing module will load (installed: {modules}; noload: {(a.Noloaded.Count > 0 ? string.Join(", ", a.Noloaded) : "none")})",
                    why + " Without one they fail.", "Install and load res_timing_timerfd.so; remove 'noload => res_timing_timerfd.so' from modules.conf.");
        }
    }
}
