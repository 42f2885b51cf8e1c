#!/usr/bin/env bash
# What Asterisk does when `metronome dahdi` dies under live calls, and how it comes back:
#   sudo bash bench/restart-under-calls.sh [--quick] ASTERISK_SRC
# On the private Asterisk of bench/asterisk.sh (built or reused, packages installed by
# bench/lib/asterisk-common.sh), REPEATS times: two instances on loopback (bench/lib/pbx-common.sh),
# a on res_timing_dahdi on its own `metronome dahdi`, CALLS live calls (conference: bridges of 8
# Local-channel tones, each mix over RTP to b; the rest playback of a long tone over RTP to b); once
# every call is up, kill -9 of the serving process: the PID the server names in a line "serving
# process PID N" when it prints one (a keeper that outlives it), else `metronome dahdi` itself. Then:
#   - after OBSERVE_SECONDS: the calls still up (a channel running Playback per call), `core show
#     channels count`, the "Failed to acknowledge timer" lines Asterisk logged, whether `timing test`
#     works, whether Asterisk still answers its CLI;
#   - when `metronome dahdi` itself is gone, it is started again in the same namespace (no keeper);
#     else whatever serves next is waited for. Times from the kill and from the restart until
#     /dev/dahdi/timer is back and until `timing test` counts ticks again, and the calls then up.
# Writes bench/results/restart-under-calls.md (STOP=reload: reload-under-calls.md; the table
# regenerated, the hand-written reading kept) and each repetition's files to bench/results/raw/NAME/rN/. Needs root.
# A probe, `metronome dahdi-load` with PROBE_CHANNELS timer fds opened before the stop and driven
# through it (ping, poll, event, pong 50 times a second), counts the round trips that failed and the
# longest one: the gap the stop made, as a channel sees it.
#   --quick: REPEATS=1 CALLS=16. Environment: REPEATS (5), CALLS (50), OBSERVE_SECONDS (5),
#   SETTLE_SECONDS (5), RECOVER_SECONDS (30: the most waited for recovery), PROBE_CHANNELS (20), MET_ARGS,
#   STOP: kill (kill -9 of the serving process, the default) or reload (SIGHUP to `metronome dahdi`,
#   what `systemctl reload` and a .deb upgrade send: a new serving process takes over).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
usage() { echo "${1:+restart-under-calls: $1; }usage: bash bench/restart-under-calls.sh [--quick] ASTERISK_SRC" >&2; exit 2; }
quick=0
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=1; shift ;;
    -h|--help) sed -n '2,/^set /{/^set /!p}' "$0"; exit 0 ;;
    -*) usage "unknown option $1" ;;
    *) break ;;
  esac
done
[ $# -eq 1 ] || usage
[ "$(id -u)" = 0 ] || { echo "restart-under-calls: needs root (FUSE mount, unshare)" >&2; exit 2; }
if [ $quick = 1 ]; then REPEATS="${REPEATS:-1}"; CALLS="${CALLS:-16}"; else REPEATS="${REPEATS:-5}"; CALLS="${CALLS:-50}"; fi
OBSERVE_SECONDS="${OBSERVE_SECONDS:-5}"; SETTLE_SECONDS="${SETTLE_SECONDS:-5}"; RECOVER_SECONDS="${RECOVER_SECONDS:-30}"
MET_ARGS="${MET_ARGS:-}"; PROBE_CHANNELS="${PROBE_CHANNELS:-20}"; STOP="${STOP:-kill}"
case "$STOP" in kill|reload) ;; *) echo "restart-under-calls: STOP must be kill or reload (got '$STOP')" >&2; exit 2 ;; esac
for v in REPEATS CALLS OBSERVE_SECONDS SETTLE_SECONDS RECOVER_SECONDS PROBE_CHANNELS; do
  [[ "${!v}" =~ ^[1-9][0-9]{0,3}$ ]] || { echo "restart-under-calls: $v: '${!v}' is not a positive number" >&2; exit 2; }
