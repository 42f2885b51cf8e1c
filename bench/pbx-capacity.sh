#!/usr/bin/env bash
# A PBX's load on `metronome dahdi` without the PBX: `metronome dahdi-load` drives N timer channels, each
# doing DAHDI_TIMERPING, poll(POLLPRI), DAHDI_GETEVENT and DAHDI_TIMERPONG 50 times a second (what
# res_timing_dahdi asks for every frame queued to a channel), for N in CHANNELS, against `metronome dahdi`
# with one request thread per CPU and with one, each measured with the same-run pipe
# round trip between two processes (the floor of any request served by another process). Writes
# bench/results/pbx-capacity.md. Needs root (FUSE mount, SCHED_FIFO).
#   SECONDS_PER_STEP=3 CHANNELS=1,50 bash bench/pbx-capacity.sh   # a quick look
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
seconds="${SECONDS_PER_STEP:-10}"
channels="${CHANNELS:-1,50,200,400}"
source "$here/lib/common.sh"

raw="$here/results/raw/pbx-capacity"
rm -rf "$raw" && mkdir -p "$raw"
mnt="$(mktemp -d /tmp/metronome-capacity.XXXXXX)"
server=""
cleanup() { [ -n "$server" ] && kill -TERM "$server" 2>/dev/null && wait "$server" 2>/dev/null; rmdir "$mnt" 2>/dev/null || true; }
trap cleanup EXIT
bench_begin

run() { # name metronome-dahdi-args...
  local name="$1"; shift
  echo "== $name: metronome dahdi $*" >&2
  "$metronome" dahdi --mount "$mnt" --status-every 3600 "$@" > "$raw/$name.server.txt" 2>&1 &
  server=$!
  for _ in $(seq 100); do [ -e "$mnt/timer" ] && grep -q 'serving process PID' "$raw/$name.server.txt" && break; sleep 0.1; done
  # The keeper holds the connection; its serving process does the work (dahdi-load also sums a tree).
  local serving; serving="$(grep -o 'serving process PID [0-9]*' "$raw/$name.server.txt" | grep -o '[0-9]*$' | head -1)"
  "$metronome" dahdi-load --device "$mnt/timer" --channels "$channels" --seconds "$seconds" --server-pid "${serving:-$server}" \
    --json "$raw/$name.json" | tee "$raw/$name.txt" >&2
  kill -TERM "$server"; wait "$server" || true; server=""
}

# One system call's own cost here, beside the pipe round trip: `dd` copying a byte at a time makes a read and
# a write per byte. The best of three runs of a million bytes, in ns per call.
syscall_ns() {
  local best="" n=1000000 s e ns
  for _ in 1 2 3; do
    s=$(date +%s%N); dd if=/dev/zero of=/dev/null bs=1 count=$n status=none; e=$(date +%s%N)
    ns=$(( (e - s) / (2 * n) )); [ -z "$best" ] || [ "$ns" -lt "$best" ] && best=$ns
  done
  echo "$best"
}
syscall="$(syscall_ns)"
echo "== a system call: $syscall ns" >&2

run per-cpu --request-threads "$(nproc)"
run one-thread --request-threads 1

intro="\`metronome dahdi-load --channels $channels --seconds $seconds\` against \`metronome dahdi\` (nanosleep source, SCHED_FIFO 80),
once with one request thread per CPU (\`--request-threads $(nproc)\`) and once with \`--request-threads 1\`. A round trip is
DAHDI_TIMERPING, poll for POLLPRI, DAHDI_GETEVENT (which must say TIMER_PING) and DAHDI_TIMERPONG: four FUSE
requests, asked 50 times a second per channel by a thread per channel. \"done\" counts round trips completed
in their 20 ms slot. Server CPU is the whole \`metronome dahdi\` process (tick thread included: about 1-2% of a
core alone). CPU per request = server CPU / (4 x round trips done); the pipe column is the same run's median
one-byte round trip between two processes (\`cat\` over two pipes). One system call on its own costs ${syscall} ns
here (\`dd bs=1\` from /dev/zero to /dev/null, best of three million-byte copies: a read and a write per byte)."
python3 "$here/lib/pbx_capacity.py" "$raw" "$here/results/pbx-capacity.md.new" "$intro"
publish "$here/results/pbx-capacity.md" "metronome dahdi under a PBX's channels (dahdi-load)"
