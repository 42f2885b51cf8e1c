#!/usr/bin/env bash
# The real dahdi_test against `metronome dahdi`, once per tick source, idle and under
# `metronome load --cpu 2`; then dahdi_test and `metronome test --source dahdi` reading the same
# device at the same time, to show the two measurements agree. Writes bench/results/dahdi-test.md.
# Needs root (FUSE mount on /dev/dahdi, SCHED_FIFO). SECONDS_PER_RUN=5 bash bench/dahdi-test.sh for a quick look.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
seconds="${SECONDS_PER_RUN:-30}"
sources="${SOURCES:-timerfd nanosleep hybrid dotnet}"
source "$here/lib/common.sh"
dahdi_test="$(bash "$root/scripts/fetch-dahdi-test.sh")"   # Debian's, extracted, not installed
out="$here/results/dahdi-test.md"
raw="$here/results/raw"
mkdir -p "$raw"
bench_begin

server_pid=""
load_pid=""
cleanup() {
  [ -n "$load_pid" ] && kill -TERM "$load_pid" 2>/dev/null || true
  [ -n "$server_pid" ] && kill -TERM "$server_pid" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap cleanup EXIT

serve() { # source: starts metronome dahdi on /dev/dahdi and waits until the devices are there
  "$metronome" dahdi --source "$1" --status-every 3600 > "$raw/dahdi-server.txt" 2>&1 &
  server_pid=$!
  served_at=$(date +%s.%N)
  for _ in $(seq 100); do [ -e /dev/dahdi/pseudo ] && return; sleep 0.1; done
  echo "metronome dahdi did not mount:" >&2; cat "$raw/dahdi-server.txt" >&2; exit 1
}

unserve() { # stops the server (it unmounts and writes its final status line); sets server_cpu, % of one core
  local ticks; ticks=$(awk '{print $14 + $15}' "/proc/$server_pid/stat")
  server_cpu=$(python3 -c "import sys; print(f'{100 * $ticks / $(getconf CLK_TCK) / ($(date +%s.%N) - $served_at):.2f}')")
  kill -TERM "$server_pid"; wait "$server_pid" || true; server_pid=""
}

final_status() { # the server's status line at unmount, without the source
  sed -n 's/^Unmounted [^:]*: source [^,]*, //p' "$raw/dahdi-server.txt" | sed 's/\.$//'
}

summary() { # output in dahdi_test's format (its own or metronome test's) -> "passes | best | worst | average | cumulative"
  python3 - "$1" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
n = re.search(r"Results after (\d+) passes", text)
s = re.search(r"Best: ([\d.]+)% -- Worst: ([\d.]+)% -- Average: ([\d.]+)%", text)
c = re.search(r"Cumulative Accuracy \(not per pass\): ([\d.]+)", text)
print(" | ".join([n.group(1), s.group(1), s.group(2), s.group(3), c.group(1)]) if n and s and c else "no summary | | | |")
PY
}

row() { # source, condition, load args...
  local src="$1" condition="$2"; shift 2
  echo "== $src, $condition" >&2
  serve "$src"
  if [ $# -gt 0 ]; then "$metronome" load "$@" >/dev/null 2>&1 & load_pid=$!; sleep 1; fi
  "$dahdi_test" -c "$seconds" > "$raw/dahdi_test-$src-$condition.txt" 2>&1 || true
  if [ -n "$load_pid" ]; then kill -TERM "$load_pid"; wait "$load_pid" 2>/dev/null || true; load_pid=""; fi
  unserve
  echo "| $src | $condition | $(summary "$raw/dahdi_test-$src-$condition.txt") | $server_cpu | $(final_status) |"
}

{
  echo "Debian's unmodified \`dahdi_test -c $seconds\` reads /dev/dahdi/pseudo served by \`metronome dahdi --source S\`"
  echo "(SCHED_FIFO 80, mlockall). \"cpu=2\" runs \`metronome load --cpu 2\` (two spinning workers on this 2-vCPU guest)"
  echo "for the whole run. Server CPU is \`metronome dahdi\`'s whole process, % of one core, start to stop;"
  echo "the last column is the server's own count at unmount."
  echo "Target (idle, default source): average ≥ 99.99 and worst ≥ 99.95, dahdi_test's \"definite pass\"."
  echo
  echo "| source | condition | passes | best % | worst % | average % | cumulative % | server CPU % | server at unmount |"
  echo "|---|---|---:|---:|---:|---:|---:|---:|---|"
  for src in $sources; do
    row "$src" idle
    row "$src" "cpu=2" --cpu 2
  done
  echo
  echo "### The same device, the same minute: dahdi_test and \`metronome test --source dahdi\`"
  echo
  echo "Both read /dev/dahdi/pseudo (default source) at the same time for $seconds s; their averages must agree within 0.02."
  echo
  serve auto
  "$dahdi_test" -c "$seconds" > "$raw/dahdi_test-agreement.txt" 2>&1 &
  dt_pid=$!
  "$metronome" test --source dahdi -D "$seconds" > "$raw/metronome-agreement.txt" 2>&1 || true
  wait "$dt_pid" || true
  unserve
  IFS='|' read -r dt_passes _ _ dt_average _ <<< "$(summary "$raw/dahdi_test-agreement.txt")"
  IFS='|' read -r m_passes _ _ m_average _ <<< "$(summary "$raw/metronome-agreement.txt")"
  echo "| reader | passes | average % |"
  echo "|---|---:|---:|"
  echo "| dahdi_test | ${dt_passes// /} | ${dt_average// /} |"
  echo "| metronome test --source dahdi | ${m_passes// /} | ${m_average// /} |"
  echo "| difference | | $(python3 -c "import sys; a, b = sys.argv[1:]; print(f'{abs(float(a) - float(b)):.6f}' if a and b else 'n/a')" ${dt_average// /} ${m_average// /}) |"
} > "$out.new"
publish "$out" "dahdi_test against metronome dahdi"
