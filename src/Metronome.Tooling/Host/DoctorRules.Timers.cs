using Metronome.Tooling.Host.Facts;

namespace Metronome.Tooling.Host;

/// <summary>The timer devices, the TSC, and the trouble the kernel logs about timers (docs/doctor.md).</summary>
internal static partial class DoctorRules
{
    private static Finding Hpet(HostFacts f, IReadOnlyDictionary<FactKey, string> u)
    {
        var rule = new Rule(FindingId.Hpet);
        const string why = "dahdi_dummy once needed HPET or the RTC; since kernel 2.6.22 high-resolution timers do the job without them.";
        if (f.Hpet.Disabled is { } disabled)
            return rule.Warn($"the kernel disabled the HPET it found ({disabled}): there is no usable HPET",
                "The HPET is the TSC's watchdog and calibration reference; without it the kernel trusts the TSC against acpi_pm, and if the TSC is ever "
                + "marked unstable the fallback is acpi_pm, a slow clock to read. Timers themselves run on the TSC deadline or local APIC timer.",
                "Nothing to do while the clocksource is tsc. If the TSC is marked unstable (see tsc), " + disabled switch
                {
                    TimerDeviceFacts.HpetPc10 => "cap the package C-state below PC10 in the firmware setup (the kernel reads that limit, "
                        + "MSR_PKG_CST_CONFIG_CONTROL, and then keeps the HPET) rather than forcing it on with hpet=force: on this platform it stops counting in PC10.",
                    TimerDeviceFacts.HpetCommandLine => "remove hpet=disable from the kernel command line.",
                    _ => "fix the TSC (firmware settings, TSC sync); this HPET cannot stand in for it.",
                });
        if (f.KernelLog.LostRtcInterrupts is { } lost)
            return rule.Warn(string.Create(C, $"HPET present; emulating the RTC it lost up to {lost} periodic interrupts at a time (hpetN: lost N rtc interrupts)"),
                "The HPET's RTC emulation counts the periodic RTC interrupts that came due while its own interrupt was not served: the CPU (in a VM, the "
                + "vCPU) did not take timer interrupts for that long. A 1 kHz tick on this host is late by as much, whatever its source.",
                "On a VM: check steal and host load, ask for dedicated vCPUs; a hypervisor whose HPET emulation starves (VirtualBox and minikube's VMs are known "
                + "for it) is better replaced by KVM. Stop programs that drive /dev/rtc at a high rate. hpet=disable on the kernel command line stops the "
                + "emulation, and the message, but not the late interrupts.");
        return TimerDevice(rule, "HPET", "max-user-freq", "no HPET", f.Hpet, u, FactKey.HpetPresent, why, " Most virtual machines have none; nothing is missing.");
    }

    private static Finding Rtc(HostFacts f, IReadOnlyDictionary<FactKey, string> u) =>
        TimerDevice(new Rule(FindingId.Rtc), "RTC", "max_user_freq", "no RTC device", f.Rtc, u, FactKey.RtcPresent,
            "The RTC's periodic interrupt was dahdi_dummy's fallback; modern kernels emulate it with an hrtimer anyway.",
            " Nothing is missing.");

    /// <summary>HPET and RTC alike: present or absent, neither is needed while hrtimers work.</summary>
    private static Finding TimerDevice(Rule rule, string name, string freqFile, string absent, TimerDeviceFacts device,
        IReadOnlyDictionary<FactKey, string> u, FactKey fact, string why, string absentNote) => device.Present switch
    {
        null => rule.Unknown(u, fact, why),
        true => rule.Ok(string.Create(C, $"{name} present ({freqFile} {device.MaxUserFreq?.ToString(C) ?? "unknown"} Hz; ")
            + (device.MayRaiseMaxUserFreq switch { true => "this process may exceed it", false => "this process may not exceed it without CAP_SYS_RESOURCE", null => "whether this process may exceed it is unknown" }) + ")", why),
        false => rule.Ok(absent, why + absentNote),
    };

