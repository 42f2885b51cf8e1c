#!/usr/bin/env bash
# How long should the standby tick thread wait? `metronome test --source nanosleep` on one thread and on
# --cpu 0,1 with --standby-us 0 (all race), 20, 50 and 100, alternating, ROUNDS x SECONDS_PER_RUN s;
# prints the header block (bench/lib/header.sh) and a Markdown table (pooled histograms, as bench/redundant.sh).
# Needs root (SCHED_FIFO, mlock).
#   ROUNDS=3 SECONDS_PER_RUN=15 bash bench/standby-sweep.sh
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
rounds="${ROUNDS:-3}"
seconds="${SECONDS_PER_RUN:-15}"
delays="${DELAYS:-0 20 50 100}"
source "$here/lib/common.sh"
raw="$here/results/raw/standby-sweep"
rm -rf "$raw" && mkdir -p "$raw"
bench_begin
for r in $(seq 1 "$rounds"); do
  for d in single $delays; do
    if [ "$d" = single ]; then args=(); else args=(--cpu 0,1 --standby-us "$d"); fi
    echo "== round $r: ${d}" >&2
    "$metronome" test --source nanosleep --priority 80 -D "$seconds" "${args[@]}" \
      --json "$raw/$d.$r.json" --histogram "$raw/$d.$r.hist" >/dev/null
  done
done
bench_header
echo
python3 - "$here/lib" "$raw" $delays <<'PY'
import glob, json, sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from redundant import Pool
raw = sys.argv[2]
print("| nanosleep | p50 | p99 | p99.9 | p99.99 | max | > 1 ms late | tick threads CPU % | standby's share of ticks % |")
print("|---|---:|---:|---:|---:|---:|---|---:|---|")
for d in ["single"] + sys.argv[3:]:
    p, cpu, share = Pool(), [], []
    for h in sorted(glob.glob(f"{raw}/{d}.*.hist")):
        p.add_hist(Path(h))
        j = json.load(open(h[:-5] + ".json"))
        cpu.append(j["tickThreadCpuPercent"])
        if j.get("redundancy"):
            share.append(j["redundancy"]["threads"][1]["tickSharePercent"])
    name = "one thread" if d == "single" else f"--cpu 0,1 --standby-us {d}"
    print(f"| {name} | {p.pct(.5)} | {p.pct(.99)} | {p.pct(.999)} | {p.pct(.9999)} | {p.max} | "
          f"{sum(p.late_per_round)} ({', '.join(map(str, p.late_per_round))}) | {sum(cpu) / len(cpu):.2f} | "
          f"{', '.join(f'{s:.2f}' for s in share)} |")
PY
