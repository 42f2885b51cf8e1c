using System.Globalization;

namespace Metronome.Tooling.Host;

/// <summary>
/// Turns facts and the quick measurement into findings. Each rule is written down, with its reasons,
/// in docs/doctor.md; keep the two in step. Each rule names its id once, in its <see cref="Rule"/>.
/// </summary>
internal static class DoctorRules
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>What to paste when a fact is unknown, by rule id (the commands an operator runs on the host).</summary>
    internal const string PasteClocksource = "cat /sys/devices/system/clocksource/clocksource0/current_clocksource /sys/devices/system/clocksource/clocksource0/available_clocksource";
    internal const string PasteTimerList = "sudo grep -E 'Timer List Version|resolution|hres_active|Clock Event Device|event_handler' /proc/timer_list";
    internal const string PasteDmesg = "sudo dmesg (the whole log, from boot)";
    internal const string PasteConfig = "grep -E 'CONFIG_HZ=|CONFIG_HIGH_RES_TIMERS|CONFIG_PREEMPT' /boot/config-$(uname -r)";

    /// <param name="measurement">The quick measurement, or null when none was taken (--no-measure, a snapshot, pasted evidence).</param>
    public static IReadOnlyList<Finding> Evaluate(HostInspection inspection, DoctorMeasurement? measurement)
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
            Container(f, u),
            Hpet(f, u),
            Rtc(f, u),
            Tsc(f, u),
            TimerTrouble(f, u),
            DahdiTimer(f),
            OldHost(f),
            SchedFifo(f, u),
            Memlock(f, u),
            RtThrottling(f, u),
            IsolatedCpus(f, u),
            Cpufreq(f, u),
            Steal(f, u),
            Measurement(measurement),
            Dahdi(f, u),
            Asterisk(f, u),
        ];
    }

    /// <summary>One rule's id, named once; every finding the rule gives carries it.</summary>
    private readonly record struct Rule(string Id)
    {
        public Finding Ok(string observed, string why, string? fix = null) => new(Id, FindingStatus.Ok, observed, why, fix);

        public Finding Warn(string observed, string why, string? fix) => new(Id, FindingStatus.Warn, observed, why, fix);

        public Finding Fail(string observed, string why, string? fix) => new(Id, FindingStatus.Fail, observed, why, fix);

        public Finding Unknown(string observed, string why, string? paste) => new(Id, FindingStatus.Unknown, observed, why, paste);

        /// <summary>Unknown, observed as the reason the probe recorded for <paramref name="fact"/>; <paramref name="paste"/> is what would tell.</summary>
        public Finding Unknown(IReadOnlyDictionary<string, string> u, string fact, string why, string? paste = null) =>
            new(Id, FindingStatus.Unknown, u.GetValueOrDefault(fact, "not found"), why, paste is null ? null : $"Paste the output of: {paste}");
    }

    private static Finding Clocksource(HostFacts f, IReadOnlyDictionary<string, string> u)
    {
        var rule = new Rule("clocksource");
        const string why = "Every tick and every measurement reads the clock; telephony needs a clocksource read in nanoseconds through the vDSO.";
        string? cs = f.Clocksource.Current;
        string fallback = f.TscUnstable == true ? " The kernel fell back to it after marking the TSC unstable (see tsc)." : "";
        return cs switch
        {
            null => rule.Unknown(u, "clocksource.current", why, PasteClocksource),
            "arch_sys_counter" => rule.Ok($"clocksource {cs}", "arm64's generic timer counter: fast and precise, read through the vDSO."),
            "tsc" or "kvm-clock" or "hyperv_clocksource_tsc_page" or "xen" => rule.Ok($"clocksource {cs}", "Fast and precise: read through the vDSO without a system call."),
            "hpet" or "acpi_pm" => rule.Warn($"clocksource {cs}",
                $"{cs} is slow to read (a device access of about a microsecond per clock read): timing works but costs CPU and adds jitter.{fallback}",
                "If the TSC is stable, boot with clocksource=tsc (tsc=reliable only where you know it is); in a KVM guest use kvm-clock."),
            "hyperv_clocksource_msr" => rule.Warn($"clocksource {cs}", "The Hyper-V MSR clocksource has no vDSO: every clock read is a system call.",
                "Use a generation 2 VM and a kernel with the Hyper-V TSC page (hyperv_clocksource_tsc_page)."),
            "jiffies" or "refined-jiffies" => rule.Fail($"clocksource {cs}",
                "The jiffies clocksource advances once per kernel tick (1-10 ms): a 1 ms tick cannot be kept or even measured.",
                "Find out why the kernel rejected every real clocksource (dmesg | grep clocksource) and give it one: tsc, kvm-clock or hpet."),
            _ => rule.Warn($"clocksource {cs}", "A clocksource Metronome does not know: its cost and precision are unproven.", "Prefer tsc, kvm-clock or the Hyper-V TSC page where available."),
        };
    }

    private static Finding HighResolution(HostFacts f, IReadOnlyDictionary<string, string> u)
    {
        var rule = new Rule("high-resolution");
        const string why = "Without high-resolution mode every timer, however short, waits for the next kernel tick: a 1 ms tick silently becomes one jiffy.";
        var h = f.HighResolution;
        if (h.Active is null) return rule.Unknown(u, "highResolution.active", why, PasteTimerList);
        if (h.Active == true && h.ResolutionNs is null or <= 1)
            return rule.Ok("high-resolution timers active" + (h.ResolutionNs is null ? "" : " (resolution 1 ns)"), "hrtimers fire at their deadline, not at the next jiffy.");
        string res = h.ResolutionNs is { } r ? string.Create(C, $", resolution {r} ns") : "";
        // 10 ms (HZ=100) without high resolution is the mark of a router or embedded kernel built without CONFIG_HIGH_RES_TIMERS.
        string router = h.ResolutionNs >= 10_000_000 ? " A 10 ms resolution is typical of router and embedded kernels built without CONFIG_HIGH_RES_TIMERS and with HZ=100." : "";
        return rule.Fail($"high-resolution timers not active{res}", why + router,
            "Use a kernel with CONFIG_HIGH_RES_TIMERS=y, do not boot with highres=off, and check that the clock event device supports one-shot mode (dmesg).");
    }

    private static Finding ClockEvents(HostFacts f, IReadOnlyDictionary<string, string> u)
    {
        var rule = new Rule("clock-events");
        const string why = "The clock event device raises the timer interrupt that ends every sleep.";
        var e = f.ClockEvents;
        if (e.PerCpu.Count == 0) return rule.Unknown(u, "clockEvents.perCpu", why, PasteTimerList);
        string devices = string.Join(", ", e.PerCpu.Distinct());
        string observed = $"per CPU: {devices}; broadcast: {e.Broadcast ?? "unknown"}";
        if (e.EventHandlers.Contains("tick_handle_periodic"))
            return rule.Fail(observed + "; handler tick_handle_periodic", "The device runs in periodic mode: timers are served only at each jiffy.",
                "Boot without nohz=off/highres=off and with a one-shot capable clock event device (lapic-deadline, lapic).");
        if (e.PerCpu.Contains("hpet"))
            return rule.Warn(observed, "HPET as the per-CPU timer is slow to program and shared between CPUs.", "Use the local APIC timer (do not boot with lapic timer disabled; in a VM expose the TSC deadline timer).");
        if (e.PerCpu.Contains("arch_sys_timer"))
            return rule.Ok(observed, "arm64's generic timer as the per-CPU device: one-shot capable, per CPU.");
        return rule.Ok(observed, why);
    }

    private static Finding Hz(HostFacts f, IReadOnlyDictionary<string, string> u)
    {
        var rule = new Rule("hz");
        const string why = "HZ sets the jiffy: .NET's own timers, and anything without high-resolution timers, tick no faster than it.";
        if (f.Hz is not { } hz) return rule.Unknown(u, "hz", why);
        string observed = string.Create(C, $"HZ={hz} (a jiffy is {1000.0 / hz:0.##} ms)");
        return rule.Ok(observed,
            f.HighResolution.Active == true
                ? string.Create(C, $"Metronome's sources use high-resolution timers and are not limited by HZ; .NET's PeriodicTimer is quantised to {1000.0 / hz:0.##} ms here.")
                : why);
    }

    private static Finding Preemption(HostFacts f, IReadOnlyDictionary<string, string> u)
    {
        var rule = new Rule("preemption");
        const string why = "The preemption model decides how long a kernel path can keep a woken real-time thread off the CPU.";
        return f.Preemption switch
        {
            null => rule.Unknown(u, "preemption", why),
            "rt" => rule.Ok("PREEMPT_RT kernel", "Fully preemptible: tens of microseconds worst case on good hardware."),
            "full" or "lazy" => rule.Ok($"preemption {f.Preemption}", "A woken real-time thread preempts the kernel at once, but for short non-preemptible sections."),
            var mode => rule.Warn($"preemption {mode}",
                "A long kernel path (I/O, memory reclaim) can hold the CPU for milliseconds before the tick thread runs; it shows under load.",
                f.Kernel.Version?.Contains("PREEMPT_DYNAMIC", StringComparison.Ordinal) == true
                    ? "Boot with preempt=full (this kernel is PREEMPT_DYNAMIC), or install a PREEMPT_RT kernel (Debian: linux-image-rt-amd64)."
                    : "Install a kernel built with CONFIG_PREEMPT or PREEMPT_RT (Debian: linux-image-rt-amd64)."),
        };
    }

    private static Finding Virtualization(HostFacts f, IReadOnlyDictionary<string, string> u)
    {
        var rule = new Rule("virtualization");
        const string why = "A guest's timer interrupts arrive only when the host runs its vCPU: host contention shows as steal and millisecond spikes no guest setting can fix.";
        return f.Virtualization switch
        {
            "unknown" => rule.Unknown(u, "virtualization", why, "sudo dmesg | grep -E 'Hypervisor detected|paravirtualized|DMI:'"),
            "none" => rule.Ok("bare metal", "No hypervisor between the timer and the tick."),
            var v => rule.Ok($"virtual machine ({v})", why + " Steal and the measurement below show whether this host does.",
                "For telephony ask for dedicated (pinned) vCPUs and no CPU overcommit; expose the TSC deadline timer."),
        };
    }

    private static Finding Container(HostFacts f, IReadOnlyDictionary<string, string> u)
    {
        var rule = new Rule("container");
        return f.Container switch
        {
            null => rule.Unknown(u, "container", "Real-time scheduling, memory locking and /dev access depend on a container's privileges."),
            "none" => rule.Ok("not in a container", "Nothing masks the host's timer facts."),
            var c => rule.Ok($"in a container ({c})",
                "A container shares the host kernel's timers; real-time scheduling, memory locking and /dev access depend on its privileges (checked below).",
                "For SCHED_FIFO and mlockall give the container CAP_SYS_NICE and CAP_IPC_LOCK (docker run --cap-add SYS_NICE --cap-add IPC_LOCK --ulimit rtprio=99)."),
        };
    }

    private static Finding Hpet(HostFacts f, IReadOnlyDictionary<string, string> u) =>
        TimerDevice(new Rule("hpet"), "HPET", "max-user-freq", "no HPET", f.Hpet, u,
            "dahdi_dummy once needed HPET or the RTC; since kernel 2.6.22 high-resolution timers do the job without them.",
            " Most virtual machines have none; nothing is missing.");

    private static Finding Rtc(HostFacts f, IReadOnlyDictionary<string, string> u) =>
        TimerDevice(new Rule("rtc"), "RTC", "max_user_freq", "no RTC device", f.Rtc, u,
            "The RTC's periodic interrupt was dahdi_dummy's fallback; modern kernels emulate it with an hrtimer anyway.",
            " Nothing is missing.");

    /// <summary>HPET and RTC alike: present or absent, neither is needed while hrtimers work.</summary>
    private static Finding TimerDevice(Rule rule, string name, string freqFile, string absent, TimerDeviceFacts device,
        IReadOnlyDictionary<string, string> u, string why, string absentNote) => device.Present switch
    {
        null => rule.Unknown(u, $"{rule.Id}.present", why),
        true => rule.Ok(string.Create(C, $"{name} present ({freqFile} {device.MaxUserFreq?.ToString(C) ?? "unknown"} Hz; ")
            + (device.MayRaiseMaxUserFreq switch { true => "this process may exceed it", false => "this process may not exceed it without CAP_SYS_RESOURCE", null => "whether this process may exceed it is unknown" }) + ")", why),
        false => rule.Ok(absent, why + absentNote),
    };

    private static Finding Tsc(HostFacts f, IReadOnlyDictionary<string, string> u)
    {
        var rule = new Rule("tsc");
        const string why = "When the kernel stops trusting the TSC it falls back to a slower clocksource, and clock reads get slower and coarser.";
        string reason = f.KernelLog.TscUnstableReason is { } r ? $" ({r})" : "";
        string fallback = f.Clocksource.Current is { } cs && cs != "tsc" ? $"; clocksource now {cs}" : "";
        return f.TscUnstable switch
        {
            null => rule.Unknown(u, "tsc.unstable", why, PasteDmesg),
            false => rule.Ok("the kernel log marks no TSC unstable", why),
            true => rule.Warn($"the kernel marked the TSC unstable{reason}{fallback}",
                why + (f.Clocksource.Current is "hpet" or "acpi_pm" ? $" {f.Clocksource.Current} reads cost about a microsecond each." : ""),
                "On a VM use kvm-clock or the Hyper-V TSC page and ask for invariant TSC; on bare metal check BIOS power settings and TSC sync. Use tsc=reliable only where you know it is."),
        };
    }

    private static Finding TimerTrouble(HostFacts f, IReadOnlyDictionary<string, string> u)
    {
        var rule = new Rule("timer-trouble");
        const string why = "The kernel log records when timers went wrong since boot.";
        var l = f.KernelLog;
        if (!l.Available) return rule.Unknown(u, "kernelLog", why, PasteDmesg);
        if (l.HighResolutionSwitchFailed == true)
            return rule.Fail("the kernel could not switch to high-resolution (one-shot) mode",
                "Without one-shot mode every timer waits for the next jiffy.", "Check the clock event device (lapic) and boot options; a kernel or hypervisor update may be needed.");
        var trouble = new List<string>();
        if (l.HrtimerInterruptMaxNs is { } ns) trouble.Add(string.Create(C, $"'hrtimer: interrupt took {ns} ns'"));
        trouble.AddRange(l.UnstableClocksources.Where(c => c != "tsc").Select(c => $"clocksource {c} marked unstable"));
        if (trouble.Count > 0)
            return rule.Warn(string.Join("; ", trouble),
                "A slow hrtimer interrupt makes the kernel throttle timers for a while (late ticks); an unstable clocksource forced a fallback.",
                "Usually host overload or an SMI storm: look at steal, firmware settings and the hypervisor's load.");
        return l.FromBoot
            ? rule.Ok("no timer trouble in the kernel log", why)
            : rule.Ok("no timer trouble in the lines given (not a log from boot: earlier trouble would not show)", why);
    }

    /// <summary>
    /// The timer dahdi_dummy (or ztdummy) announced. Its "High Resolution Timer" is an hrtimer re-armed every
    /// 1 ms with hrtimer_forward, which raises the interval to the hrtimer resolution: without high-resolution
    /// mode it silently ticks once a jiffy (shared/reference/dahdi.md).
    /// </summary>
    private static Finding DahdiTimer(HostFacts f)
    {
        var rule = new Rule("dahdi-timer");
        const string why = "dahdi_dummy's tick drives every DAHDI channel and Asterisk's res_timing_dahdi.";
        const string check = "Check the real resolution: sudo grep -m1 resolution /proc/timer_list must say '.resolution: 1 nsecs' (4000000 or 10000000 means the 1 ms timer ticks once a jiffy).";
        switch (f.Dahdi.DummyTimer)
        {
            case null:
                return rule.Ok("no dahdi_dummy timer announced in the evidence (DAHDI 2.3 and later use the core timer)", why);
            case "hrtimer" when f.HighResolution.Active == true && f.HighResolution.ResolutionNs is null or <= 1:
                return rule.Ok("dahdi_dummy runs on a high resolution timer, and high-resolution mode is on", why);
            case "hrtimer" when f.HighResolution.Active == false:
                return rule.Fail(string.Create(C, $"dahdi_dummy announced a High Resolution Timer, but high-resolution mode is off{(f.HighResolution.ResolutionNs is { } r ? $" (resolution {r} ns)" : "")}"),
                    why + " hrtimer_forward raises its 1 ms interval to the timer resolution: it ticks once a jiffy, in bursts, not every millisecond.",
                    "Use a kernel with CONFIG_HIGH_RES_TIMERS=y and a one-shot clock event device, or replace dahdi_dummy with `metronome dahdi`. " + check);
            case "hrtimer":
                return rule.Warn("dahdi_dummy announced a High Resolution Timer; nothing in the evidence shows high-resolution mode",
                    why + " The kernel accepts the 1 ms hrtimer silently and raises the interval to the timer resolution: on a kernel or guest without high-resolution mode it ticks once a jiffy.",
                    check);
            case "rtc":
                return rule.Warn("dahdi_dummy runs on the RTC's periodic interrupt (1024 Hz)",
                    why + " 1024 interrupts make 1000 ticks: every 43rd interrupt is skipped, a 1 ms jitter by design; in a VM the RTC is emulated.",
                    "Use a kernel with high-resolution timers (2.6.22 or later) so dahdi_dummy uses an hrtimer, or `metronome dahdi`.");
            case "hpet":
                return rule.Ok("dahdi_dummy runs on the HPET", why);
            default:
                return rule.Fail($"dahdi_dummy runs on the {f.Dahdi.DummyTimer}",
                    why + " The kernel timer ticks once a jiffy: at HZ=250 four 1 ms ticks arrive at once every 4 ms.",
                    "Use a kernel with high-resolution timers so dahdi_dummy uses an hrtimer, or `metronome dahdi`.");
        }
    }

    /// <summary>Old and odd hosts operators still run: VMware's VMI, VMware without HPET, arm64's arch timer.</summary>
    private static Finding OldHost(HostFacts f)
    {
        var rule = new Rule("platform");
        const string why = "Some platforms keep time in their own way.";
        var notes = new List<string>();
        var warn = false;
        if (f.KernelLog.Paravirt?.Equals("vmi", StringComparison.OrdinalIgnoreCase) == true)
        {
            notes.Add("VMware VMI paravirtual kernel: timer interrupts come through VMware's VMI timer (VMI was dropped in kernel 2.6.37 and ESX 4.1)");
            warn = true;
        }
        if (f.Virtualization == "vmware" && f.Hpet.Present == false)
        {
            notes.Add("VMware guest without HPET: an old virtual hardware version; the local APIC timer and the PIT are all it has");
            warn = true;
        }
        if (f.Clocksource.Current == "arch_sys_counter" || f.ClockEvents.PerCpu.Contains("arch_sys_timer") || f.Kernel.Arch is "aarch64" or "arm64")
            notes.Add("arm64: the generic (arch) timer is both clocksource and per-CPU clock event device; no HPET or PIT exists, and none is needed");
        if (notes.Count == 0) return rule.Ok("nothing unusual about this platform's timers", why);
        string observed = string.Join("; ", notes);
        return warn
            ? rule.Warn(observed, why + " An old VMware guest's timer is emulated by the hypervisor: ticks are late whenever the host is busy, and an old kernel may lack high-resolution timers.",
                "Move to a current kernel and VMware virtual hardware (version 7 or later has an HPET); then check high-resolution mode: " + PasteTimerList)
            : rule.Ok(observed, why);
    }

    private static Finding SchedFifo(HostFacts f, IReadOnlyDictionary<string, string> u)
    {
        var rule = new Rule("realtime");
        const string why = "SCHED_FIFO is what removes the multi-hundred-microsecond tail: the tick thread runs before every ordinary task.";
        return f.Realtime.SchedFifo switch
        {
            null => rule.Unknown(u, "realtime.schedFifo", why),
            true => rule.Ok("this process can use SCHED_FIFO", why),
            false => rule.Warn($"SCHED_FIFO refused (RLIMIT_RTPRIO {f.Realtime.RtprioLimit ?? "unknown"})", why,
                "Run as root, or give the service CAP_SYS_NICE (systemd: AmbientCapabilities=CAP_SYS_NICE) or LimitRTPRIO=99."),
        };
    }

    private static Finding Memlock(HostFacts f, IReadOnlyDictionary<string, string> u)
    {
        var rule = new Rule("memlock");
        const string why = "mlockall keeps the tick's memory resident, so a page fault never stalls a tick.";
        var r = f.Realtime;
        if (r.MemlockLimit == "unlimited" || r.CapIpcLock == true)
            return rule.Ok(r.CapIpcLock == true ? "CAP_IPC_LOCK held: mlockall has no limit" : "RLIMIT_MEMLOCK unlimited", why);
        if (r.MemlockLimit is null || r.CapIpcLock is null) return rule.Unknown(u, r.MemlockLimit is null ? "realtime.memlockLimit" : Probes.CapabilitiesProbe.Fact, why);
        return rule.Warn($"RLIMIT_MEMLOCK {r.MemlockLimit} bytes and no CAP_IPC_LOCK: mlockall of a .NET process will be refused", why,
            "Give the service LimitMEMLOCK=infinity or CAP_IPC_LOCK (systemd: AmbientCapabilities=CAP_IPC_LOCK).");
    }

    private static Finding RtThrottling(HostFacts f, IReadOnlyDictionary<string, string> u)
    {
        var rule = new Rule("rt-throttling");
        const string why = "RT throttling takes the CPU away from real-time tasks that use more than their share of each period.";
        var r = f.Realtime;
        if (r.RtRuntimeUs is not { } runtime) return rule.Unknown(u, "realtime.rtRuntimeUs", why);
        if (runtime < 0) return rule.Ok("RT throttling off (sched_rt_runtime_us = -1)", why);
        long period = r.RtPeriodUs ?? 1_000_000;
        string observed = string.Create(C, $"RT tasks may use {runtime} of every {period} us");
        return runtime >= period * 95 / 100
            ? rule.Ok(observed, why + " Metronome's sources sleep between ticks and never reach it (hybrid spins only its window).")
            : rule.Warn(observed, why + " This share is below the default 95%.", "echo 950000 > /proc/sys/kernel/sched_rt_runtime_us (sysctl kernel.sched_rt_runtime_us=950000).");
    }

    private static Finding IsolatedCpus(HostFacts f, IReadOnlyDictionary<string, string> u)
    {
        var rule = new Rule("isolated-cpus");
        return f.Realtime.IsolatedCpus switch
        {
            null => rule.Unknown(u, "realtime.isolatedCpus", "An isolated CPU keeps other work away from the tick."),
            "" => rule.Ok("no isolated CPUs", "The tick shares its CPU with everything else; isolating one gives it a quiet CPU.",
                "Optional: boot with isolcpus=N nohz_full=N rcu_nocbs=N and run Metronome with --cpu N."),
            var cpus => rule.Ok($"isolated CPUs: {cpus}", "An isolated CPU keeps other work away from the tick.", "Pin the tick there with --cpu."),
        };
    }

    private static Finding Cpufreq(HostFacts f, IReadOnlyDictionary<string, string> u)
    {
        var rule = new Rule("cpufreq");
        const string why = "A power-saving governor wakes slowly from low clocks, which adds wake-up latency.";
        return f.Realtime.CpufreqGovernor switch
        {
            null => rule.Unknown(u, "realtime.cpufreqGovernor", why),
            "powersave" => rule.Warn("cpufreq governor powersave", why, "cpupower frequency-set -g performance (or schedutil)."),
            var g => rule.Ok($"cpufreq governor {g}", why),
        };
    }

    private static Finding Steal(HostFacts f, IReadOnlyDictionary<string, string> u)
    {
        var rule = new Rule("steal");
        const string why = "Steal is time the hypervisor ran something else while this guest wanted a CPU; it explains millisecond spikes that no guest setting can fix.";
        const string fix = "Ask the provider for dedicated vCPUs or CPU pinning and no overcommit, or move to a less loaded host.";
        if (f.Steal.Percent is not { } steal) return rule.Unknown(u, "steal.percent", why);
        string observed = string.Create(C, $"steal {steal:0.00}% {f.Steal.Window ?? StealFacts.DuringMeasurement}");
        return steal < 1 ? rule.Ok(observed, why)
            : steal < 5 ? rule.Warn(observed, why, fix)
            : rule.Fail(observed, why, fix);
    }

    private static Finding Measurement(DoctorMeasurement? m)
    {
        var rule = new Rule("measurement");
        const string why = "What the tick actually does here: dahdi_test's score (99.99% and 100% are a definite pass, 99.97-99.98% probably OK) and the lateness of each tick.";
        if (m is null) return rule.Unknown("not measured (--no-measure, a snapshot, or pasted evidence)", why, "Run the doctor live without --no-measure, or metronome test.");
        if (m.Error is not null) return rule.Fail($"the {m.Source} source failed: {m.Error}", why, "Run metronome sources to see which sources open here.");
        double missed = m.Ticks > 0 ? 100.0 * m.MissedTicks / m.Ticks : 0;
        string under = m.Load is null ? "" : string.Create(C, $" under load {m.Load} (host busy {m.HostBusyPercent ?? double.NaN:0.#}%)");
        string observed = string.Create(C,
            $"{m.Source} ({m.Policy}) for {m.Seconds:0.#} s{under}: dahdi average {m.DahdiAverage:0.000}%, worst {m.DahdiWorst:0.000}%, p99 {m.P99Ns / 1000} us, max {m.MaxNs / 1000} us, {m.MissedTicks} missed of {m.Ticks}");
        if (m.Passes == 0) return rule.Unknown(observed + " (no complete pass)", why, "Measure longer: --measure 5 or more.");
        if (m.DahdiAverage < 99.97 || m.P99Ns > 1_000_000 || missed > 1)
            return rule.Fail(observed, why, "See the other findings for the cause; re-measure under your real load with metronome test.");
        if (m.DahdiAverage < 99.99 || m.DahdiWorst < 99.95 || m.P99Ns > 200_000 || missed > 0.1)
            return rule.Warn(observed, why, "See the other findings; a longer run (metronome test -c 60) tells whether this is the host or a moment.");
        return rule.Ok(observed, why);
    }

    private static Finding Dahdi(HostFacts f, IReadOnlyDictionary<string, string> u)
    {
        var rule = new Rule("dahdi");
        var d = f.Dahdi;
        const string why = "Applications that read /dev/dahdi/pseudo or use res_timing_dahdi need a DAHDI timing source.";
        const string userSpace = " Without the kernel modules none is needed unless such an application runs here; if one does, `metronome dahdi` serves /dev/dahdi/pseudo and /dev/dahdi/timer from user space (docs/dahdi.md).";
        string devices = d.Devices is null ? "unknown" : d.Devices.Count > 0 ? string.Join(", ", d.Devices) : "none";
        if (d.Modules is null)
            return rule.Unknown(u, "dahdi.modules", why + userSpace, "lsmod | grep -E 'dahdi|zaptel|ztdummy'; ls /dev/dahdi");
        return d.Modules.Count > 0
            ? rule.Ok($"kernel DAHDI loaded ({string.Join(", ", d.Modules)}); devices: {devices}; spans: {d.Spans?.ToString(C) ?? "unknown"}" + (d.DummyTimer is { } t ? $"; dahdi_dummy timer: {t}" : ""), why)
            : rule.Ok(d.Devices is { Count: > 0 } ? $"no DAHDI kernel modules; /dev/dahdi has {devices}, served from user space" : "no kernel DAHDI", why + userSpace);
    }

    private static Finding Asterisk(HostFacts f, IReadOnlyDictionary<string, string> u)
    {
        var rule = new Rule("asterisk");
        var a = f.Asterisk;
        const string why = "ConfBridge mixing, Music on Hold, IAX2 trunking and playback run on Asterisk's timing API.";
        if (a.Installed is null) return rule.Unknown(u, "asterisk.installed", why, "asterisk -rx 'module show like timing'");
        if (a.Installed == false) return rule.Ok("Asterisk not installed", why);
        string modules = a.TimingModules.Count > 0 ? string.Join(", ", a.TimingModules) : "none";
        return a.WillUse switch
        {
            "timerfd" or "kqueue" or "dahdi" => rule.Ok($"Asterisk will use {a.WillUse} (timing modules: {modules})", why),
            "pthread" => rule.Warn($"Asterisk will use pthread (timing modules: {modules})",
                why + " res_timing_pthread is a 5 ms thread capped at 100 ticks/s: conferences and MoH stutter.",
                "Load res_timing_timerfd.so (remove its noload line in modules.conf, or install it)."),
            _ => rule.Fail($"no Asterisk timing module will load (installed: {modules}; noload: {(a.Noloaded.Count > 0 ? string.Join(", ", a.Noloaded) : "none")})",
                why + " Without one they fail.", "Install and load res_timing_timerfd.so; remove 'noload => res_timing_timerfd.so' from modules.conf."),
        };
    }
}