done
[ "$CALLS" -ge 2 ] || { echo "restart-under-calls: CALLS must be at least 2 (conference and playback)" >&2; exit 2; }

source "$here/lib/common.sh"
# After the guard: a busy machine is refused first, whatever the arguments.
[ -f "$1/main/asterisk.c" ] || { echo "restart-under-calls: $1 is not an Asterisk source tree (no main/asterisk.c)" >&2; exit 2; }
source "$here/lib/asterisk-common.sh"
asterisk_build "$1"
source "$here/lib/pbx-common.sh"
bench_begin
trap 'set +e; pbx_end' EXIT
trap 'exit 130' INT TERM

name=$([ "$STOP" = reload ] && echo reload-under-calls || echo restart-under-calls)
raw="$here/results/raw/$name"
rm -rf "$raw"; mkdir -p "$raw"
# Half the calls in conferences (whole bridges of 8 when there are enough), the rest playback.
conf=$(( CALLS / 2 / 8 * 8 )); [ "$conf" -gt 0 ] || conf=$(( CALLS / 2 ))
play=$(( CALLS - conf ))
pbx_tones "$raw/tones" $((60 + CALLS + SETTLE_SECONDS + OBSERVE_SECONDS + RECOVER_SECONDS + 60))

now() { date +%s.%N; }
since() { python3 -c "print(f'{$2 - $1:.2f}')"; }
# timing_test FILE: `timing test` on a into FILE; true when it counted ticks.
timing_test() {
  pbx_cli a 'timing test' > "$1" 2>&1 || true
  grep -Eq 'we got [1-9][0-9]* timer ticks' "$1"
}
# serving_pid LOG: the serving process the server names, else `metronome dahdi` itself.
serving_pid() {
  local p; p="$(grep -o 'serving process PID [0-9]*' "$1" | tail -1 | grep -o '[0-9]*$' || true)"
  echo "${p:-$pbx_met_pid}"
}

