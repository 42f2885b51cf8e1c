#!/usr/bin/env bash
# Every source and cyclictest side by side, idle, under our own load and under stress-ng:
#   metronome compare --with-cyclictest --rounds ROUNDS --duration SECONDS [--load ...]
# Writes the three tables to bench/results/under-load.md. The paragraph reading them is written by
# hand after a run (it interprets the figures); re-running replaces the tables and keeps a marker.
# Needs root (SCHED_FIFO, mlock). ROUNDS=1 SECONDS_PER_RUN=3 bash bench/under-load.sh for a quick look.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
rounds="${ROUNDS:-3}"
seconds="${SECONDS_PER_RUN:-10}"
source "$here/lib/common.sh"
need cyclictest rt-tests stress-ng stress-ng
out="$here/results/under-load.md"
bench_begin

run() { # title, extra args...
  local title="$1"; shift
  echo "== $title" >&2
  printf '### %s\n\n```\n$ metronome compare --with-cyclictest --rounds %s --duration %s %s\n' "$title" "$rounds" "$seconds" "$*"
  "$metronome" compare --with-cyclictest --rounds "$rounds" --duration "$seconds" "$@" 2>/dev/null
  printf '```\n\n'
}

{
  echo "Each table is one \`metronome compare\` run: every source and cyclictest alternate for ${rounds} rounds of"
  echo "${seconds} s, at SCHED_FIFO 80 with mlockall. CPU % is the tick thread's (cyclictest: its process)."
  echo
  run "idle"
  run "our load: cpu=2" --load cpu=2
  run "stress-ng --cpu 2 --vm 1 --io 1" --load "stress-ng --cpu 2 --vm 1 --io 1"
} > "$out.new"
publish "$out" "Under load"
