#!/usr/bin/env python3
"""Turns the raw runs of bench/oracle.sh into this machine's section of bench/results/oracle.md.

  oracle.py RAW OUT SECONDS CPUS INTRO

The recorder (`metronome record-wakeups`) ran one pinned tick thread per CPU on the same deadlines,
with no hand-over, and logged every wake-up of every thread: "cpu first elapsed late_ns", the first
deadline a wake-up served (1-based), how many it served, and its lateness against the first. From it:

- each thread alone: its wake-ups, as a single pinned thread would deliver them;
- the oracle: first-of-N with a hand-over that costs nothing: every wake-up of every thread in time
  order, each delivering the ticks no earlier wake-up had reached (lateness against the first of them),
  exactly as `--cpu LIST --standby-us 0` would deliver if claiming and handing over were free;
- both vCPUs stalled at once: ticks every thread reached more than 1 ms late (no guest can fix those).

The other tools' lateness comes from their -h histograms (1 us buckets; cyclictest's -h 20000 counts
20 ms and more as overflows, metronome's as buckets up to 100 ms). Percentiles are nearest rank, the
1 us bucket floor. Rounds are pooled.
"""
import json, sys
from pathlib import Path

from summarise import histogram, percentile

PERIOD_NS = 1_000_000
LATE_US, VERY_LATE_US = 1000, 20_000
TOOLS = ["cyclictest", "nanosleep", "nanosleep-cpu", "timerfd-cpu"]


class Pool:
    """Lateness of wake-ups in 1 us buckets, pooled over rounds."""

    def __init__(self):
        self.buckets, self.overflows, self.overflow_from, self.max = {}, 0, None, 0
        self.late, self.very_late, self.rounds, self.missed = [], [], 0, 0
        self.cpu, self.cpu_process = [], []

    def add_us(self, values):
        late = very = 0
        for us in values:
            us = max(0, us)
            self.buckets[us] = self.buckets.get(us, 0) + 1
            self.max = max(self.max, us)
            late += us >= LATE_US
            very += us >= VERY_LATE_US
        self.late.append(late)
        self.very_late.append(very)
        self.rounds += 1

    def add_hist(self, path, overflow_from):
        b, o, m = histogram(path)
        for k, v in b.items():
            self.buckets[k] = self.buckets.get(k, 0) + v
        self.overflows += o
        self.overflow_from = overflow_from
        self.max = max(self.max, m)
        self.late.append(sum(v for k, v in b.items() if k >= LATE_US) + o)
        self.very_late.append(sum(v for k, v in b.items() if k >= VERY_LATE_US) + (o if overflow_from >= VERY_LATE_US else 0))
        self.rounds += 1

    @property
    def count(self):
        return sum(self.buckets.values()) + self.overflows

    def pct(self, q):
        return percentile(self.buckets, self.overflows, self.max, q)


def read_wakeups(path):
    """{cpu: [(first, elapsed, late_ns)]} and {cpu: cpu_ns} of a record-wakeups file."""
    threads, cpu_ns = {}, {}
    for line in path.read_text().splitlines():
        if line.startswith("# thread on cpu "):
            words = line.split()
            cpu_ns[int(words[4].rstrip(":"))] = int(words[7])
        elif line and not line.startswith("#"):
            cpu, first, elapsed, late = (int(x) for x in line.split())
            threads.setdefault(cpu, []).append((first, elapsed, late))
    return threads, cpu_ns