    private static Finding Tsc(HostFacts f, IReadOnlyDictionary<FactKey, string> u, IReadOnlyDictionary<FactKey, DerivationRule> derived)
    {
        var rule = new Rule(FindingId.Tsc);
        const string why = "When the kernel stops trusting the TSC it falls back to a slower clocksource, and clock reads get slower and coarser.";
        string reason = f.KernelLog.TscUnstableReason is { } r ? $" ({r})" : "";
        string fallback = f.Clocksource.Current is { } cs && cs != "tsc" ? $"; clocksource now {cs}" : "";
        return f.TscUnstable switch
        {
            null => rule.Unknown(u, FactKey.TscUnstable, why, PasteDmesg),
            false when derived.ContainsKey(FactKey.TscUnstable) => rule.Ok("the TSC is the clocksource in use, so the kernel has not marked it unstable", why),
            false => rule.Ok("the kernel log marks no TSC unstable", why),
            true => rule.Warn($"the kernel marked the TSC unstable{reason}{fallback}",
                why + (f.Clocksource.Current is "hpet" or "acpi_pm" ? $" {f.Clocksource.Current} reads cost about a microsecond each." : ""),
                "On a VM use kvm-clock or the Hyper-V TSC page and ask for invariant TSC; on bare metal check BIOS power settings and TSC sync. Use tsc=reliable only where you know it is."),
        };
    }

    /// <summary>Trouble lines the kernel prints about timers; each is named in the finding, the worst decides its status.</summary>
    private static Finding TimerTrouble(HostFacts f, IReadOnlyDictionary<FactKey, string> u)
    {
        var rule = new Rule(FindingId.TimerTrouble);
        const string why = "The kernel log records when timers went wrong since boot.";
        var l = f.KernelLog;
        if (!l.Available) return rule.Unknown(u, FactKey.KernelLog, why, PasteDmesg);
        if (l.HighResolutionSwitchFailed == true)
            return rule.Fail("the kernel could not switch to high-resolution (one-shot) mode",
                "Without one-shot mode every timer waits for the next jiffy.", "Check the clock event device (lapic) and boot options; a kernel or hypervisor update may be needed.");
        var trouble = new List<string>();
        var fixes = new List<string>();
        if (l.HrtimerInterruptMaxNs is { } ns)
        {
            trouble.Add(string.Create(C, $"'hrtimer: interrupt took {ns} ns' (the kernel throttled high-resolution timers for a while)"));
            fixes.Add("a slow hrtimer interrupt is usually host overload or SMIs: look at steal, firmware settings and the hypervisor's load");
        }
        var unstable = l.UnstableClocksources.Where(c => c != "tsc").ToArray();
        if (unstable.Length > 0)
        {
            trouble.Add($"clocksource {string.Join(", ", unstable)} marked unstable (a fallback was forced)");
            fixes.Add("find out from the watchdog lines which clock drifted: in a VM, use its paravirtual clock");
        }
        if (l.ClocksourceWatchdog is { } watchdog)
        {
            trouble.Add($"the clocksource watchdog complained: '{watchdog}'");
            fixes.Add("a watchdog read-back delay means the CPU was taken away between two back-to-back clock reads: on a VM that is the host (steal, "
                + "overcommit); the skew test it skips is the one that would catch a drifting TSC");
        }
        if (l.MinDeltaIncreased is { } device)
        {
            trouble.Add($"the kernel raised the minimum delta of clock event device {device} (it missed events programmed too close)");
            fixes.Add($"{device} cannot be programmed as finely as it claims: prefer the TSC deadline or local APIC timer");
        }
        if (l.RtThrottled == true)
        {
            trouble.Add("RT throttling activated (real-time tasks used up their share and were stopped)");
            fixes.Add("a real-time task spun: find it (top, sorted by CPU, with policy shown); keep sched_rt_runtime_us at 950000, do not raise it to -1 to hide this");
        }
        if (trouble.Count > 0)
            return rule.Warn(string.Join("; ", trouble), why + " Each of these delays or coarsens the timers a 1 kHz tick waits on.",
                char.ToUpperInvariant(fixes[0][0]) + string.Join("; ", fixes)[1..] + ".");
        return l.FromBoot
            ? rule.Ok("no timer trouble in the kernel log", why)
            : rule.Unknown("no timer trouble in the lines given, but lines not given cannot show there was none", why, $"Paste the output of: {PasteDmesg}");
    }

