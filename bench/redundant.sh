#!/usr/bin/env bash
# The redundant tick (--cpu 0,1: one tick thread per CPU, the first to wake delivers) against one tick
# thread and against cyclictest, the same way on the same host in the same run:
#   cyclictest -m -p80 -i1000, metronome test --source nanosleep, --source nanosleep --cpu 0,1,
#   --source timerfd, --source timerfd --cpu 0,1
# alternating, ROUNDS rounds of SECONDS_PER_RUN s each, idle and under `stress-ng --cpu 2`; then the real
# `dahdi_test -c DAHDI_SECONDS` against `metronome dahdi` with and without --cpu 0,1, idle and under
# stress-ng, each in a private mount namespace with a private /dev (nobody else's /dev/dahdi is touched).
# Writes bench/results/redundant.md. Needs root (SCHED_FIFO, mlock, FUSE, unshare).
#   ROUNDS=1 SECONDS_PER_RUN=5 DAHDI_SECONDS=5 bash bench/redundant.sh   # a quick look (~2 min)
#   PARTS=dahdi bash bench/redundant.sh   # redo only the dahdi_test rows, keeping the timer runs
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
rounds="${ROUNDS:-3}"
seconds="${SECONDS_PER_RUN:-60}"
dahdi_seconds="${DAHDI_SECONDS:-30}"
parts="${PARTS:-timers dahdi}"
cpus="${CPUS:-0,1}"
[ "$(id -u)" = 0 ] || { echo "bench/redundant.sh needs root (SCHED_FIFO, FUSE, unshare)" >&2; exit 2; }
source "$here/lib/common.sh"
need cyclictest rt-tests stress-ng stress-ng /usr/bin/time time unshare util-linux
dahdi_test="$(bash "$root/scripts/fetch-dahdi-test.sh")"   # Debian's, extracted, not installed (the dahdi package pulls dahdi-dkms)

# A private copy of the binary: a rebuild during the run must not change what is measured.
work="$(mktemp -d /tmp/redundant-bench.XXXXXX)"
cp "$metronome" "$work/metronome"
bin="$work/metronome"
raw="$here/results/raw/redundant"
case " $parts " in *" timers "*) rm -rf "$raw" ;; *) rm -rf "$raw"/dahdi.* ;; esac
mkdir -p "$raw"
stress_pid=""
cleanup() { [ -n "$stress_pid" ] && kill "$stress_pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
bench_begin

metronome_run() { # condition round tool args...
  local c="$1" r="$2" tool="$3"; shift 3
  echo "== $c, round $r: metronome $tool" >&2
  "$bin" test --priority 80 --duration "$seconds" "$@" \
    --json "$raw/$c.$r.$tool.json" --histogram "$raw/$c.$r.$tool.hist" >/dev/null
}

run_round() { # condition round
  local c="$1" r="$2"
  echo "== $c, round $r: cyclictest" >&2
  /usr/bin/time -f "%e %U %S" -o "$raw/$c.$r.cyclictest.time" \
    cyclictest -m -p80 -i1000 -D "${seconds}s" -q -h 20000 --histfile="$raw/$c.$r.cyclictest.hist" >/dev/null
  metronome_run "$c" "$r" nanosleep --source nanosleep
  metronome_run "$c" "$r" nanosleep-redundant --source nanosleep --cpu "$cpus"
  metronome_run "$c" "$r" timerfd --source timerfd
  metronome_run "$c" "$r" timerfd-redundant --source timerfd --cpu "$cpus"
}

start_stress() { stress-ng --cpu 2 --timeout "$1"s >/dev/null 2>&1 & stress_pid=$!; sleep 2; }
stop_stress() { [ -n "$stress_pid" ] && { kill "$stress_pid" 2>/dev/null; wait "$stress_pid" 2>/dev/null || true; }; stress_pid=""; }

if [[ " $parts " == *" timers "* ]]; then
  for r in $(seq 1 "$rounds"); do run_round 1-idle "$r"; done
  start_stress $(( rounds * seconds * 6 + 60 ))
  for r in $(seq 1 "$rounds"); do run_round 2-stress-ng-cpu-2 "$r"; done
  stop_stress
fi

dahdi_row() { # condition name metronome-dahdi-args...
  local c="$1" name="$2"; shift 2
  echo "== dahdi_test, $c: metronome dahdi $*" >&2
  [ "$c" = stress ] && start_stress $(( dahdi_seconds + 30 ))
  DAHDI_TEST="$dahdi_test" METRONOME="$bin" MET_ARGS="$*" SECONDS_RUN="$dahdi_seconds" OUT="$raw/dahdi.$c.$name" \
    unshare --mount --propagation private bash "$here/lib/dahdi-session.sh" || echo "session failed" >&2
  stop_stress
}
if [[ " $parts " == *" dahdi "* ]]; then
  for c in idle stress; do
    dahdi_row "$c" single --source nanosleep
    dahdi_row "$c" redundant --source nanosleep --cpu "$cpus"
  done
fi

intro="${rounds} x ${seconds} s per tool and condition."
[ "$parts" = "timers dahdi" ] || intro="$intro A partial re-run (PARTS='$parts'): the header above describes it; the other rows are from an earlier run."
python3 "$here/lib/redundant.py" "$raw" "$here/results/redundant.md.new" "$seconds" "$intro" "$cpus"
publish "$here/results/redundant.md" "The redundant tick vs one tick thread vs cyclictest"