def oracle(threads):
    """First-of-N with a free hand-over: (lateness of each delivering wake-up in us, missed ticks)."""
    events = sorted((first * PERIOD_NS + late, first + elapsed - 1) for wakes in threads.values() for first, elapsed, late in wakes)
    claimed, lateness, missed = 0, [], 0
    for when, reached in events:
        if reached <= claimed:
            continue
        lateness.append((when - (claimed + 1) * PERIOD_NS) // 1000)
        missed += reached - claimed - 1
        claimed = reached
    return lateness, missed


def reached_late(wakes, ticks):
    """Per tick 1..ticks: True when this thread reached it more than 1 ms after its deadline (or never)."""
    late = [True] * (ticks + 1)
    for first, elapsed, late_ns in wakes:
        when = first * PERIOD_NS + late_ns
        for k in range(first, min(first + elapsed, ticks + 1)):
            late[k] = when - k * PERIOD_NS > LATE_US * 1000
    return late


def main(raw: Path, out: Path, seconds: float, cpus: str, intro: str):
    pools, stalls = {}, {"ticks": 0, "all": 0, "per_cpu": {}}
    for f in sorted(raw.glob("*.oracle.wakeups")):
        threads, cpu_ns = read_wakeups(f)
        lateness, missed = oracle(threads)
        p = pools.setdefault("oracle", Pool())
        p.add_us(lateness)
        p.missed += missed
        p.cpu.append(100.0 * sum(cpu_ns.values()) / 1e9 / seconds)
        for cpu, wakes in threads.items():
            t = pools.setdefault(f"thread-{cpu}", Pool())
            t.add_us([late // 1000 for _, _, late in wakes])
            t.missed += sum(e - 1 for _, e, _ in wakes)
            t.cpu.append(100.0 * cpu_ns.get(cpu, 0) / 1e9 / seconds)
        ticks = min(max(first + elapsed - 1 for first, elapsed, _ in wakes) for wakes in threads.values())
        late = {cpu: reached_late(wakes, ticks) for cpu, wakes in threads.items()}
        stalls["ticks"] += ticks
        stalls["all"] += sum(1 for k in range(1, ticks + 1) if all(late[c][k] for c in late))
        for c in late:
            stalls["per_cpu"][c] = stalls["per_cpu"].get(c, 0) + sum(late[c][1:])
    for f in sorted(raw.glob("*.cyclictest.hist")):
        p = pools.setdefault("cyclictest", Pool())
        p.add_hist(f, 20_000)
        _, user, system = (float(x) for x in f.with_suffix(".time").read_text().split()[-3:])
        p.cpu.append(100.0 * (user + system) / seconds)
    for tool in TOOLS[1:]:
        for f in sorted(raw.glob(f"*.{tool}.hist")):
            p = pools.setdefault(tool, Pool())
            p.add_hist(f, 100_000)
            d = json.loads(f.with_suffix(".json").read_text())
            p.missed += d["missedTicks"]
            p.cpu.append(d["tickThreadCpuPercent"])
            p.cpu_process.append(d["cpuPercent"])

    mean = lambda xs: sum(xs) / len(xs) if xs else float("nan")
    names = {
        "oracle": f"oracle: first of the recorder's threads (CPUs {cpus}), free hand-over",
        "cyclictest": "cyclictest -m -p80 -i1000 (one thread)",
        "nanosleep": "metronome test --source nanosleep (one thread)",
        "nanosleep-cpu": f"metronome test --source nanosleep --cpu {cpus}",
        "timerfd-cpu": f"metronome test --source timerfd --cpu {cpus}",
    }
    order = ["oracle"] + sorted(k for k in pools if k.startswith("thread-")) + TOOLS
    lines = [intro, "",
             "| tool | rounds | wake-ups | > 1 ms late | > 20 ms late | p50 | p99 | p99.99 | max | missed ticks | CPU % |",
             "|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---|"]
    for key in order:
        p = pools.get(key)
        if not p:
            continue
        name = names.get(key) or f"recorder thread on CPU {key.split('-')[1]} alone"
        cpu = f"{mean(p.cpu):.2f}" + (f" ({mean(p.cpu_process):.2f})" if p.cpu_process else "")
        lines.append(f"| {name} | {p.rounds} | {p.count} | {sum(p.late)} ({', '.join(map(str, p.late))}) | {sum(p.very_late)} | "
                     f"{p.pct(.5)} | {p.pct(.99)} | {p.pct(.9999)} | {p.max} | {'n/a' if key == 'cyclictest' else p.missed} | {cpu} |")
    lines.append("")
    if stalls["ticks"]:
        per_cpu = ", ".join(f"CPU {c}: {n}" for c, n in sorted(stalls["per_cpu"].items()))
        share = 100.0 * stalls["all"] / stalls["ticks"]
        lines += [f"Ticks the recorder's threads reached more than 1 ms late, of {stalls['ticks']}: {per_cpu}; "
                  f"all at once (every vCPU stalled, which no guest can fix): {stalls['all']} ({share:.4f}% of ticks).", ""]

    ora = pools.get("oracle")
    if ora:
        lines += ["| against the oracle | ticks > 1 ms late | p99.99 | p99 vs one thread |", "|---|---:|---:|---:|"]
        one = pools.get("nanosleep")
        for key in ["nanosleep-cpu", "timerfd-cpu"]:
            p = pools.get(key)
            if not p:
                continue
            late = f"{sum(p.late) / sum(ora.late):.2f} x" if sum(ora.late) else f"{sum(p.late)} vs 0"
            p9999 = f"{p.pct(.9999) / ora.pct(.9999):.2f} x" if ora.pct(.9999) else "n/a"
            p99 = f"{p.pct(.99) / one.pct(.99):.2f} x" if one and one.pct(.99) else "n/a"
            lines.append(f"| {names[key]} | {late} | {p9999} | {p99} |")
        lines.append("")
    out.write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]), float(sys.argv[3]), sys.argv[4], sys.argv[5])
