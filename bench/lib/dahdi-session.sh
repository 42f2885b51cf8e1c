#!/usr/bin/env bash
# One `dahdi_test` run against `metronome dahdi` for bench/redundant.sh, run INSIDE a private mount
# namespace (unshare --mount --propagation private): /dev is replaced, in this namespace only, by a small
# tmpfs with the few device nodes needed and an empty dahdi/, so nobody else's /dev/dahdi is disturbed.
# Environment: METRONOME (binary), MET_ARGS (`metronome dahdi` options), SECONDS_RUN, OUT (directory).
set -euo pipefail
mkdir -p "$OUT"
# A copy of someone else's /dev/dahdi mount (taken with the namespace) would still be listed under the new
# /dev, and metronome dahdi refuses to serve where one is: detach it, in this namespace only.
umount -l /dev/dahdi 2>/dev/null || true
newdev="$(mktemp -d /tmp/dahdi-dev.XXXXXX)"
mount -t tmpfs -o mode=0755,size=1m tmpfs "$newdev"
for n in null zero full random urandom tty fuse cpu_dma_latency; do
  [ -e "/dev/$n" ] || continue
  touch "$newdev/$n"; mount --bind "/dev/$n" "$newdev/$n"
done
mkdir "$newdev/pts" "$newdev/shm" "$newdev/dahdi"
mount --rbind /dev/pts "$newdev/pts"; mount --rbind /dev/shm "$newdev/shm"
ln -s /proc/self/fd "$newdev/fd"
mount --move "$newdev" /dev

# shellcheck disable=SC2086
"$METRONOME" dahdi $MET_ARGS --status-every 3600 > "$OUT/server.txt" 2>&1 &
server=$!
started=$(date +%s.%N)
for _ in $(seq 100); do [ -e /dev/dahdi/pseudo ] && break; sleep 0.1; done
/usr/sbin/dahdi_test -c "$SECONDS_RUN" > "$OUT/dahdi_test.txt" 2>&1 || true
ticks=$(awk '{print $14 + $15}' "/proc/$server/stat")
python3 -c "print(f'{100 * $ticks / $(getconf CLK_TCK) / ($(date +%s.%N) - $started):.2f}')" > "$OUT/server-cpu.txt"
kill -TERM "$server"; wait "$server" || true
