#!/usr/bin/env python3
"""Turns the raw rounds of bench/auto-source.sh (one `metronome compare --json` each) into Markdown."""
import json, statistics, sys
from pathlib import Path

raw, out, intro = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
lines = [intro, ""]
for condition, label in (("idle", "idle"), ("cpu-2", "under `metronome load --cpu 2`")):
    rounds = sorted(raw.glob(f"{condition}.*.json"), key=lambda p: int(p.name.split(".")[1]))
    if not rounds:
        continue
    per = {}   # source -> list of rows
    wins = {}
    for path in rounds:
        rows = {r["name"]: r for r in json.loads(path.read_text())["comparison"]["rows"] if r.get("error") is None}
        for name, row in rows.items():
            per.setdefault(name, []).append(row)
        if len(rows) == 2:
            (a, ra), (b, rb) = rows.items()
            pa, pb = ra["p99Ns"] // 1000, rb["p99Ns"] // 1000
            if pa != pb:
                winner = a if pa < pb else b
                wins[winner] = wins.get(winner, 0) + 1
    lines += [f"### {label}, {len(rounds)} rounds", "",
              "| source | p50 us | p99 us | p99.9 us | max us | missed | dahdi avg | CPU % | rounds with the lower p99 | p99 of each round (us) |",
              "|---|---|---|---|---|---|---|---|---|---|"]
    for name in sorted(per):
        rs = per[name]
        med = lambda k: statistics.median(r[k] // 1000 for r in rs)
        avg = statistics.mean(r["dahdiAverage"] for r in rs if r.get("dahdiAverage") is not None)
        lines.append(f"| {name} | {med('p50Ns'):g} | {med('p99Ns'):g} | {med('p999Ns'):g} | {max(r['maxNs'] for r in rs) // 1000} | "
                     f"{sum(r['missedTicks'] for r in rs)} | {avg:.4f} | {statistics.mean(r['cpuPercent'] for r in rs):.2f} | "
                     f"{wins.get(name, 0)} of {len(rounds)} | {' '.join(str(r['p99Ns'] // 1000) for r in rs)} |")
    lines.append("")
out.write_text("\n".join(lines))
