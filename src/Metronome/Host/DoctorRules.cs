using System.Globalization;

namespace Metronome.Host;

/// <summary>
/// Turns facts and the quick measurement into findings. Each rule is written down, with its reasons,
/// in docs/doctor.md; keep the two in step.
/// </summary>
public static class DoctorRules
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public static IReadOnlyList<Finding> Evaluate(HostInspection inspection, DoctorMeasurement? measurement, bool measured)
    {
        var f = inspection.Facts;
        var u = inspection.Unknowns;
        return
        [
            Clocksource(f, u),
            HighResolution(f, u),
            ClockEvents(f, u),
            Hz(f, u),
            Preemption(f, u),
            Virtualization(f, u),
            Container(f),
            Hpet(f, u),
            Rtc(f, u),
            Tsc(f, u),
            TimerTrouble(f, u),
            SchedFifo(f, u),
            Memlock(f, u),
            RtThrottling(f, u),
            IsolatedCpus(f),
            Cpufreq(f, u),
            Steal(f, u),
            Measurement(measurement, measured),
            Dahdi(f),
            Asterisk(f),
        ];
    }

    private static Finding Unknown(string id, IReadOnlyDictionary<string, string> u, string fact, string why) =>
        new(id, Finding.Unknown, u.GetValueOrDefault(fact, "not found"), why, null);

    private static Finding Clocksource(HostFacts f, IReadOnlyDictionary<string, string> u)
    {
        const string why = "Every tick and every measurement reads the clock; telephony needs a clocksource read in nanoseconds through the vDSO.";
        string? cs = f.Clocksource.Current;
        return cs switch
        {
            null => Unknown("clocksource", u, "clocksource.current", why),
            "tsc" or "kvm-clock" or "hyperv_clocksource_tsc_page" or "arch_sys_counter" or "xen" =>
                new("clocksource", Finding.Ok, $"clocksource {cs}", "Fast and precise: read through the vDSO without a system call.", null),
            "hpet" or "acpi_pm" =>
                new("clocksource", Finding.Warn, $"clocksource {cs}", $"{cs} is slow to read (a device access of about a microsecond per clock read): timing works but costs CPU and adds jitter.",
                    "If the TSC is stable, boot with clocksource=tsc (tsc=reliable only where you know it is); in a KVM guest use kvm-clock."),
            "hyperv_clocksource_msr" =>
                new("clocksource", Finding.Warn, $"clocksource {cs}", "The Hyper-V MSR clocksource has no vDSO: every clock read is a system call.",
                    "Use a generation 2 VM and a kernel with the Hyper-V TSC page (hyperv_clocksource_tsc_page)."),
            "jiffies" or "refined-jiffies" =>
                new("clocksource", Finding.Fail, $"clocksource {cs}", "The jiffies clocksource advances once per kernel tick (1-10 ms): a 1 ms tick cannot be kept or even measured.",
                    "Find out why the kernel rejected every real clocksource (dmesg | grep clocksource) and give it one: tsc, kvm-clock or hpet."),
            _ => new("clocksource", Finding.Warn, $"clocksource {cs}", "A clocksource Metronome does not know: its cost and precision are unproven.", "Prefer tsc, kvm-clock or the Hyper-V TSC page where available."),
        };
    }

    private static Finding HighResolution(HostFacts f, IReadOnlyDictionary<string, string> u)
    {
        const string why = "Without high-resolution mode every timer, however short, waits for the next kernel tick: a 1 ms tick silently becomes one jiffy.";
        var h = f.HighResolution;
        if (h.Active is null) return Unknown("high-resolution", u, "highResolution.active", why);
        if (h.Active == true && h.ResolutionNs is null or <= 1)
            return new("high-resolution", Finding.Ok, "high-resolution timers active (resolution 1 ns)", "hrtimers fire at their deadline, not at the next jiffy.", null);
        string res = h.ResolutionNs is { } r ? string.Create(C, $", resolution {r} ns") : "";
        return new("high-resolution", Finding.Fail, $"high-resolution timers not active{res}", why,
            "Use a kernel with CONFIG_HIGH_RES_TIMERS=y, do not boot with highres=off, and check that the clock event device supports one-shot mode (dmesg).");
    }

    private static Finding ClockEvents(HostFacts f, IReadOnlyDictionary<string, string> u)
    {
        const string why = "The clock event device raises the timer interrupt that ends every sleep.";
        var e = f.ClockEvents;
        if (e.PerCpu.Count == 0) return Unknown("clock-events", u, "clockEvents.perCpu", why);
        string devices = string.Join(", ", e.PerCpu.Distinct());
        string observed = $"per CPU: {devices}; broadcast: {e.Broadcast ?? "unknown"}";
        if (e.EventHandlers.Contains("tick_handle_periodic"))
            return new("clock-events", Finding.Fail, observed + "; handler tick_handle_periodic", "The device runs in periodic mode: timers are served only at each jiffy.",
                "Boot without nohz=off/highres=off and with a one-shot capable clock event device (lapic-deadline, lapic).");
        if (e.PerCpu.Contains("hpet"))
            return new("clock-events", Finding.Warn, observed, "HPET as the per-CPU timer is slow to program and shared between CPUs.", "Use the local APIC timer (do not boot with lapic timer disabled; in a VM expose the TSC deadline timer).");
        return new("clock-events", Finding.Ok, observed, why, null);
    }

    private static Finding Hz(HostFacts f, IReadOnlyDictionary<string, string> u)
    {
        const string why = "HZ sets the jiffy: .NET's own timers, and anything without high-resolution timers, tick no faster than it.";
        if (f.Hz is not { } hz) return Unknown("hz", u, "hz", why);
        string observed = string.Create(C, $"HZ={hz} (a jiffy is {1000.0 / hz:0.##} ms)");
        return new("hz", Finding.Ok, observed,
            f.HighResolution.Active == true
                ? string.Create(C, $"Metronome's sources use high-resolution timers and are not limited by HZ; .NET's PeriodicTimer is quantised to {1000.0 / hz:0.##} ms here.")
                : why, null);
    }

    private static Finding Preemption(HostFacts f, IReadOnlyDictionary<string, string> u)
    {
        const string why = "The preemption model decides how long a kernel path can keep a woken real-time thread off the CPU.";
        return f.Preemption switch
        {
            null => Unknown("preemption", u, "preemption", why),
            "rt" => new("preemption", Finding.Ok, "PREEMPT_RT kernel", "Fully preemptible: tens of microseconds worst case on good hardware.", null),
            "full" or "lazy" => new("preemption", Finding.Ok, $"preemption {f.Preemption}", "A woken real-time thread preempts the kernel at once, but for short non-preemptible sections.", null),
            var mode => new("preemption", Finding.Warn, $"preemption {mode}",
                "A long kernel path (I/O, memory reclaim) can hold the CPU for milliseconds before the tick thread runs; it shows under load.",
                f.Kernel.Version?.Contains("PREEMPT_DYNAMIC", StringComparison.Ordinal) == true
                    ? "Boot with preempt=full (this kernel is PREEMPT_DYNAMIC), or install a PREEMPT_RT kernel (Debian: linux-image-rt-amd64)."
                    : "Install a kernel built with CONFIG_PREEMPT or PREEMPT_RT (Debian: linux-image-rt-amd64)."),
        };
    }

    private static Finding Virtualization(HostFacts f, IReadOnlyDictionary<string, string> u)
    {
        const string why = "A guest's timer interrupts arrive only when the host runs its vCPU: host contention shows as steal and millisecond spikes no guest setting can fix.";
        return f.Virtualization switch
        {
            "unknown" => Unknown("virtualization", u, "virtualization", why),
            "none" => new("virtualization", Finding.Ok, "bare metal", "No hypervisor between the timer and the tick.", null),
            var v => new("virtualization", Finding.Ok, $"virtual machine ({v})", why + " Steal and the measurement below show whether this host does.",
                "For telephony ask for dedicated (pinned) vCPUs and no CPU overcommit; expose the TSC deadline timer."),
        };
    }

    private static Finding Container(HostFacts f) => f.Container is null or "none"
        ? new("container", Finding.Ok, "not in a container", "Nothing masks the host's timer facts.", null)
        : new("container", Finding.Ok, $"in a container ({f.Container})",
            "A container shares the host kernel's timers; real-time scheduling, memory locking and /dev access depend on its privileges (checked below).",
            "For SCHED_FIFO and mlockall give the container CAP_SYS_NICE and CAP_IPC_LOCK (docker run --cap-add SYS_NICE --cap-add IPC_LOCK --ulimit rtprio=99).");

    private static Finding Hpet(HostFacts f, IReadOnlyDictionary<string, string> u) =>
        TimerDevice("hpet", "HPET", "max-user-freq", "no HPET", f.Hpet, u,
            "dahdi_dummy once needed HPET or the RTC; since kernel 2.6.22 high-resolution timers do the job without them.",
            " Most virtual machines have none; nothing is missing.");

    private static Finding Rtc(HostFacts f, IReadOnlyDictionary<string, string> u) =>
        TimerDevice("rtc", "RTC", "max_user_freq", "no RTC device", f.Rtc, u,
            "The RTC's periodic interrupt was dahdi_dummy's fallback; modern kernels emulate it with an hrtimer anyway.",
            " Nothing is missing.");

    /// <summary>HPET and RTC alike: present or absent, neither is needed while hrtimers work.</summary>
    private static Finding TimerDevice(string id, string name, string freqFile, string absent, TimerDeviceFacts device,
        IReadOnlyDictionary<string, string> u, string why, string absentNote) => device.Present switch
    {
        null => Unknown(id, u, $"{id}.present", why),
        true => new(id, Finding.Ok, string.Create(C, $"{name} present ({freqFile} {device.MaxUserFreq?.ToString(C) ?? "unknown"} Hz; ")
            + (device.MayRaiseMaxUserFreq switch { true => "this process may exceed it", false => "this process may not exceed it without CAP_SYS_RESOURCE", null => "whether this process may exceed it is unknown" }) + ")", why, null),
        false => new(id, Finding.Ok, absent, why + absentNote, null),
    };

    private static Finding Tsc(HostFacts f, IReadOnlyDictionary<string, string> u)
    {
        const string why = "When the kernel stops trusting the TSC it falls back to a slower clocksource, and clock reads get slower and coarser.";
        return f.TscUnstable switch
        {
            null => Unknown("tsc", u, "kernelLog", why),
            false => new("tsc", Finding.Ok, "the kernel log marks no TSC unstable", why, null),
            true => new("tsc", Finding.Warn, "the kernel marked the TSC unstable", why,
                "On a VM use kvm-clock or the Hyper-V TSC page and ask for invariant TSC; on bare metal check BIOS power settings and TSC sync. Use tsc=reliable only where you know it is."),
        };
    }

    private static Finding TimerTrouble(HostFacts f, IReadOnlyDictionary<string, string> u)
    {
        const string why = "The kernel log records when timers went wrong since boot.";
        var l = f.KernelLog;
        if (!l.Available) return Unknown("timer-trouble", u, "kernelLog", why);
        if (l.HighResolutionSwitchFailed == true)
            return new("timer-trouble", Finding.Fail, "the kernel could not switch to high-resolution (one-shot) mode",
                "Without one-shot mode every timer waits for the next jiffy.", "Check the clock event device (lapic) and boot options; a kernel or hypervisor update may be needed.");
        var trouble = new List<string>();
        if (l.HrtimerInterruptMaxNs is { } ns) trouble.Add(string.Create(C, $"'hrtimer: interrupt took {ns} ns'"));
        trouble.AddRange(l.UnstableClocksources.Where(c => c != "tsc").Select(c => $"clocksource {c} marked unstable"));
        return trouble.Count == 0
            ? new("timer-trouble", Finding.Ok, "no timer trouble in the kernel log", why, null)
            : new("timer-trouble", Finding.Warn, string.Join("; ", trouble),
                "A slow hrtimer interrupt makes the kernel throttle timers for a while (late ticks); an unstable clocksource forced a fallback.",
                "Usually host overload or an SMI storm: look at steal, firmware settings and the hypervisor's load.");
    }

    private static Finding SchedFifo(HostFacts f, IReadOnlyDictionary<string, string> u)
    {
        const string why = "SCHED_FIFO is what removes the multi-hundred-microsecond tail: the tick thread runs before every ordinary task.";
        return f.Realtime.SchedFifo switch
        {
            null => Unknown("realtime", u, "realtime.schedFifo", why),
            true => new("realtime", Finding.Ok, "this process can use SCHED_FIFO", why, null),
            false => new("realtime", Finding.Warn, $"SCHED_FIFO refused (RLIMIT_RTPRIO {f.Realtime.RtprioLimit ?? "unknown"})", why,
                "Run as root, or give the service CAP_SYS_NICE (systemd: AmbientCapabilities=CAP_SYS_NICE) or LimitRTPRIO=99."),
        };
    }

    private static Finding Memlock(HostFacts f, IReadOnlyDictionary<string, string> u)
    {
        const string why = "mlockall keeps the tick's memory resident, so a page fault never stalls a tick.";
        var r = f.Realtime;
        if (r.MemlockLimit == "unlimited" || r.CapIpcLock == true)
            return new("memlock", Finding.Ok, r.CapIpcLock == true ? "CAP_IPC_LOCK held: mlockall has no limit" : "RLIMIT_MEMLOCK unlimited", why, null);
        if (r.MemlockLimit is null || r.CapIpcLock is null) return Unknown("memlock", u, r.MemlockLimit is null ? "realtime.memlockLimit" : Probes.CapabilitiesProbe.Fact, why);
        return new("memlock", Finding.Warn, $"RLIMIT_MEMLOCK {r.MemlockLimit} bytes and no CAP_IPC_LOCK: mlockall of a .NET process will be refused", why,
            "Give the service LimitMEMLOCK=infinity or CAP_IPC_LOCK (systemd: AmbientCapabilities=CAP_IPC_LOCK).");
    }

    private static Finding RtThrottling(HostFacts f, IReadOnlyDictionary<string, string> u)
    {
        const string why = "RT throttling takes the CPU away from real-time tasks that use more than their share of each period.";
        var r = f.Realtime;
        if (r.RtRuntimeUs is not { } runtime) return Unknown("rt-throttling", u, "realtime.rtRuntimeUs", why);
        if (runtime < 0) return new("rt-throttling", Finding.Ok, "RT throttling off (sched_rt_runtime_us = -1)", why, null);
        long period = r.RtPeriodUs ?? 1_000_000;
        string observed = string.Create(C, $"RT tasks may use {runtime} of every {period} us");
        return runtime >= period * 95 / 100
            ? new("rt-throttling", Finding.Ok, observed, why + " Metronome's sources sleep between ticks and never reach it (hybrid spins only its window).", null)
            : new("rt-throttling", Finding.Warn, observed, why + " This share is below the default 95%.", "echo 950000 > /proc/sys/kernel/sched_rt_runtime_us (sysctl kernel.sched_rt_runtime_us=950000).");
    }

    private static Finding IsolatedCpus(HostFacts f) => string.IsNullOrEmpty(f.Realtime.IsolatedCpus)
        ? new("isolated-cpus", Finding.Ok, "no isolated CPUs", "The tick shares its CPU with everything else; isolating one gives it a quiet CPU.",
            "Optional: boot with isolcpus=N nohz_full=N rcu_nocbs=N and run Metronome with --cpu N.")
        : new("isolated-cpus", Finding.Ok, $"isolated CPUs: {f.Realtime.IsolatedCpus}", "An isolated CPU keeps other work away from the tick.", "Pin the tick there with --cpu.");

    private static Finding Cpufreq(HostFacts f, IReadOnlyDictionary<string, string> u)
    {
        const string why = "A power-saving governor wakes slowly from low clocks, which adds wake-up latency.";
        return f.Realtime.CpufreqGovernor switch
        {
            null => Unknown("cpufreq", u, "realtime.cpufreqGovernor", why),
            "powersave" => new("cpufreq", Finding.Warn, "cpufreq governor powersave", why, "cpupower frequency-set -g performance (or schedutil)."),
            var g => new("cpufreq", Finding.Ok, $"cpufreq governor {g}", why, null),
        };
    }

    private static Finding Steal(HostFacts f, IReadOnlyDictionary<string, string> u)
    {
        const string why = "Steal is time the hypervisor ran something else while this guest wanted a CPU; it explains millisecond spikes that no guest setting can fix.";
        const string fix = "Ask the provider for dedicated vCPUs or CPU pinning and no overcommit, or move to a less loaded host.";
        if (f.Steal.Percent is not { } steal) return Unknown("steal", u, "steal.percent", why);
        string observed = string.Create(C, $"steal {steal:0.00}% during the measuring window");
        return steal < 1 ? new("steal", Finding.Ok, observed, why, null)
            : steal < 5 ? new("steal", Finding.Warn, observed, why, fix)
            : new("steal", Finding.Fail, observed, why, fix);
    }

    private static Finding Measurement(DoctorMeasurement? m, bool measured)
    {
        const string why = "What the tick actually does here: dahdi_test's score (99.99% and 100% are a definite pass, 99.97-99.98% probably OK) and the lateness of each tick.";
        if (!measured || m is null) return new("measurement", Finding.Unknown, "not measured (--no-measure, or a snapshot)", why, "Run the doctor live without --no-measure, or metronome test.");
        if (m.Error is not null) return new("measurement", Finding.Fail, $"the {m.Source} source failed: {m.Error}", why, "Run metronome sources to see which sources open here.");
        double missed = m.Ticks > 0 ? 100.0 * m.MissedTicks / m.Ticks : 0;
        string under = m.Load is null ? "" : string.Create(C, $" under load {m.Load} (host busy {m.HostBusyPercent ?? double.NaN:0.#}%)");
        string observed = string.Create(C,
            $"{m.Source} ({m.Policy}) for {m.Seconds:0.#} s{under}: dahdi average {m.DahdiAverage:0.000}%, worst {m.DahdiWorst:0.000}%, p99 {m.P99Ns / 1000} us, max {m.MaxNs / 1000} us, {m.MissedTicks} missed of {m.Ticks}");
        if (m.Passes == 0) return new("measurement", Finding.Unknown, observed + " (no complete pass)", why, "Measure longer: --measure 5 or more.");
        if (m.DahdiAverage < 99.97 || m.P99Ns > 1_000_000 || missed > 1)
            return new("measurement", Finding.Fail, observed, why, "See the other findings for the cause; re-measure under your real load with metronome test.");
        if (m.DahdiAverage < 99.99 || m.DahdiWorst < 99.95 || m.P99Ns > 200_000 || missed > 0.1)
            return new("measurement", Finding.Warn, observed, why, "See the other findings; a longer run (metronome test -c 60) tells whether this is the host or a moment.");
        return new("measurement", Finding.Ok, observed, why, null);
    }

    private static Finding Dahdi(HostFacts f)
    {
        var d = f.Dahdi;
        const string why = "Applications that read /dev/dahdi/pseudo or use res_timing_dahdi need a DAHDI timing source.";
        return d.Modules.Count > 0
            ? new("dahdi", Finding.Ok, $"kernel DAHDI loaded ({string.Join(", ", d.Modules)}); devices: {(d.Devices.Count > 0 ? string.Join(", ", d.Devices) : "none")}; spans: {d.Spans?.ToString(C) ?? "unknown"}", why, null)
            : new("dahdi", Finding.Ok,
                d.Devices.Count > 0 ? $"no DAHDI kernel modules; /dev/dahdi has {string.Join(", ", d.Devices)}, served from user space" : "no kernel DAHDI",
                why + " Without the kernel modules none is needed unless such an application runs here; if one does, `metronome dahdi` serves /dev/dahdi/pseudo and /dev/dahdi/timer from user space (docs/dahdi.md).",
                null);
    }

    private static Finding Asterisk(HostFacts f)
    {
        var a = f.Asterisk;
        const string why = "ConfBridge mixing, Music on Hold, IAX2 trunking and playback run on Asterisk's timing API.";
        if (!a.Installed) return new("asterisk", Finding.Ok, "Asterisk not installed", why, null);
        string modules = a.TimingModules.Count > 0 ? string.Join(", ", a.TimingModules) : "none";
        return a.WillUse switch
        {
            "timerfd" or "kqueue" or "dahdi" => new("asterisk", Finding.Ok, $"Asterisk will use {a.WillUse} (timing modules: {modules})", why, null),
            "pthread" => new("asterisk", Finding.Warn, $"Asterisk will use pthread (timing modules: {modules})",
                why + " res_timing_pthread is a 5 ms thread capped at 100 ticks/s: conferences and MoH stutter.",
                "Load res_timing_timerfd.so (remove its noload line in modules.conf, or install it)."),
            _ => new("asterisk", Finding.Fail, $"no Asterisk timing module will load (installed: {modules}; noload: {(a.Noloaded.Count > 0 ? string.Join(", ", a.Noloaded) : "none")})",
                why + " Without one they fail.", "Install and load res_timing_timerfd.so; remove 'noload => res_timing_timerfd.so' from modules.conf."),
        };
    }
}
