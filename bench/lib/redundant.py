#!/usr/bin/env python3
"""Turns the raw runs of bench/redundant.sh into the tables of its section in bench/results/redundant.md.

Every tool's rounds are pooled into one histogram (1 us buckets; cyclictest's -h file and metronome's
--histogram file have the same format), so p99.99 over 3 x 60 s rests on 18 wake-ups rather than 6.
Percentiles are nearest rank, the bucket floor, overflows at the maximum. "> 1 ms late" counts wake-ups
whose lateness is 1000 us or more, summed over the rounds (cyclictest gives one wake-up per stall too,
and skips the periods it missed; metronome counts those as missed ticks, in their own column).
"""
import json, re, sys
from pathlib import Path

from summarise import histogram, percentile  # the cyclictest -h reader bench/vs-cyclictest.sh uses

TOOLS = ["cyclictest", "nanosleep", "nanosleep-redundant", "timerfd", "timerfd-redundant"]


class Pool:
    def __init__(self):
        self.buckets, self.overflows, self.max, self.rounds = {}, 0, 0, 0
        self.cpu, self.thread_cpu, self.missed, self.late_per_round = [], [], 0, []
        self.handoffs, self.not_usual, self.shares, self.alloc = 0, 0, [], 0
        self.dahdi_worst = []

    def add_hist(self, path):
        b, o, m = histogram(path)
        for k, v in b.items():
            self.buckets[k] = self.buckets.get(k, 0) + v
        self.overflows += o
        self.max = max(self.max, m)
        self.late_per_round.append(sum(v for k, v in b.items() if k >= 1000) + o)
        self.rounds += 1

    def pct(self, q):
        return percentile(self.buckets, self.overflows, self.max, q)


