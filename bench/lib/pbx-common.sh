# Sourced by bench/pbx-load.sh and bench/restart-under-calls.sh (after common.sh and asterisk-common.sh,
# with $asterisk_prefix, $metronome and $here set): two private Asterisk instances on loopback and the
# calls between them.
#   a  the PBX under test: its timing module is res_timing_dahdi on `metronome dahdi` (its own, in a
#      private mount namespace) or res_timing_timerfd; it places every call and sends every stream.
#   b  the far end: res_timing_timerfd in its own mount namespace; RTP sinks and the IAX2 answerer.
#      Its timer never paces what is measured: the streams are captured on loopback before b reads them.
# Each instance lives in a namespace held by a `sleep` (pbx_ns); everything in it is started with
# nsenter, so its processes stay children of the calling script. Every loop is bounded.
#
# The calls (a "call" is one voice stream that a's timer paces):
#   conference  N Local channel pairs, each playing its own tone (.ulaw, 8 tones) into ConfBridge
#               c<N/8>; one UnicastRTP leg per bridge sends the 20 ms mix to an RTP sink on b.
#               Channels on a: 2 per call + 3 per bridge (its RTP leg, ConfBridge's announcer pair).
#   playback    N UnicastRTP channels on a, each running Playback of a long tone to its own sink on b.
#   iax         N IAX2 calls from a to b over one trunk (trunk=yes, trunkfreq=20, Asterisk's default
#               trunkmtu 1240), a playing a tone on each, b answering and listening.

pbx_work=""            # the temporary directory of the instances' configuration and runtime files
declare -A pbx_ns_pid pbx_ast_pid
pbx_met_pid=""         # `metronome dahdi` of a
pbx_extra_pids=()      # stress-ng, tcpdump: stopped with the instances
RTP_A="${RTP_A:-20000}"; RTP_B="${RTP_B:-24000}"      # each instance's RTP port range: 4000 ports
IAX_A="${IAX_A:-14569}"; IAX_B="${IAX_B:-14570}"      # each instance's IAX2 port on 127.0.0.1
METRICS_PORT="${METRICS_PORT:-9612}"                  # `metronome dahdi --metrics 127.0.0.1:PORT`
HOLD_SECONDS="${HOLD_SECONDS:-3600}"                  # the upper bound of any one run
tone_freqs=(440 697 770 852 941 1033 1209 1319)       # none a multiple of 50 Hz

# pbx_tones DIR SECONDS: tone1..8.ulaw (raw G.711 u-law, 8 kHz: Playback sends it untranscoded), the
# directory the calls play from.
pbx_tones() {
  local dir="$1" seconds="$2" i
  pbx_tonedir="$dir"
  mkdir -p "$dir"
  for i in "${!tone_freqs[@]}"; do
    sox -n -r 8000 -c 1 -e u-law -t ul "$dir/tone$((i + 1)).ulaw" synth "$seconds" sine "${tone_freqs[$i]}" vol 0.2
  done
}

