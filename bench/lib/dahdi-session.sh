#!/usr/bin/env bash
# One `dahdi_test` run against `metronome dahdi` for bench/redundant.sh, run INSIDE a private mount
# namespace (unshare --mount --propagation private): /dev is replaced, in this namespace only, by a small
# tmpfs with the few device nodes needed and an empty dahdi/, so nobody else's /dev/dahdi is disturbed.
# Environment: DAHDI_TEST (dahdi_test), METRONOME (binary), MET_ARGS (`metronome dahdi` options), SECONDS_RUN, OUT (directory).
set -euo pipefail
mkdir -p "$OUT"
source "$(dirname "${BASH_SOURCE[0]}")/private-dev.sh"
source "$(dirname "${BASH_SOURCE[0]}")/proc.sh"
private_dev "$(mktemp -d /tmp/dahdi-dev.XXXXXX)"

# shellcheck disable=SC2086
"$METRONOME" dahdi $MET_ARGS --status-every 3600 > "$OUT/server.txt" 2>&1 &
server=$!
started=$(date +%s.%N)
for _ in $(seq 100); do [ -e /dev/dahdi/pseudo ] && break; sleep 0.1; done
"$DAHDI_TEST" -c "$SECONDS_RUN" > "$OUT/dahdi_test.txt" 2>&1 || true
ticks=$(tree_ticks "$server") # the keeper and its serving process
python3 -c "print(f'{100 * $ticks / $(getconf CLK_TCK) / ($(date +%s.%N) - $started):.2f}')" > "$OUT/server-cpu.txt"
kill -TERM "$server"; wait "$server" || true