def main(raw: Path, out: Path, seconds: float, intro: str, cpus: str):
    pools = {}
    for f in sorted(raw.iterdir()):
        if f.is_dir() or f.suffix != ".hist":
            continue
        condition, _round, tool, _ = f.name.split(".")
        p = pools.setdefault((condition, tool), Pool())
        p.add_hist(f)
        if tool == "cyclictest":
            el, user, system = (float(x) for x in f.with_suffix(".time").read_text().split()[-3:])
            p.cpu.append(100.0 * (user + system) / seconds)
            continue
        d = json.loads(f.with_suffix(".json").read_text())
        p.cpu.append(d["cpuPercent"])
        p.thread_cpu.append(d["tickThreadCpuPercent"])
        p.missed += d["missedTicks"]
        p.alloc = max(p.alloc, d["allocatedBytes"])
        p.dahdi_worst.append(d["summary"]["worst"])
        if d.get("redundancy"):
            r = d["redundancy"]
            p.handoffs += r["handoffs"]
            p.not_usual += r["notUsualDeliveries"]
            p.shares.append([t["tickSharePercent"] for t in r["threads"]])
    conditions = sorted({c for c, _ in pools})
    mean = lambda xs: sum(xs) / len(xs) if xs else float("nan")
    lines = [intro, "",
             "Lateness of each wake-up after its deadline, in us. cyclictest: `cyclictest -m -p80 -i1000 -h 20000`",
             f"(unpinned); metronome: `metronome test --source S --priority 80` (SCHED_FIFO 80, mlockall, cpu_dma_latency 0),",
             f"unpinned, and the redundant form `--cpu {cpus}`: one tick thread pinned per CPU, the primary sleeping to each",
             "deadline and the standby the default standby delay longer, whichever wakes first delivering. Tools alternate",
             "within each round so host drift hits all alike; rounds are pooled into one histogram per tool.",
             "\"> 1 ms late\" = wake-ups 1000 us or more late, summed over the rounds (per round in brackets); missed ticks",
             "(deadlines a late wake-up passed, which cyclictest skips silently) are counted separately. CPU % is of one",
             "core: cyclictest's whole process; metronome's tick threads together (whole process in brackets).", ""]
    pooled = {}
    for c in conditions:
        lines += [f"### {c}", "",
                  "| tool | rounds | p50 | p99 | p99.9 | p99.99 | max | > 1 ms late | missed ticks | CPU % | dahdi worst | ticks per CPU % | handoffs | not the usual thread |",
                  "|---|---|---:|---:|---:|---:|---:|---|---:|---|---:|---|---:|---:|"]
        for tool in TOOLS:
            p = pools.get((c, tool))
            if not p:
                continue
            pooled[(c, tool)] = p
            name = "cyclictest -m -p80 -i1000" if tool == "cyclictest" else \
                f"metronome {tool.replace('-redundant', '')}" + (f" --cpu {cpus}" if tool.endswith("redundant") else "")
            late = sum(p.late_per_round)
            cpu = f"{mean(p.cpu):.2f}" if tool == "cyclictest" else f"{mean(p.thread_cpu):.2f} ({mean(p.cpu):.2f})"
            shares = " / ".join(f"{mean([s[i] for s in p.shares]):.2f}" for i in range(len(p.shares[0]))) if p.shares else ""
            lines.append(f"| {name} | {p.rounds} | {p.pct(.5)} | {p.pct(.99)} | {p.pct(.999)} | {p.pct(.9999)} | {p.max} | "
                         f"{late} ({', '.join(map(str, p.late_per_round))}) | {'n/a' if tool == 'cyclictest' else p.missed} | {cpu} | "
                         f"{'n/a' if not p.dahdi_worst else f'{min(p.dahdi_worst):.3f}'} | {shares} | "
                         f"{p.handoffs if p.shares else ''} | {p.not_usual if p.shares else ''} |")
        lines.append("")

    # dahdi_test against metronome dahdi
    rows = []
    for d in sorted(raw.glob("dahdi.*")):
        _, c, name = d.name.split(".")
        text = (d / "dahdi_test.txt").read_text() if (d / "dahdi_test.txt").exists() else ""
        n = re.search(r"Results after (\d+) passes", text)
        s = re.search(r"Best: ([\d.]+)% -- Worst: ([\d.]+)% -- Average: ([\d.]+)%", text)
        server = (d / "server.txt").read_text() if (d / "server.txt").exists() else ""
        status = re.search(r"^Unmounted [^:]*: (.*)$", server, re.M)
        cpu = (d / "server-cpu.txt").read_text().strip() if (d / "server-cpu.txt").exists() else "n/a"
        args = f"--source nanosleep --cpu {cpus}" if name == "redundant" else "--source nanosleep"
        rows.append((c, name, f"| {c if c == 'idle' else 'stress-ng --cpu 2'} | `metronome dahdi {args}` | "
                              f"{n.group(1) if n else 'n/a'} | {s.group(1) if s else 'n/a'} | {s.group(2) if s else 'n/a'} | "
                              f"{s.group(3) if s else 'n/a'} | {cpu} | {status.group(1) if status else 'n/a'} |", s))
    if rows:
        lines += ["### dahdi_test -c against metronome dahdi", "",
                  "Debian's unmodified `dahdi_test` reads /dev/dahdi/pseudo served by `metronome dahdi` (SCHED_FIFO 80,",
                  "mlockall), each run in its own mount namespace with a private /dev. Server CPU: the keeper and its serving process together, % of one core.", "",
                  "| condition | server | passes | best % | worst % | average % | server CPU % | server at unmount |",
                  "|---|---|---:|---:|---:|---:|---:|---|"]
        lines += [r[2] for r in rows]
        lines.append("")

    lines += ["### Targets (issue 12)", "", "| target | measured | met |", "|---|---|---|"]

    def target(name, measured, ok):
        lines.append(f"| {name} | {measured} | {'yes' if ok else 'NO'} |")

    for c in conditions:
        cy = pooled.get((c, "cyclictest"))
        for src in ["nanosleep", "timerfd"]:
            red, one = pooled.get((c, f"{src}-redundant")), pooled.get((c, src))
            if not red:
                continue
            if cy:
                lr, lc = sum(red.late_per_round), sum(cy.late_per_round)
                target(f"{c}: {src} --cpu {cpus} ticks > 1 ms late <= 0.25 x cyclictest's", f"{lr} vs {lc}", lr <= 0.25 * lc)
                target(f"{c}: {src} --cpu {cpus} p99.99 <= 0.33 x cyclictest's", f"{red.pct(.9999)} vs {cy.pct(.9999)} us",
                       red.pct(.9999) <= 0.33 * cy.pct(.9999))
            if one:
                target(f"{c}: {src} --cpu {cpus} p99 <= 1.1 x one thread's", f"{red.pct(.99)} vs {one.pct(.99)} us",
                       red.pct(.99) <= 1.1 * one.pct(.99))
            target(f"{c}: {src} --cpu {cpus} tick threads <= 3% of one core", f"{mean(red.thread_cpu):.2f}%", mean(red.thread_cpu) <= 3.0)
            target(f"{c}: {src} --cpu {cpus} 0 bytes allocated on the tick path", f"{red.alloc} bytes", red.alloc == 0)
    for c, name, _, s in rows:
        if c == "stress" and name == "redundant":
            target(f"dahdi_test under stress-ng --cpu 2, metronome dahdi --cpu {cpus}: worst pass >= 99.98",
                   f"{s.group(2)}%" if s else "no result", bool(s) and float(s.group(2)) >= 99.98)
    out.write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]), float(sys.argv[3]), sys.argv[4], sys.argv[5])