# pbx_begin: a fresh work directory; pbx_end stops everything pbx_* started and removes it.
pbx_begin() { pbx_work="$(mktemp -d /tmp/pbx.XXXXXX)"; }
pbx_end() {
  local name p
  for name in a b; do
    [ -n "${pbx_ast_pid[$name]:-}" ] || continue
    pbx_cli "$name" 'core stop now' >/dev/null 2>&1 || true
    for _ in $(seq 50); do kill -0 "${pbx_ast_pid[$name]}" 2>/dev/null || break; sleep 0.1; done
    pbx_reap "${pbx_ast_pid[$name]}" -KILL
    unset "pbx_ast_pid[$name]"
  done
  [ -z "$pbx_met_pid" ] || pbx_reap "$pbx_met_pid" -TERM
  pbx_met_pid=""
  for p in "${pbx_extra_pids[@]}"; do pbx_reap "$p" -TERM; done
  pbx_extra_pids=()
  for name in a b; do
    [ -n "${pbx_ns_pid[$name]:-}" ] || continue
    pbx_reap "${pbx_ns_pid[$name]}" -TERM
    unset "pbx_ns_pid[$name]"
  done
  [ -z "$pbx_work" ] || rm -rf "$pbx_work"
  pbx_work=""
}
# pbx_reap PID SIGNAL: signals one child of this script and waits for it (its status does not matter).
pbx_reap() { kill "$2" "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }

# pbx_ns NAME: a private mount namespace with its own /dev (bench/lib/private-dev.sh), held by a sleep.
pbx_ns() {
  local name="$1" dir="$pbx_work/$1"
  mkdir -p "$dir"
  unshare --mount --propagation private bash -c \
    'source "$1"; mkdir -p "$2/dev" && private_dev "$2/dev" && touch "$2/ns-ready" && exec sleep "$3"' _ "$here/lib/private-dev.sh" "$dir" "$HOLD_SECONDS" &
  pbx_ns_pid[$name]=$!
  for _ in $(seq 100); do [ -e "$dir/ns-ready" ] && return 0; sleep 0.1; done
  echo "pbx: the namespace of $name did not come up" >&2; return 1
}
pbx_in() { local name="$1"; shift; nsenter -t "${pbx_ns_pid[$name]}" -m -- "$@"; }

pbx_cli() { timeout 30 "$asterisk_prefix/sbin/asterisk" -C "$pbx_work/$1/etc/asterisk.conf" -rx "$2"; }

# pbx_metronome_start LOG [ARGS...]: `metronome dahdi` in a's namespace, its metrics on METRICS_PORT.
pbx_metronome_start() {
  local log="$1"; shift
  # nsenter (no fork for a mount namespace) execs the server: $! is the server's PID.
  nsenter -t "${pbx_ns_pid[a]}" -m -- "$metronome" dahdi --status-every 10 --metrics "127.0.0.1:$METRICS_PORT" "$@" >> "$log" 2>&1 &
  pbx_met_pid=$!
  for _ in $(seq 150); do
    pbx_in a test -e /dev/dahdi/timer && return 0
    kill -0 "$pbx_met_pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "pbx: metronome dahdi did not start:" >&2; tail -5 "$log" >&2; return 1
}

# pbx_fuse_connection: the FUSE connection id of a's /dev/dahdi, as the kernel's fuse tracepoints give it.
pbx_fuse_connection() {
  local majmin; majmin="$(pbx_in a stat -c '%Hd %Ld' /dev/dahdi)" || return 1
  set -- $majmin
  echo $(( ($1 << 20) | $2 ))
}

# pbx_config NAME TIMING: asterisk.conf, logger, modules (only one timing module), rtp, confbridge, iax.
pbx_config() {
  local name="$1" timing="$2" d="$pbx_work/$1" m rtp iax peer peer_iax
  if [ "$name" = a ]; then rtp=$RTP_A iax=$IAX_A peer=b peer_iax=$IAX_B; else rtp=$RTP_B iax=$IAX_B peer=a peer_iax=$IAX_A; fi
  asterisk_conf "$d" "$asterisk_prefix" "verbose = 0" "maxfiles = 16384"
  printf '[logfiles]\nmessages => notice,warning,error\n' > "$d/etc/logger.conf"
  {
    echo "[modules]"; echo "autoload = no"; echo "load => res_timing_$timing.so"
    for m in pbx_config res_clioriginate res_musiconhold bridge_softmix app_confbridge app_playback app_originate \
             func_global format_pcm format_wav codec_ulaw res_rtp_multicast res_rtp_asterisk chan_rtp res_crypto chan_iax2; do
      echo "load => $m.so"
    done
  } > "$d/etc/modules.conf"
  : > "$d/etc/musiconhold.conf"
  # strictrtp=no: b's sinks take the stream from whichever port a sends it.
  printf '[general]\nrtpstart=%s\nrtpend=%s\nstrictrtp=no\n' "$rtp" "$((rtp + 3999))" > "$d/etc/rtp.conf"
  asterisk_confbridge_conf > "$d/etc/confbridge.conf"
  # bindport before bindaddr: chan_iax2 binds with the port given so far.
  cat > "$d/etc/iax.conf" <<EOF
[general]
bindport = $iax
bindaddr = 127.0.0.1
disallow = all
allow = ulaw
trunkfreq = 20
jitterbuffer = no
calltokenoptional = 127.0.0.1/255.255.255.255
autokill = yes

[$peer]
type = friend
host = 127.0.0.1
port = $peer_iax
username = $name
context = bench
trunk = yes
requirecalltoken = no
disallow = all
allow = ulaw
EOF
}

# pbx_start NAME: Asterisk in NAME's namespace (config and dialplan written); waits until fully booted.
pbx_start() {
  local name="$1" d="$pbx_work/$1"
  nsenter -t "${pbx_ns_pid[$name]}" -m -- "$asterisk_prefix/sbin/asterisk" -C "$d/etc/asterisk.conf" -f -n < /dev/null > "$d/console.txt" 2>&1 &
  pbx_ast_pid[$name]=$!
  for _ in $(seq 150); do
    pbx_cli "$name" 'core waitfullybooted' >/dev/null 2>&1 && return 0
    kill -0 "${pbx_ast_pid[$name]}" 2>/dev/null || break
    sleep 0.2
  done
  echo "pbx: Asterisk $name did not start:" >&2; tail -20 "$d/console.txt" >&2; return 1
}

# pbx_dialplan_b SINKS: b's dialplan: `sinks` originates SINKS RTP sinks (each notes its port in a
# global, SINKPORT_<port>); `iax` answers and listens.
pbx_dialplan_b() {
  cat > "$pbx_work/b/etc/extensions.conf" <<EOF
[bench]
exten => sinks,1,Set(i=0)
 same => n(loop),GotoIf(\$[\${i} >= $1]?done)
 same => n,Originate(UnicastRTP/127.0.0.1:9/c(ulaw),exten,bench,sink,1)
 same => n,Set(i=\$[\${i} + 1])
 same => n,Goto(loop)
 same => n(done),Hangup()
exten => sink,1,Set(GLOBAL(SINKPORT_\${UNICASTRTP_LOCAL_PORT})=1)
 same => n,Wait($HOLD_SECONDS)
exten => iax,1,Answer()
 same => n,Wait($HOLD_SECONDS)
EOF
}

# pbx_sinks COUNT: originates COUNT sinks on b and prints their ports, one a line.
pbx_sinks() {
  local count="$1" got=0
  [ "$count" -gt 0 ] || return 0
  pbx_cli b "channel originate Local/sinks@bench application Wait $HOLD_SECONDS" >/dev/null
  for _ in $(seq $((50 + count / 2))); do
    got="$(pbx_cli b 'dialplan show globals' | grep -c '^ *SINKPORT_')" || true
    [ "$got" -ge "$count" ] && break
    sleep 0.5
  done
  [ "$got" -ge "$count" ] || { echo "pbx: only $got of $count RTP sinks came up on b" >&2; return 1; }
  pbx_cli b 'dialplan show globals' | sed -n 's/^ *SINKPORT_\([0-9]*\)=.*/\1/p'
}

# pbx_dialplan_a CONF PLAY IAX PORT...: a's dialplan. `gen` places CONF conference calls (in bridges of
# 8, each with one RTP leg to the next sink port), PLAY playback calls (one sink port each) and IAX
# calls; the ports are b's sinks, used in that order.
pbx_dialplan_a() {
  local conf="$1" play="$2" iax="$3" i p=0; shift 3
  local ports=("$@")
  {
    echo "[bench]"
    echo "exten => _c.,1,ConfBridge(\${EXTEN:1},bench_bridge,bench_user)"
    echo "exten => gen,1,NoOp()"
    for ((i = 0; i < conf; i++)); do
      if (( i % 8 == 0 )); then
        echo " same => n,Originate(UnicastRTP/127.0.0.1:${ports[$p]}/c(ulaw),exten,bench,c$((i / 8)),1)"; p=$((p + 1))
      fi
      echo " same => n,Originate(Local/c$((i / 8))@bench/n,app,Playback,$pbx_tonedir/tone$((i % 8 + 1)))"
    done
    for ((i = 0; i < play; i++)); do
      echo " same => n,Originate(UnicastRTP/127.0.0.1:${ports[$p]}/c(ulaw),app,Playback,$pbx_tonedir/tone$((i % 8 + 1)))"; p=$((p + 1))
    done
    for ((i = 0; i < iax; i++)); do
      echo " same => n,Originate(IAX2/b/iax,app,Playback,$pbx_tonedir/tone$((i % 8 + 1)))"
    done
    echo " same => n,Hangup()"
  } > "$pbx_work/a/etc/extensions.conf"
  pbx_expect_calls=$(( conf + play + iax ))
}

pbx_channels() { pbx_cli "$1" 'core show channels count' | sed -n 's/^\([0-9]*\) active channels\{0,1\}$/\1/p'; }
# pbx_live_calls: a's calls still up: every call has exactly one channel running Playback.
pbx_live_calls() { pbx_cli a 'core show channels concise' | awk -F'!' '$6 == "Playback"' | wc -l; }

# pbx_place_calls TIMEOUT: runs a's `gen` and waits (at most TIMEOUT s) until every call is up.
pbx_place_calls() {
  local timeout="$1" live=0 start=$SECONDS
  pbx_cli a "channel originate Local/gen@bench application Wait $HOLD_SECONDS" >/dev/null
  while [ $((SECONDS - start)) -lt "$timeout" ]; do
    live="$(pbx_live_calls)"
    [ "$live" -ge "$pbx_expect_calls" ] && return 0
    sleep 1
  done
  echo "pbx: $live of $pbx_expect_calls calls up after ${timeout} s" >&2
  return 1
}

# pbx_setup TIMING CONF PLAY IAX LOG [METRONOME ARGS...]: both instances up, b's sinks, a's dialplan;
# calls not placed yet. `metronome dahdi` runs in a's namespace when TIMING is dahdi.
pbx_setup() {
  local timing="$1" conf="$2" play="$3" iax="$4" log="$5" sinks; shift 5
  pbx_ns b && pbx_config b timerfd && pbx_dialplan_b $(( (conf + 7) / 8 + play )) && pbx_start b || return 1
  sinks="$(pbx_sinks $(( (conf + 7) / 8 + play )))" || return 1
  pbx_ns a && pbx_config a "$timing" || return 1
  # shellcheck disable=SC2086
  pbx_dialplan_a "$conf" "$play" "$iax" $sinks
  if [ "$timing" = dahdi ]; then pbx_metronome_start "$log" "$@" || return 1; fi
  pbx_start a
}

# pbx_stress N: stress-ng --cpu N for the rest of the run (N=0: nothing).
pbx_stress() {
  [ "$1" -gt 0 ] || return 0
  stress-ng --cpu "$1" --timeout "${HOLD_SECONDS}s" --quiet > /dev/null 2>&1 &
  pbx_extra_pids+=($!)
  sleep 2
}

