#!/usr/bin/env bash
# Metronome's sources against cyclictest, the same way on the same host in the same run:
# cyclictest -m -p80 -i1000 and `metronome test` (nanosleep, timerfd, hybrid, and the .NET baseline),
# same priority and mlock, run alternately for ROUNDS rounds of SECONDS each, idle and under
# `stress-ng --cpu 2`. Writes bench/results/vs-cyclictest.md. Needs root (SCHED_FIFO, mlock).
# ROUNDS=1 SECONDS_PER_RUN=5 bash bench/vs-cyclictest.sh   # a quick look
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
rounds="${ROUNDS:-3}"
seconds="${SECONDS_PER_RUN:-30}"
source "$here/lib/common.sh"
need cyclictest rt-tests stress-ng stress-ng /usr/bin/time time

raw="$here/results/raw/vs-cyclictest"
rm -rf "$raw" && mkdir -p "$raw"
stress_pid=""
cleanup() { [ -n "$stress_pid" ] && kill "$stress_pid" 2>/dev/null || true; }
trap cleanup EXIT
bench_begin

run_round() { # condition round
  local c="$1" r="$2"
  echo "== $c, round $r: cyclictest" >&2
  /usr/bin/time -f "%e %U %S" -o "$raw/$c.$r.cyclictest.time" \
    cyclictest -m -p80 -i1000 -D "${seconds}s" -q -h 20000 --histfile="$raw/$c.$r.cyclictest.hist" >/dev/null
  for source in nanosleep timerfd hybrid dotnet; do
    echo "== $c, round $r: metronome $source" >&2
    "$metronome" test --source "$source" --priority 80 --duration "$seconds" --json "$raw/$c.$r.$source.json" >/dev/null
  done
}

for r in $(seq 1 "$rounds"); do run_round 1-idle "$r"; done
stress-ng --cpu 2 --timeout $(( rounds * seconds * 6 + 60 ))s >/dev/null 2>&1 &
stress_pid=$!
sleep 2
for r in $(seq 1 "$rounds"); do run_round 2-stress-ng-cpu-2 "$r"; done
cleanup; stress_pid=""

intro="${rounds} x ${seconds} s per tool and condition. Lateness of each wake-up after its deadline. cyclictest: \`cyclictest -m -p80 -i1000 -D${seconds}s -h 20000\`;
metronome: \`metronome test --source S --priority 80 --duration ${seconds}\` (SCHED_FIFO 80, mlockall,
cpu_dma_latency 0, as cyclictest). Tools alternate within each round so host drift hits all alike.
cyclictest does not count missed periods and has no dahdi score (n/a). CPU is the whole process's."
python3 "$here/lib/summarise.py" "$raw" "$here/results/vs-cyclictest.md.new" "$seconds" "$intro"
publish "$here/results/vs-cyclictest.md" "metronome test vs cyclictest"