    /// <summary>
    /// Stalls: the kernel's own (soft lockups, RCU stalls: a CPU ran nothing else for seconds) and the measurement's
    /// (a tick later than 1 ms, attributed to run-queue delay, steal or a collection; what none of these explains, said as far as the evidence allows).
    /// </summary>
    private static Finding Stalls(HostFacts f, DoctorMeasurement? m)
    {
        var rule = new Rule(FindingId.Stalls);
        const string why = "A stall is time the tick could not run at all: every tick due in it arrives late, at once.";
        var l = f.KernelLog;
        bool guest = f.Virtualization.IsGuest();
        if (l.SoftLockupSeconds is not null || l.RcuStall == true)
        {
            string what = string.Join(" and ", new[]
            {
                l.SoftLockupSeconds is { } s ? string.Create(C, $"a soft lockup (a CPU stuck for {s} s)") : null,
                l.RcuStall == true ? "an RCU stall" : null,
            }.OfType<string>());
            return rule.Warn($"the kernel reported {what}",
                why + " The kernel saw a CPU run no other task for seconds: in a virtual machine the usual cause is the host not running the vCPU "
                + "(overcommit, steal); on bare metal a driver or firmware (SMI) holding the CPU.",
                guest ? "Check steal and ask the provider for dedicated vCPUs and no overcommit; the lines after the report name the task and code that held the CPU."
                    : "The lines after the report (the stack trace) name the code that held the CPU: update the kernel, the driver or the firmware.");
        }
        if (m?.Stalls is not { } stalls)
            return l.FromBoot
                ? rule.Ok("no soft lockup or RCU stall in the kernel log", why)
                : rule.Unknown(m is null ? "not measured, and no soft lockup or RCU stall in the evidence" : "the measurement did not look for stalls", why,
                    "Run the doctor live (it measures), or metronome test.");
        if (stalls.Count == 0) return rule.Ok(string.Create(C, $"no stall in the {m.Seconds:0.#} s measured"), why);
        string counts = string.Create(C,
            $"{stalls.Count} stalls in the {m.Seconds:0.#} s measured (worst {stalls.MaxLatenessNs / 1e6:0.0} ms late): runqueue {stalls.Runqueue}, steal {stalls.Steal}, gc {stalls.Gc}, unexplained {stalls.Unexplained}");
        if (stalls.Quiet > 0 && stalls.Quiet * 2 >= stalls.Count)
            return rule.Warn(counts + string.Create(C, $"; {stalls.Quiet} of them with no run delay and no steal"),
                why + " In those the tick thread did not wait for a CPU (its run delay stayed near zero) and the kernel saw no steal: nothing inside this "
                + (guest ? "guest" : "host") + " caused them. The time went below it: the hypervisor did not run the vCPU, or interrupts or firmware (SMIs) held it."
                + (guest ? " Some hypervisors report no steal at all, so a steal of 0 does not clear the host." : ""),
                "Try a second tick thread on another CPU (metronome test --cpu 0,1: the first to wake delivers), "
                + (guest ? "another instance type (dedicated vCPUs), or ask the provider whether the host is overcommitted and whether it reports steal."
                    : "and look for SMIs (turbostat's SMI column) and long interrupt handlers."));
        if (stalls.Runqueue * 2 >= stalls.Count)
            return rule.Warn(counts, why + " Most were run-queue delay: another task held the tick's CPU.",
                "Run the tick SCHED_FIFO (see realtime) and give it its own CPU (--cpu, isolated-cpus).");
        if (stalls.Steal * 2 >= stalls.Count)
            return rule.Warn(counts, why + " Most were steal: the hypervisor ran something else.", "Ask the provider for dedicated vCPUs and no overcommit, or move the VM.");
        return rule.Warn(counts, why, "Read each stall's numbers (metronome test --json: stalls[]; metronome monitor --stall-log FILE) and see the other findings.");
    }
}