for r in $(seq "$REPEATS"); do
  dir="$raw/r$r"; mkdir -p "$dir"
  echo "== repetition $r of $REPEATS: $CALLS calls ($conf conference, $play playback) ($(date -u +%T), load $(cut -d' ' -f1 /proc/loadavg))" >&2
  pbx_begin
  res="$dir/result.txt"
  echo "loadavg_start=$(cut -d' ' -f1 /proc/loadavg)" > "$res"
  # shellcheck disable=SC2086
  if ! pbx_setup dahdi "$conf" "$play" 0 "$dir/metronome.log" $MET_ARGS || ! pbx_place_calls $((60 + CALLS)); then
    echo "setup=failed" >> "$res"
    cp -f "$pbx_work/a/console.txt" "$dir/a-console.txt" 2>/dev/null || true
    pbx_end; continue
  fi
  sleep "$SETTLE_SECONDS"
  log="$pbx_work/a/log/messages"
  {
    echo "calls_before=$(pbx_live_calls)"; echo "channels_before=$(pbx_channels a)"
    timing_test "$dir/timing-before.txt" && echo "timing_before=works" || echo "timing_before=fails"
  } >> "$res"
  lines_before=$(wc -l < "$log")
  pbx_in a "$metronome" dahdi-load --channels "$PROBE_CHANNELS" --seconds $((OBSERVE_SECONDS + RECOVER_SECONDS / 3 + 3)) \
    --server-pid "$pbx_met_pid" > "$dir/probe.txt" 2>&1 &
  probe_pid=$!
  sleep 2
  if [ "$STOP" = reload ]; then
    victim="$pbx_met_pid"
    echo "killed=SIGHUP to $victim (metronome dahdi)" >> "$res"
    t_kill=$(now)
    kill -HUP "$victim"
  else
    victim="$(serving_pid "$dir/metronome.log")"
    echo "killed=$victim$([ "$victim" = "$pbx_met_pid" ] && echo ' (metronome dahdi)' || echo ' (serving process)')" >> "$res"
    # Our own child is disowned first, so that bash does not report its death on stderr.
    [ "$victim" = "$pbx_met_pid" ] && disown "$victim"
    t_kill=$(now)
    kill -9 "$victim"
  fi
  sleep "$OBSERVE_SECONDS"
  {
    echo "calls_after_kill=$(pbx_live_calls)"; echo "channels_after_kill=$(pbx_channels a)"
    echo "failed_ack=$(tail -n +"$((lines_before + 1))" "$log" | grep -c 'Failed to acknowledge timer' || true)"
    timing_test "$dir/timing-after-kill.txt" && echo "timing_after_kill=works" || echo "timing_after_kill=fails"
    pbx_cli a 'core show uptime' >/dev/null 2>&1 && echo "cli_after_kill=answers" || echo "cli_after_kill=no answer"
  } >> "$res"
  # No keeper: start the server again in a's namespace (it detaches the stale mount).
  t_restart=$t_kill
  if ! kill -0 "$pbx_met_pid" 2>/dev/null; then
    # Its metrics exporter (a child) ends at its parent's death, and frees the port the next server takes.
    for _ in $(seq 50); do [ -z "$(ss -Htln "sport = :$METRICS_PORT")" ] && break; sleep 0.1; done
    t_restart=$(now)
    # shellcheck disable=SC2086
    pbx_metronome_start "$dir/metronome.log" $MET_ARGS >/dev/null 2>&1 || true
    echo "restarted=by this script" >> "$res"
  else
    echo "restarted=by the server (metronome dahdi lived on)" >> "$res"
  fi
  device="" ticking=""
  # A server that lived on never took the device away: the probe's longest round trip is its gap.
  kill -0 "$pbx_met_pid" 2>/dev/null && [ "$t_restart" = "$t_kill" ] && RECOVER_LOOP=0 || RECOVER_LOOP=1
  while [ "$RECOVER_LOOP" = 1 ] && [ "$(since "$t_restart" "$(now)" | cut -d. -f1)" -lt "$RECOVER_SECONDS" ]; do
    [ -z "$device" ] && pbx_in a test -e /dev/dahdi/timer && device=$(now)
    if [ -n "$device" ] && timing_test "$dir/timing-recovered.txt"; then ticking=$(now); break; fi
    sleep 0.1
  done
  {
    if [ "$RECOVER_LOOP" = 1 ]; then
      echo "device_back_after_restart_s=${device:+$(since "$t_restart" "$device")}"
      echo "timing_back_after_restart_s=${ticking:+$(since "$t_restart" "$ticking")}"
      echo "timing_back_after_kill_s=${ticking:+$(since "$t_kill" "$ticking")}"
    else
      echo "device_back_after_restart_s=never gone"; echo "timing_back_after_restart_s=n/a"; echo "timing_back_after_kill_s=see the probe"
    fi
    echo "calls_after_recovery=$(pbx_live_calls)"; echo "channels_after_recovery=$(pbx_channels a)"
    echo "failed_ack_total=$(tail -n +"$((lines_before + 1))" "$log" | grep -c 'Failed to acknowledge timer' || true)"
    wait "$probe_pid" 2>/dev/null || true
    # The probe's step row: channels, round trips/s, done, p50, p99, max, errors, ...
    awk -v n="$PROBE_CHANNELS" '$1 == n && NF >= 9 { print "probe_done=" $3; print "probe_max=" $8 " " $9; print "probe_errors=" $10; exit }' "$dir/probe.txt"
    echo "loadavg_end=$(cut -d' ' -f1 /proc/loadavg)"
  } >> "$res"
  tail -n +"$((lines_before + 1))" "$log" > "$dir/a-messages-after-kill.log" || true
  # What Asterisk logged after the kill, by message (numbers and ids folded, so repeats of one message count once).
  sed -E 's/^\[[^]]*\] //; s/\[[0-9]+\](\[C-[0-9a-f]+\])?//; s/[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}/UUID/g; s/\b[0-9]+\b/N/g' "$dir/a-messages-after-kill.log" \
    | sort | uniq -c | sort -rn | head -8 > "$dir/logged-after-kill.txt" || true
  cp -f "$log" "$dir/a-messages.log" 2>/dev/null || true
  pbx_end
  sed 's/^/   /' "$res" >&2
