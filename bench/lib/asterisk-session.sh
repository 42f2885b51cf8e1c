#!/usr/bin/env bash
# One Asterisk session of bench/asterisk.sh, run INSIDE a private mount namespace:
#   unshare --mount --propagation private bash bench/lib/asterisk-session.sh
# Settings come from the environment (bench/asterisk.sh sets them):
#   AST_PREFIX   the private Asterisk install        TIMING     dahdi | timerfd | pthread
#   METRONOME    the metronome binary (none: no server) MET_ARGS extra `metronome dahdi` options
#   LOAD         0, or N for stress-ng --cpu N       RUNS       timing test runs per rate
#   RT           1: Asterisk real-time (-p)
#   CONF_SECONDS conference length (0: no conference) TONES     directory of tone1..4.wav
#   FREQS        their frequencies (comma list)      PORT       UDP port of the RTP listener
#   OUT          where the session's files go         LIB        bench/lib
# /dev is replaced, in this namespace only (bench/lib/private-dev.sh), by a small tmpfs holding the few device nodes needed
# (bind-mounted) and an empty dahdi/ for `metronome dahdi`: res_timing_dahdi opens the fixed path
# /dev/dahdi/timer, and nobody else's /dev/dahdi (other tests, other benches) is seen or disturbed.
set -euo pipefail
mkdir -p "$OUT"
work="$(mktemp -d /tmp/ast-bench.XXXXXX)"
pids=()
cleanup() {
  set +e
  [ -n "${ast_pid:-}" ] && { "$AST_PREFIX/sbin/asterisk" -C "$work/etc/asterisk.conf" -rx 'core stop now' >/dev/null 2>&1; wait "$ast_pid"; }
  local p; for p in "${pids[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
  cp -f "$work"/log/messages "$OUT/asterisk.log" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

# --- a private /dev -----------------------------------------------------------------------------
source "$LIB/private-dev.sh"
mkdir -p "$work/dev"
private_dev "$work/dev"

loadavg() { cut -d' ' -f1 /proc/loadavg; }

# --- the tick source and the load ----------------------------------------------------------------
if [ "$TIMING" = dahdi ] && [ "$METRONOME" != none ]; then  # none: res_timing_dahdi without a server
  # shellcheck disable=SC2086
  "$METRONOME" dahdi $MET_ARGS --status-every 30 > "$OUT/metronome.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 100); do [ -e /dev/dahdi/timer ] && break; kill -0 "${pids[-1]}" 2>/dev/null || break; sleep 0.1; done
  [ -e /dev/dahdi/timer ] || { echo "metronome dahdi $MET_ARGS did not start:" >&2; cat "$OUT/metronome.log" >&2; exit 1; }
fi
if [ "$LOAD" != 0 ]; then
  stress-ng --cpu "$LOAD" --timeout "$(( 60 + 4 * RUNS + CONF_SECONDS + 60 ))s" --quiet > /dev/null 2>&1 &
  pids+=($!)
  sleep 2
fi

# --- a generated configuration -------------------------------------------------------------------
source "$LIB/asterisk-common.sh"
mkdir -p "$work/rec"
asterisk_conf "$work" "$AST_PREFIX" "verbose = 3"
cat > "$work/etc/logger.conf" <<EOF
[logfiles]
messages => notice,warning,error,verbose
EOF
{
  echo "[modules]"
  echo "autoload = no"
  echo "load => res_timing_$TIMING.so"
  for m in pbx_config res_clioriginate res_musiconhold bridge_softmix app_confbridge app_playback app_originate \
           app_chanspy func_cut func_groupcount func_uri func_periodic_hook app_mixmonitor \
           format_wav format_pcm codec_ulaw res_rtp_multicast res_rtp_asterisk chan_rtp; do
    echo "load => $m.so"
  done
} > "$work/etc/modules.conf"
: > "$work/etc/musiconhold.conf"
printf '[general]\nrtpstart=9560\nrtpend=9599\n' > "$work/etc/rtp.conf"
record=""; [ "${RECORD:-yes}" = yes ] && record="$work/rec/mix.wav"
asterisk_confbridge_conf "$record" > "$work/etc/confbridge.conf"
{
  echo "[bench]"
  echo "exten => listen,1,ConfBridge(bench,bench_bridge,bench_user)"
  i=0
  for _ in ${FREQS//,/ }; do i=$((i + 1)); echo "exten => tone$i,1,ConfBridge(bench,bench_bridge,bench_user)"; done
  echo "exten => start,1,Originate(UnicastRTP/127.0.0.1:$PORT/c(ulaw),exten,bench,listen,1)"
  i=0
  for _ in ${FREQS//,/ }; do i=$((i + 1)); echo " same => n,Originate(Local/tone$i@bench/n,app,Playback,$TONES/tone$i)"; done
  echo " same => n,Hangup()"
} > "$work/etc/extensions.conf"

# --- Asterisk ------------------------------------------------------------------------------------
ast=("$AST_PREFIX/sbin/asterisk" -C "$work/etc/asterisk.conf")
cli() { "${ast[@]}" -rx "$1"; }
rt=(); [ "${RT:-0}" = 1 ] && rt=(-p)
"${ast[@]}" -f -n "${rt[@]}" < /dev/null > "$OUT/asterisk.console" 2>&1 &
ast_pid=$!
for _ in $(seq 100); do cli 'core waitfullybooted' >/dev/null 2>&1 && break; kill -0 "$ast_pid" 2>/dev/null || break; sleep 0.2; done
cli 'core waitfullybooted' >/dev/null 2>&1 || { echo "Asterisk did not start:" >&2; cat "$OUT/asterisk.console" >&2; exit 1; }
cli 'core show version' > "$OUT/version.txt"
cli 'module show like timing' > "$OUT/module-show.txt"

# --- timing test ---------------------------------------------------------------------------------
for rate in 50 1000; do
  for r in $(seq "$RUNS"); do
    { echo "loadavg $(loadavg)"; cli "timing test $rate"; } > "$OUT/timing-$rate-$r.txt" 2>&1
  done
done

# --- the conference ------------------------------------------------------------------------------
if [ "$CONF_SECONDS" -gt 0 ]; then
  echo "loadavg $(loadavg)" > "$OUT/conference-load.txt"
  python3 "$LIB/asterisk_bench.py" capture --port "$PORT" --seconds "$CONF_SECONDS" --out "$OUT/rtp.bin" &
  cap_pid=$!
  sleep 0.5
  cli 'channel originate Local/start@bench application Wait 5' > "$OUT/originate.txt" 2>&1
  wait "$cap_pid" || echo "RTP capture failed" >&2
  echo "loadavg $(loadavg)" >> "$OUT/conference-load.txt"
  cli 'confbridge list' > "$OUT/confbridge-list.txt" || true
  python3 -c 'import time; print(time.monotonic_ns())' > "$OUT/hangup-ns.txt"  # the recording's end
  cli 'channel request hangup all' > /dev/null || true
  for _ in $(seq 50); do [ -z "$(cli 'confbridge list' | grep -w bench)" ] && break; sleep 0.2; done
  sleep 1
  cp -f "$work/rec/mix.wav" "$OUT/mix.wav" 2>/dev/null || echo "no recording" >&2
fi
[ "$TIMING" = dahdi ] && [ "$METRONOME" != none ] && { kill -TERM "${pids[0]}"; wait "${pids[0]}" || true; pids=("${pids[@]:1}"); }
exit 0
