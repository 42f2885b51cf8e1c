#!/usr/bin/env bash
# A PBX's load on the timer: N concurrent calls of each of the three uses on real Asterisk.
#   sudo bash bench/pbx-load.sh [--quick] [--keep-going] ASTERISK_SRC
# Builds (once) or reuses the private Asterisk of bench/asterisk.sh (bench/lib/asterisk-common.sh, which
# also installs every package the bench needs), then for each use — conference (ConfBridges of 8
# Local-channel tones, each bridge's mix over RTP to the far end), playback (Playback of a long tone
# over RTP on every call), iax (every call over one IAX2 trunk, trunkfreq 20) — each condition (idle;
# stress-ng --cpu 2) and each timer of the PBX (res_timing_dahdi on its own `metronome dahdi`;
# res_timing_timerfd), N calls for N in NS, going up until a run fails (the knee):
#   two Asterisk instances on loopback, each in its own mount namespace (bench/lib/pbx-common.sh):
#   a places the calls on the timer under test, b (res_timing_timerfd) is the far end; once every
#   call is up, RUN_SECONDS of measurement: the streams a sends captured on loopback (tcpdump), the
#   CPU of both Asterisks and of `metronome dahdi` (/proc/PID/stat), FUSE requests by opcode (the
#   metrics endpoint's metronome_dahdi_requests_total when it has it, else the kernel's
#   fuse_request_send tracepoint for TRACE_SECONDS), `iax2 show stats`, the calls up at start and end.
# A run passes when every call came up and none dropped, at least MIN_WITHIN % of the stream intervals
# are within 20 ± 1 ms and the mean audio/wall is at least MIN_AUDIO (bench/lib/pbx_load.py).
# Writes bench/results/pbx-load.md (tables regenerated, the hand-written reading kept) and the raw
# files of each run to bench/results/raw/pbx-load/USE-TIMER-CONDITION-NN/ (the capture is deleted
# once analysed unless KEEP_PCAP=1). Needs root (FUSE mount, namespaces, tcpdump, tracefs).
#   --quick: NS="25 50", RUN_SECONDS=10; default NS="25 50 100 200 400", RUN_SECONDS=30.
#   --keep-going: run every N even after a failure.
#   --report (no ASTERISK_SRC): only regenerate bench/results/pbx-load.md from the runs in raw/, e.g.
#   with other MIN_WITHIN / MIN_AUDIO.
# Environment: NS, RUN_SECONDS, USES ("conference playback iax"), TIMERS ("dahdi timerfd"),
# CONDITIONS ("idle stress"), MIN_WITHIN (90), MIN_AUDIO (0.999), TRACE_SECONDS (5), SETTLE_SECONDS (3),
# MET_ARGS (extra `metronome dahdi` options), KEEP_PCAP; ports: RTP_A, RTP_B, IAX_A, IAX_B, METRICS_PORT.
# The tables cover every run found in results/raw/pbx-load, so a partial re-run keeps the others.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
usage() { echo "${1:+pbx-load: $1; }usage: bash bench/pbx-load.sh [--quick] [--keep-going] ASTERISK_SRC | --report" >&2; exit 2; }
quick=0 keep_going=0 report_only=0
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=1; shift ;;
    --keep-going) keep_going=1; shift ;;
    --report) report_only=1; shift ;;
    -h|--help) sed -n '2,/^set /{/^set /!p}' "$0"; exit 0 ;;
    -*) usage "unknown option $1" ;;
    *) break ;;
  esac
