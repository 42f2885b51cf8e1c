#!/usr/bin/env bash
# Unmodified Asterisk on Metronome's timer, and what a conference gets:
#   sudo bash bench/asterisk.sh [--quick] ASTERISK_SRC
# Builds a private Asterisk from the source tree ASTERISK_SRC under artifacts/asterisk/ (once per
# version or commit; bench/lib/asterisk-common.sh), then, for each timer — res_timing_dahdi on
# `metronome dahdi` (its default source; `--cpu 0,1` when this binary has redundant tick threads;
# `--source dotnet`, deliberately broken: it ticks in 4 ms bursts), res_timing_timerfd and
# res_timing_pthread — idle, under `stress-ng --cpu 2`, and under it with Asterisk real-time (-p),
# one Asterisk session with a generated configuration in a temporary directory (nothing in /etc),
# in its own mount namespace (bench/lib/asterisk-session.sh):
#   1. `module show like timing`, `timing test` and `timing test 1000`, RUNS times each;
#   2. a ConfBridge: the dialplan originates one RTP listener (UnicastRTP to 127.0.0.1:9550) and
#      four Local channels, each playing a sox-made sine of its own frequency; the bridge records
#      its mix; after CONF_SECONDS both the recording and the RTP stream are measured
#      (bench/lib/asterisk_bench.py: audio time against wall time, the mixing interval, and 20 ms
#      blocks where a tone is missing, jumps in phase, or is distorted).
# Writes bench/results/asterisk.md (tables regenerated, the hand-written reading kept) and the raw
# session files to bench/results/raw/asterisk/. Needs root (FUSE mount, namespaces, SCHED_FIFO).
#   --quick: 2 runs, 20 s conferences (8.5 minutes here); default: 5 runs, 65 s (about 20 minutes).
# RUNS=, CONF_SECONDS=, ONLY='label substring' and CONDITIONS='condition substring' override;
# the tables cover every session in results/raw/asterisk (a partial re-run keeps the others).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
quick=0
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=1; shift ;;
    -h|--help) sed -n '2,/^set /{/^set /!p}' "$0"; exit 0 ;;
    -*) echo "unknown option $1" >&2; exit 2 ;;
    *) break ;;
  esac