done

# --- the report ----------------------------------------------------------------------------------
get() { sed -n "s/^$2=//p" "$1" | tail -1; }
out="$here/results/$name.md"
{
  echo "- Asterisk: \`$asterisk_version\` (bench/asterisk.sh's private build), res_timing_dahdi only; Metronome $(git -C "$root" rev-parse --short HEAD)"
  echo
  echo "$CALLS calls on Asterisk a ($conf in ConfBridges of 8 Local-channel tones, each mix over RTP to b;"
  echo "$play playbacks over RTP to b), $REPEATS times: $([ "$STOP" = reload ] && echo "SIGHUP to \`metronome dahdi\` (a reload)" || echo "kill -9 of the serving process") once every call was up"
  echo "for ${SETTLE_SECONDS} s, observed ${OBSERVE_SECONDS} s later; then the server started again (unless it came back by"
  echo "itself) and waited for, at most ${RECOVER_SECONDS} s. *Calls* are the channels running Playback (one per call)."
  echo
  echo "The probe: $PROBE_CHANNELS timer fds held open across the stop by \`metronome dahdi-load\`, each doing ping, poll, event and"
  echo "pong 50 times a second; its longest round trip is the gap a channel saw, its errors the calls that failed."
  echo
  echo "| run | load avg | calls before | stopped | after ${OBSERVE_SECONDS} s: calls / channels | \"Failed to acknowledge timer\" lines (then total) | \`timing test\` before / after stop | CLI after stop | restarted | /dev/dahdi/timer back, \`timing test\` ticking (s after restart) | ticking again (s after stop) | probe: round trips done, longest, errors | calls after recovery | calls dropped |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
  for res in "$raw"/r*/result.txt; do
    [ -f "$res" ] || continue
    run="$(basename "$(dirname "$res")")"
    if grep -q '^setup=failed' "$res"; then echo "| $run | $(get "$res" loadavg_start) | setup failed | | | | | | | | | | | |"; continue; fi
    before="$(get "$res" calls_before)" after="$(get "$res" calls_after_recovery)"
    echo "| $run | $(get "$res" loadavg_start) → $(get "$res" loadavg_end) | $before | $(get "$res" killed) |" \
      "$(get "$res" calls_after_kill) / $(get "$res" channels_after_kill) (of $(get "$res" channels_before)) |" \
      "$(get "$res" failed_ack) ($(get "$res" failed_ack_total)) | $(get "$res" timing_before) / $(get "$res" timing_after_kill) |" \
      "$(get "$res" cli_after_kill) | $(get "$res" restarted) |" \
      "$(get "$res" device_back_after_restart_s || true), $(get "$res" timing_back_after_restart_s) | $(get "$res" timing_back_after_kill_s) |" \
      "$(get "$res" probe_done), $(get "$res" probe_max), $(get "$res" probe_errors) |" \
      "$after | $((before - after)) |"
  done
  echo
  echo "What Asterisk logged from the kill until the end of each run, by message (numbers folded to N):"
  for f in "$raw"/r*/logged-after-kill.txt; do
    [ -f "$f" ] || continue
    echo; echo "- $(basename "$(dirname "$f")"):"; sed 's/^ *\([0-9]*\) \(.*\)/  - \1 × `\2`/' "$f"
  done
  if ! grep -q '<!-- reading -->' "$out" 2>/dev/null; then
    echo
    echo "<!-- reading -->"
    echo "### Reading"
    echo
    echo "(To be written by hand from the run above: what a kill -9 of the server did to the calls, and how"
    echo "long until new timers worked again.)"
  fi
} > "$out.new"
publish "$out" "\`metronome dahdi\` $([ "$STOP" = reload ] && echo reloaded || echo killed) under live calls"
