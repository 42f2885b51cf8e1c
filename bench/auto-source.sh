#!/usr/bin/env bash
# Which source should `auto` open: timerfd or nanosleep? The two, same priority and mlock, in the same
# run, alternating (the order flips every round), for ROUNDS rounds of SECONDS each, idle and under
# `metronome load --cpu 2`. Each round is one `metronome compare --sources A,B --json`.
# Writes bench/results/auto-source.md. Needs root (SCHED_FIFO, mlock).
# ROUNDS=2 SECONDS_PER_RUN=3 bash bench/auto-source.sh   # a quick look
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
rounds="${ROUNDS:-10}"
seconds="${SECONDS_PER_RUN:-20}"
source "$here/lib/common.sh"

raw="$here/results/raw/auto-source"
rm -rf "$raw" && mkdir -p "$raw"
bench_begin

for condition in idle cpu-2; do
  load=()
  [ "$condition" = idle ] || load=(--load cpu=2)
  for r in $(seq 1 "$rounds"); do
    if [ $((r % 2)) -eq 1 ]; then order=timerfd,nanosleep; else order=nanosleep,timerfd; fi
    echo "== $condition, round $r/$rounds: $order" >&2
    "$metronome" compare --sources "$order" --priority 80 -D "$seconds" "${load[@]}" --json > "$raw/$condition.$r.json"
  done
done

intro="${rounds} rounds x ${seconds} s per source and condition: \`metronome compare --sources A,B --priority 80 -D ${seconds} --json\` once a round, the order flipping every
round (SCHED_FIFO 80, mlockall, cpu_dma_latency 0 for both). Per source: the median over rounds of
p50/p99/p99.9, the largest max, missed ticks summed, the mean CPU of the tick thread, and in how many
rounds it had the lower p99 (a tie counts for neither)."
python3 "$here/lib/auto_source.py" "$raw" "$here/results/auto-source.md.new" "$intro"
publish "$here/results/auto-source.md" "auto: timerfd or nanosleep"