done
[ $# -eq $((1 - report_only)) ] || usage
[ "$(id -u)" = 0 ] || { echo "pbx-load: needs root (FUSE mount, unshare, tcpdump, tracefs)" >&2; exit 2; }
if [ $quick = 1 ]; then NS="${NS:-25 50}"; RUN_SECONDS="${RUN_SECONDS:-10}"
else NS="${NS:-25 50 100 200 400}"; RUN_SECONDS="${RUN_SECONDS:-30}"; fi
USES="${USES:-conference playback iax}"; TIMERS="${TIMERS:-dahdi timerfd}"; CONDITIONS="${CONDITIONS:-idle stress}"
MIN_WITHIN="${MIN_WITHIN:-90}"; MIN_AUDIO="${MIN_AUDIO:-0.999}"; TRACE_SECONDS="${TRACE_SECONDS:-5}"
SETTLE_SECONDS="${SETTLE_SECONDS:-3}"; MET_ARGS="${MET_ARGS:-}"
bad() { echo "pbx-load: $1" >&2; exit 2; }
for v in $NS; do [[ "$v" =~ ^[1-9][0-9]{0,3}$ ]] || bad "NS: '$v' is not a number of calls (1-9999)"; done
[ -n "$NS" ] || bad "NS is empty"
for v in RUN_SECONDS TRACE_SECONDS SETTLE_SECONDS; do [[ "${!v}" =~ ^[1-9][0-9]{0,4}$ ]] || bad "$v: '${!v}' is not a number of seconds"; done
for v in $USES; do [[ "$v" =~ ^(conference|playback|iax)$ ]] || bad "USES: '$v' is not conference, playback or iax"; done
for v in $TIMERS; do [[ "$v" =~ ^(dahdi|timerfd)$ ]] || bad "TIMERS: '$v' is not dahdi or timerfd"; done
for v in $CONDITIONS; do [[ "$v" =~ ^(idle|stress)$ ]] || bad "CONDITIONS: '$v' is not idle or stress"; done
[[ "$MIN_WITHIN" =~ ^[0-9]+(\.[0-9]+)?$ ]] || bad "MIN_WITHIN: '$MIN_WITHIN' is not a percentage"
[[ "$MIN_AUDIO" =~ ^[0-9]+(\.[0-9]+)?$ ]] || bad "MIN_AUDIO: '$MIN_AUDIO' is not a ratio"
[ "$TRACE_SECONDS" -le "$RUN_SECONDS" ] || TRACE_SECONDS="$RUN_SECONDS"

source "$here/lib/common.sh"
# After the guard: a busy machine is refused first, whatever the arguments.
[ $report_only = 1 ] || [ -f "$1/main/asterisk.c" ] || { echo "pbx-load: $1 is not an Asterisk source tree (no main/asterisk.c)" >&2; exit 2; }
source "$here/lib/pbx-common.sh"
raw="$here/results/raw/pbx-load"
if [ $report_only = 1 ]; then
  # What the runs were made with (written after them): when and at what load, asterisk_version and the durations.
  [ -f "$raw/settings.sh" ] || { echo "pbx-load: no runs to report in $raw" >&2; exit 1; }
  source "$raw/settings.sh"
else
  source "$here/lib/asterisk-common.sh"
  asterisk_build "$1"
  bench_begin
  mkdir -p "$raw"
  max_n=0; for v in $NS; do [ "$v" -gt "$max_n" ] && max_n=$v; done
  # Long enough for the slowest ramp (pbx_place_calls' bound), the settling and the run.
  pbx_tones "$raw/tones" $((60 + max_n + SETTLE_SECONDS + RUN_SECONDS + 30))
fi

# --- FUSE requests from the kernel's tracepoint, in a trace instance of our own ----------------------
tracefs=/sys/kernel/tracing mounted_tracefs=0 trace=""
cleanup() {
  set +e
  pbx_end
  [ -n "$trace" ] && { echo 0 > "$trace/events/fuse/fuse_request_send/enable"; rmdir "$trace"; }
  [ $mounted_tracefs = 1 ] && umount "$tracefs"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
trace_setup() {
  if [ ! -d "$tracefs/events" ] && mount -t tracefs nodev "$tracefs" 2>/dev/null; then mounted_tracefs=1; fi
  if [ -d "$tracefs/events/fuse/fuse_request_send" ] && mkdir "$tracefs/instances/pbx-load-$$" 2>/dev/null; then
    trace="$tracefs/instances/pbx-load-$$"
    echo 32768 > "$trace/buffer_size_kb"
  else
    echo "pbx-load: no fuse:fuse_request_send tracepoint here: FUSE requests only from the metrics endpoint" >&2
  fi
}
trace_start() {  # CONNECTION
  [ -n "$trace" ] || return 0
  echo 0 > "$trace/tracing_on"; echo > "$trace/trace"
  echo "connection == $1" > "$trace/events/fuse/fuse_request_send/filter"
  echo 1 > "$trace/events/fuse/fuse_request_send/enable"
  echo 1 > "$trace/tracing_on"
  trace_t0=$(date +%s.%N)
}
trace_stop() {  # stops recording; the events stay in the buffer for trace_collect
  [ -n "$trace" ] || return 0
  echo 0 > "$trace/tracing_on"
  trace_seconds=$(python3 -c "print($(date +%s.%N) - $trace_t0)")
  echo 0 > "$trace/events/fuse/fuse_request_send/enable"
}
trace_collect() {  # RUN_DIR: counted after the run, so that reading the buffer costs the run nothing
  [ -n "$trace" ] || return 0
  python3 "$here/lib/pbx_load.py" trace-count --trace "$trace/trace" --seconds "$trace_seconds" --out "$1/trace-counts.json"
  echo > "$trace/trace"
}

# --- one run -------------------------------------------------------------------------------------
run_one() {  # USE TIMER CONDITION N
  local use="$1" timer="$2" cond="$3" n="$4" conf=0 play=0 iax=0 load=0 filter snaplen dir metrics=""
  dir="$raw/$use-$timer-$cond-N$(printf %03d "$n")"
  rm -rf "$dir"; mkdir -p "$dir"
  case "$use" in conference) conf=$n ;; playback) play=$n ;; iax) iax=$n ;; esac
  [ "$cond" = stress ] && load=2
  echo "== $use, $timer, $cond, N=$n ($(date -u +%T), load $(cut -d' ' -f1 /proc/loadavg))" >&2
  {
    echo "use=$use"; echo "timer=$( [ "$timer" = dahdi ] && echo "metronome dahdi" || echo res_timing_timerfd)"
    echo "condition=$( [ "$cond" = stress ] && echo "stress-ng --cpu 2" || echo idle)"; echo "n=$n"
    echo "expect_calls=$n"; echo "trunkmtu=1240"
  } > "$dir/meta.txt"
  pbx_begin
  pbx_stress "$load"
  # shellcheck disable=SC2086
  if ! pbx_setup "$timer" "$conf" "$play" "$iax" "$dir/metronome.log" $MET_ARGS; then
    printf 'live_start=0\nlive_end=0\n' > "$dir/calls.txt"
  else
    pbx_cli a 'module show like timing' > "$dir/module-show.txt" || true
    if pbx_place_calls $((60 + n)); then
      sleep "$SETTLE_SECONDS"
      { echo "live_start=$(pbx_live_calls)"; echo "channels_a_start=$(pbx_channels a)"; echo "channels_b_start=$(pbx_channels b)"; } > "$dir/calls.txt"
      [ "$use" = iax ] && pbx_cli a 'iax2 show stats' > "$dir/iax-stats-start.txt"   # resets the counters
      if [ "$use" = iax ]; then filter="udp and src port $IAX_A and dst port $IAX_B"; snaplen=2048
      else filter="udp and dst portrange $RTP_B-$((RTP_B + 3999))"; snaplen=96; fi
      tcpdump -i lo -n -Z root -B 32768 -s "$snaplen" --time-stamp-precision=nano -w "$dir/capture.pcap" "$filter" 2> "$dir/tcpdump.txt" &
      local tcpdump_pid=$!
      pbx_extra_pids+=("$tcpdump_pid")
      for _ in $(seq 50); do grep -qs 'listening on' "$dir/tcpdump.txt" && break; sleep 0.1; done
      [ "$timer" = dahdi ] && metrics="http://127.0.0.1:$METRICS_PORT/metrics"
      local procs=("asterisk_a=${pbx_ast_pid[a]}" "asterisk_b=${pbx_ast_pid[b]}" "tcpdump=$tcpdump_pid" "metronome=$pbx_met_pid")
      python3 "$here/lib/pbx_load.py" snap --out "$dir/snap-start.json" ${metrics:+--metrics "$metrics"} "${procs[@]}"
      if [ "$timer" = dahdi ]; then trace_start "$(pbx_fuse_connection)"; sleep "$TRACE_SECONDS"; trace_stop
        sleep $((RUN_SECONDS - TRACE_SECONDS))
      else sleep "$RUN_SECONDS"; fi
      python3 "$here/lib/pbx_load.py" snap --out "$dir/snap-end.json" ${metrics:+--metrics "$metrics"} "${procs[@]}"
      [ "$timer" = dahdi ] && trace_collect "$dir"
      sleep 2   # tcpdump loses the ring's last, unfinished block when stopped: it must lie past the run
      kill -INT "$tcpdump_pid"; wait "$tcpdump_pid" || true
      [ "$use" = iax ] && pbx_cli a 'iax2 show stats' > "$dir/iax-stats-end.txt"
      { echo "live_end=$(pbx_live_calls)"; echo "channels_a_end=$(pbx_channels a)"; echo "channels_b_end=$(pbx_channels b)"; } >> "$dir/calls.txt"
    else
      { echo "live_start=$(pbx_live_calls)"; echo "live_end=0"; echo "channels_a_start=$(pbx_channels a)"; } > "$dir/calls.txt"
    fi
  fi
  cp -f "$pbx_work/a/log/messages" "$dir/a-messages.log" 2>/dev/null || true
  cp -f "$pbx_work/b/log/messages" "$dir/b-messages.log" 2>/dev/null || true
  cp -f "$pbx_work/a/console.txt" "$dir/a-console.txt" 2>/dev/null || true
  pbx_end
  local verdict
  verdict="$(python3 "$here/lib/pbx_load.py" analyse "$dir" --min-within "$MIN_WITHIN" --min-audio "$MIN_AUDIO")"
  [ "${KEEP_PCAP:-0}" = 1 ] || rm -f "$dir/capture.pcap"
  echo "   $verdict" >&2
  [ "$verdict" = pass ]
}

