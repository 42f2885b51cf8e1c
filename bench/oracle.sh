#!/usr/bin/env bash
# First-of-N against its own limit. The oracle: `metronome record-wakeups` runs one pinned SCHED_FIFO 80
# tick thread per CPU on the same deadlines, none handing over to another, and logs every wake-up; per
# tick the earliest wake-up across the threads is the best any hand-over could deliver (computed offline,
# bench/lib/oracle.py). Interleaved with it, ROUNDS rounds of SECONDS_PER_RUN s each, the order turning
# every round: cyclictest -m -p80 -i1000 (one thread), metronome test --source nanosleep (one thread),
# and the real hand-over, --source nanosleep --cpu CPUS and --source timerfd --cpu CPUS. Also counts the
# ticks every vCPU was stalled for at once. Writes this machine's section of bench/results/oracle.md.
# Needs root (SCHED_FIFO, mlock).
#   ROUNDS=1 SECONDS_PER_RUN=3 bash bench/oracle.sh   # a smoke run
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
rounds="${ROUNDS:-3}"
seconds="${SECONDS_PER_RUN:-40}"
cpus="${CPUS:-0,1}"
[ "$(id -u)" = 0 ] || { echo "bench/oracle.sh needs root (SCHED_FIFO, mlock)" >&2; exit 2; }
source "$here/lib/common.sh"
need cyclictest rt-tests /usr/bin/time time

# A private copy of the binary: a rebuild during the run must not change what is measured.
work="$(mktemp -d /tmp/oracle-bench.XXXXXX)"
cp "$metronome" "$work/metronome"
bin="$work/metronome"
raw="$here/results/raw/oracle"
rm -rf "$raw" && mkdir -p "$raw"
trap 'rm -rf "$work"' EXIT
bench_begin

run_tool() { # round tool
  local r="$1" tool="$2"
  echo "== round $r: $tool" >&2
  case "$tool" in
    oracle)
      /usr/bin/time -f "%e %U %S" -o "$raw/$r.oracle.time" \
        "$bin" record-wakeups --priority 80 --cpu "$cpus" --duration "$seconds" --output "$raw/$r.oracle.wakeups" >/dev/null ;;
    cyclictest)
      /usr/bin/time -f "%e %U %S" -o "$raw/$r.cyclictest.time" \
        cyclictest -m -p80 -i1000 -D "${seconds}s" -q -h 20000 --histfile="$raw/$r.cyclictest.hist" >/dev/null ;;
    *)
      local args=(--source "${tool%-cpu}")
      [ "$tool" = "${tool%-cpu}" ] || args+=(--cpu "$cpus")
      "$bin" test --priority 80 --duration "$seconds" "${args[@]}" \
        --json "$raw/$r.$tool.json" --histogram "$raw/$r.$tool.hist" >/dev/null ;;
  esac
}

tools=(oracle cyclictest nanosleep nanosleep-cpu timerfd-cpu)
for r in $(seq 1 "$rounds"); do
  for i in "${!tools[@]}"; do run_tool "$r" "${tools[$(( (i + r - 1) % ${#tools[@]} ))]}"; done
done

intro="${rounds} x ${seconds} s per tool, the tools taking turns (the order turning every round), all at SCHED_FIFO 80 with
mlockall. Lateness of each wake-up after its deadline, in us; \"> 1 ms late\" and \"> 20 ms late\" count wake-ups
(per round in brackets). The oracle and the recorder's threads: \`metronome record-wakeups --priority 80 --cpu ${cpus}\`,
one pinned thread per CPU on the same deadlines, every wake-up logged, no hand-over; the oracle delivers each tick
at the earliest of the threads' wake-ups for it (bench/lib/oracle.py). CPU is % of one core: the tick threads
together (metronome's whole process in brackets; cyclictest's whole process)."
python3 "$here/lib/oracle.py" "$raw" "$here/results/oracle.md.new" "$seconds" "$cpus" "$intro"
publish "$here/results/oracle.md" "First-of-N against its oracle"