done
[ $# -eq 1 ] || { echo "usage: bash bench/asterisk.sh [--quick] ASTERISK_SRC" >&2; exit 2; }
[ "$(id -u)" = 0 ] || { echo "bench/asterisk.sh needs root (FUSE mount, unshare, SCHED_FIFO)" >&2; exit 2; }
if [ $quick = 1 ]; then runs="${RUNS:-2}"; conf="${CONF_SECONDS:-20}"; else runs="${RUNS:-5}"; conf="${CONF_SECONDS:-65}"; fi
source "$here/lib/common.sh"
need stress-ng stress-ng sox sox unshare util-linux python3 python3
source "$here/lib/asterisk-common.sh"
asterisk_build "$1"

raw="$here/results/raw/asterisk"
mkdir -p "$raw"
freqs="440,697,1033,1319"   # no multiple of 50 Hz: a lost or repeated 20 ms frame shifts the phase
rm -rf "$raw/tones"
# shellcheck disable=SC2086
asterisk_tones "$raw/tones" "$((conf + 30))" ${freqs//,/ }
bench_begin

# Redundant tick threads (`--cpu 0,1`) only when this binary's `metronome dahdi` takes a CPU list.
timers=("dahdi|metronome dahdi|" "dahdi|metronome dahdi --source dotnet (broken)|--source dotnet"
        "timerfd|res_timing_timerfd|" "pthread|res_timing_pthread|")
if "$metronome" dahdi --help 2>&1 | grep -- '--cpu' | grep -qiE 'list|first|redundan|several|,'; then
  timers=("${timers[0]}" "dahdi|metronome dahdi --cpu 0,1|--cpu 0,1" "${timers[@]:1}")
fi
# Conditions: name|stress-ng CPU workers|Asterisk real-time (-p: SCHED_RR, as `highpriority`).
conditions=("idle|0|0" "stress-ng --cpu 2|2|0" "stress-ng --cpu 2, asterisk -p|2|1")

# The sessions run are those ONLY (a label substring) and CONDITIONS (a condition substring) select;
# the tables cover every session found in results/raw/asterisk, so a partial re-run keeps the rest.
sessions=()
for t in "${timers[@]}"; do
  IFS='|' read -r timing label margs <<<"$t"
  for c in "${conditions[@]}"; do
    IFS='|' read -r condition load rt <<<"$c"
    dir="$raw/$(printf '%s' "$label-$condition" | tr -c 'A-Za-z0-9.-' '_' | tr -s _)"
    sessions+=("$dir")
    [ -z "${ONLY:-}" ] || [[ "$label" == *"$ONLY"* ]] || continue
    [ -z "${CONDITIONS:-}" ] || [[ "$condition" == *"$CONDITIONS"* ]] || continue
    rm -rf "$dir"; mkdir -p "$dir"
    printf 'label=%s\ncondition=%s\ntiming=%s\nmetronome_args=%s\n' "$label" "$condition" "$timing" "$margs" > "$dir/meta.txt"
    echo "== $label, $condition ($(date -u +%T))" >&2
    AST_PREFIX="$asterisk_prefix" TIMING="$timing" METRONOME="$metronome" MET_ARGS="$margs" LOAD="$load" RT="$rt" \
      RUNS="$runs" CONF_SECONDS="$conf" TONES="$raw/tones" FREQS="$freqs" PORT=9550 OUT="$dir" LIB="$here/lib" \
      unshare --mount --propagation private bash "$here/lib/asterisk-session.sh" \
      || echo "   session failed (see $dir)" >&2
  done
done

# res_timing_dahdi with no server: the module must decline to load, and Asterisk fall back to nothing.
dir="$raw/no-server"; label="res_timing_dahdi, no metronome dahdi"
sessions+=("$dir")
if { [ -z "${ONLY:-}" ] || [[ "$label" == *"$ONLY"* ]]; } && { [ -z "${CONDITIONS:-}" ] || [[ idle == *"$CONDITIONS"* ]]; }; then
  rm -rf "$dir"; mkdir -p "$dir"
  printf 'label=%s\ncondition=idle\ntiming=dahdi\n' "$label" > "$dir/meta.txt"
  echo "== res_timing_dahdi without a server ($(date -u +%T))" >&2
  AST_PREFIX="$asterisk_prefix" TIMING=dahdi METRONOME=none MET_ARGS= LOAD=0 RT=0 RUNS=1 CONF_SECONDS=0 \
    TONES="$raw/tones" FREQS="$freqs" PORT=9550 OUT="$dir" LIB="$here/lib" \
    unshare --mount --propagation private bash "$here/lib/asterisk-session.sh" || echo "   session failed (see $dir)" >&2
fi
existing=()
for d in "${sessions[@]}"; do [ -f "$d/meta.txt" ] && existing+=("$d"); done
sessions=("${existing[@]}")

out="$here/results/asterisk.md"
{
  echo "Asterisk: \`$asterisk_version\`, built by \`bench/asterisk.sh\` with only the modules it needs; run as root,"
  echo "not real-time (no \`-p\`) unless the condition says so. \`metronome dahdi\`: SCHED_FIFO 80, mlockall, its start line:"
  for d in "${sessions[@]}"; do
    if [ -s "$d/metronome.log" ]; then
      echo "- $(sed -n 's/^label=//p' "$d/meta.txt"): \`$(head -1 "$d/metronome.log" | cut -c1-200)\`"
    fi
  done | sort -u
  echo
  echo "${runs} runs of each \`timing test\`; conferences of ${conf} s with 4 participants (sines of ${freqs//,/, } Hz),"
  echo "the first 2 s and the last 1 s left out of the audio measures. The load average columns are the machine's"
  echo "1-minute load average during each run and conference."
  echo
  if [ -n "${ONLY:-}${CONDITIONS:-}" ]; then
    echo "A partial re-run (ONLY='${ONLY:-}', CONDITIONS='${CONDITIONS:-}'): the header above describes it; the other"
    echo "sessions' rows are from earlier runs."
    echo
  fi
  python3 "$here/lib/asterisk_bench.py" report "${sessions[@]}" --freqs "$freqs"
} > "$out.new"
publish "$out" "Asterisk on Metronome's timer"