if [ $report_only = 0 ]; then
  trace_setup
  for use in $USES; do
    for cond in $CONDITIONS; do
      for timer in $TIMERS; do
        for n in $NS; do
          run_one "$use" "$timer" "$cond" "$n" && continue
          [ $keep_going = 1 ] || break
        done
      done
    done
  done
  for v in bench_started bench_load_before bench_limit bench_busy asterisk_version NS RUN_SECONDS SETTLE_SECONDS TRACE_SECONDS; do printf '%s=%q\n' "$v" "${!v}"; done > "$raw/settings.sh"
fi

# --- the report ----------------------------------------------------------------------------------
out="$here/results/pbx-load.md"
mapfile -t runs < <(find "$raw" -mindepth 1 -maxdepth 1 -type d -name '*-N[0-9]*' | sort)
start_line="$(cat "$raw"/*/metronome.log 2>/dev/null | grep -m1 '^Serving' || true)"
{
  echo "- Asterisk: \`$asterisk_version\` (bench/asterisk.sh's private build), not real-time; Metronome $(git -C "$root" rev-parse --short HEAD)"
  [ -n "$start_line" ] && echo "- \`metronome dahdi\`: \`$(echo "$start_line" | cut -c1-220)\`"
  echo "- Kernel $(uname -r), clocksource $(cat /sys/devices/system/clocksource/clocksource0/current_clocksource)"
  echo
  echo "Two Asterisk instances on loopback, each in its own mount namespace: **a** places N calls with the"
  echo "timer under test as its only timing module (res_timing_dahdi on \`metronome dahdi\`, or"
  echo "res_timing_timerfd), **b** (res_timing_timerfd) is the far end. $RUN_SECONDS s of measurement once every"
  echo "call is up (+ ${SETTLE_SECONDS} s). Streams are captured on loopback as a sends them. A run passes when all"
  echo "calls stay up, ≥ $MIN_WITHIN % of the intervals are within 20 ± 1 ms and audio/wall ≥ $MIN_AUDIO;"
  echo "each sweep goes up through N = $NS and stops at its first failure. CPU: % of one core over the"
  echo "run. FUSE requests: the metrics endpoint's counters, else the kernel tracepoint over ${TRACE_SECONDS} s."
  echo
  python3 "$here/lib/pbx_load.py" report "${runs[@]}" --min-within "$MIN_WITHIN" --min-audio "$MIN_AUDIO"
  if ! grep -q '<!-- reading -->' "$out" 2>/dev/null; then
    echo
    echo "<!-- reading -->"
    echo "### Reading"
    echo
    echo "(To be written by hand from the run above: where each use's knee is on each timer, what"
    echo "\`metronome dahdi\` costs per call against the pipe round trip, and how the timers compare idle and"
    echo "under \`stress-ng --cpu 2\`.)"
  fi
} > "$out.new"
publish "$out" "A PBX's load on the timer: N calls of each use on real Asterisk"
