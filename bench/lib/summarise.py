#!/usr/bin/env python3
"""Turns the raw runs of bench/vs-cyclictest.sh into the Markdown tables of its section in bench/results/.

Percentiles of cyclictest come from its -h histogram with the rule Metronome uses: nearest rank,
reported as the 1 us bucket floor, overflows counted at the run's maximum. Rounds are pooled:
p50/p99/p99.9 are the median over rounds, max is the largest, missed ticks are summed.
"""
import json, math, statistics, sys
from pathlib import Path


def histogram(path: Path):
    """A cyclictest -h file (ours too, --histogram): 1 us buckets, overflows and the maximum."""
    buckets, overflows, maximum = {}, 0, 0
    for line in path.read_text().splitlines():
        parts = line.split()
        if len(parts) >= 2 and parts[0].isdigit() and parts[1].isdigit():
            buckets[int(parts[0])] = buckets.get(int(parts[0]), 0) + int(parts[1])
        elif line.startswith("# Max Latencies:"):
            maximum = int(parts[3])
        elif line.startswith("# Histogram Overflows:"):
            overflows = int(parts[3])
    return buckets, overflows, maximum


def percentile(buckets, overflows, maximum, q):
    """Nearest rank over 1 us buckets, the bucket floor; overflows count at the maximum."""
    rank = max(1, math.ceil(q * (sum(buckets.values()) + overflows) - 1e-9))
    seen = 0
    for b in sorted(buckets):
        seen += buckets[b]
        if seen >= rank:
            return b
    return maximum


def cyclictest_run(hist_path: Path, time_path: Path, seconds: float):
    buckets, overflows, maximum = histogram(hist_path)
    pct = lambda q: percentile(buckets, overflows, maximum, q)
    user, system = (float(x) for x in time_path.read_text().split()[-2:])
    return dict(p50=pct(0.5), p99=pct(0.99), p999=pct(0.999), max=maximum, missed=None,
                dahdi_avg=None, dahdi_worst=None, cpu=100.0 * (user + system) / seconds, alloc=None)


def metronome_run(json_path: Path):
    d = json.loads(json_path.read_text())
    lat = d["latency"]
    return dict(p50=lat["p50Ns"] // 1000, p99=lat["p99Ns"] // 1000, p999=lat["p999Ns"] // 1000,
                max=lat["maxNs"] // 1000, missed=d["missedTicks"], dahdi_avg=d["summary"]["average"],
                dahdi_worst=d["summary"]["worst"], cpu=d["cpuPercent"],
                alloc=d["allocatedBytes"] / max(1, d["wakeups"]))


def pool(runs):
    med = lambda k: statistics.median(r[k] for r in runs)
    some = lambda k: [r[k] for r in runs if r[k] is not None]
    return dict(p50=med("p50"), p99=med("p99"), p999=med("p999"), max=max(r["max"] for r in runs),
                missed=sum(some("missed")) if some("missed") else None,
                dahdi_avg=statistics.mean(some("dahdi_avg")) if some("dahdi_avg") else None,
                dahdi_worst=min(some("dahdi_worst")) if some("dahdi_worst") else None,
                cpu=statistics.mean(r["cpu"] for r in runs),
                alloc=max(some("alloc")) if some("alloc") else None, rounds=len(runs))


def fmt(v, spec):
    return "n/a" if v is None else format(v, spec)


def main(raw: Path, out: Path, seconds: float, intro: str):
    conditions, order = {}, []
    for f in sorted(raw.iterdir()):
        # names: <condition>.<round>.<tool>.{json|hist|time}
        condition, _round, tool, kind = f.name.split(".")
        if kind == "time":
            continue
        run = metronome_run(f) if kind == "json" else cyclictest_run(f, f.with_suffix(".time"), seconds)
        conditions.setdefault(condition, {}).setdefault(tool, []).append(run)
        if condition not in order:
            order.append(condition)
    tools = ["cyclictest", "nanosleep", "timerfd", "hybrid", "dotnet"]
    lines = [intro, ""]
    pooled = {}
    for condition in order:
        lines += [f"### {condition}", "",
                  "| tool | rounds | p50 us | p99 us | p99.9 us | max us | missed ticks | dahdi average | dahdi worst | CPU % of a core | bytes/tick |",
                  "|---|---|---|---|---|---|---|---|---|---|---|"]
        for tool in tools:
            if tool not in conditions[condition]:
                continue
            p = pool(conditions[condition][tool])
            pooled[(condition, tool)] = p
            name = "metronome " + tool if tool != "cyclictest" else "cyclictest -m -p80 -i1000"
            lines.append(f"| {name} | {p['rounds']} | {p['p50']:.0f} | {p['p99']:.0f} | {p['p999']:.0f} | {p['max']} | "
                         f"{fmt(p['missed'], 'd')} | {fmt(p['dahdi_avg'], '.4f')} | {fmt(p['dahdi_worst'], '.3f')} | "
                         f"{p['cpu']:.2f} | {fmt(p['alloc'], '.0f')} |")
        lines.append("")
    lines += ["### Targets (issue 2)", "", "| target | measured | met |", "|---|---|---|"]

    def target(name, measured, ok):
        lines.append(f"| {name} | {measured} | {'yes' if ok else 'NO'} |")

    for condition in order:
        c, n = pooled.get((condition, "cyclictest")), pooled.get((condition, "nanosleep"))
        if c and n:
            target(f"{condition}: nanosleep p99 <= 1.2 x cyclictest p99", f"{n['p99']:.0f} vs {c['p99']:.0f} us",
                   n["p99"] <= 1.2 * c["p99"])
    idle = order[0]
    if (h := pooled.get((idle, "hybrid"))):
        target(f"{idle}: hybrid p99 <= 5 us", f"{h['p99']:.0f} us", h["p99"] <= 5)
    for tool in ["timerfd", "nanosleep"]:
        if (t := pooled.get((idle, tool))):
            target(f"{idle}: {tool} dahdi average >= 99.99", f"{t['dahdi_avg']:.4f}", t["dahdi_avg"] >= 99.99)
            target(f"{idle}: {tool} <= 2% of one core", f"{t['cpu']:.2f}%", t["cpu"] <= 2.0)
    allocs = [p["alloc"] for (_, tool), p in pooled.items() if tool in ("nanosleep", "timerfd", "hybrid")]
    if allocs:
        target("0 bytes allocated per tick (nanosleep, timerfd, hybrid)", f"max {max(allocs):.0f} bytes/tick",
               max(allocs) == 0)
    out.write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]), float(sys.argv[3]), sys.argv[4])
