#!/usr/bin/env bash
# `metronome monitor` for a long run, as it runs in production: its cost (CPU % of one core, RSS after
# the first minute and at the end, GC count, bytes the tick thread allocated per tick, scrapes served;
# the ticking process and its metrics exporter, a process of its own, each measured),
# then whether heavy scraping delays ticks: a second run of the same length under 100 concurrent scrapes
# in a loop plus a slow client that never finishes its request, against the first run's 15 s scrapes
# (p99 and max lateness of both, from the monitor's own summary). Writes bench/results/monitor-soak.md.
# Needs root for SCHED_FIFO and mlockall. MINUTES=30 (the issue's figure) by default; LOAD_MINUTES for
# the control and scrape-storm runs (default MINUTES). METRONOME=path uses that binary instead of building one.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
minutes="${MINUTES:-30}"
load_minutes="${LOAD_MINUTES:-$minutes}"
port="${PORT:-9480}"
control_port=$(( port + 1 ))
if [ -n "${METRONOME:-}" ]; then root="$(cd "$here/.." && pwd)"; metronome="$METRONOME"; source <(sed -n '/^need()/,/^}/p;/^publish()/,/^}/p' "$here/lib/common.sh")
else source "$here/lib/common.sh"; fi
need curl curl
out="$here/results/monitor-soak.md"
raw="$here/results/raw"
mkdir -p "$raw"
url="http://127.0.0.1:$port/metrics"

pids=()
cleanup() { for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

metric() { grep -E "^$2 " "$1" | awk '{print $2}'; }
rss_kib() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# run NAME MINUTES MODE: one monitor run; MODE quiet (a scrape every 15 s), control (100 concurrent curls in a loop at another server) or storm (the same at us, plus a slow client).
run() {
  local name="$1" mins="$2" mode="$3" seconds=$(( $2 * 60 ))
  rm -f "$raw/soak-$name-stalls.jsonl"*
  "$metronome" monitor --listen "127.0.0.1:$port" --duration "$seconds" --stall-log "$raw/soak-$name-stalls.jsonl" \
    > "$raw/soak-$name.txt" 2> "$raw/soak-$name-stderr.txt" &
  local pid=$!; pids+=("$pid")
  for _ in $(seq 100); do grep -q "metronome: monitoring" "$raw/soak-$name-stderr.txt" 2>/dev/null && break; sleep 0.1; done
  local exporter=""
  for _ in $(seq 100); do exporter=$(pgrep -P "$pid" -f metrics-exporter || true); [ -n "$exporter" ] && break; sleep 0.1; done
  local t0; t0=$(date +%s.%N); local c0; c0=$(cpu_ticks "$pid"); local e0; e0=$(cpu_ticks "$exporter")
  local helper=""
  if [ "$mode" = control ]; then
    # The same client load (100 concurrent curls in a loop), aimed at another server on loopback: what
    # the clients' own CPU load does to the tick, without a single scrape of ours.
    local doc; doc=$(mktemp -d); curl -s -m 10 "$url" > "$doc/metrics"
    python3 -m http.server "$control_port" --bind 127.0.0.1 --directory "$doc" >/dev/null 2>&1 &
    pids+=("$!")
    sleep 1
    ( while kill -0 "$pid" 2>/dev/null; do for _ in $(seq 100); do curl -s -m 5 -o /dev/null "http://127.0.0.1:$control_port/metrics" & done; wait; done ) &
    helper=$!; pids+=("$helper")
  elif [ "$mode" = storm ]; then
    ( exec 3<>"/dev/tcp/127.0.0.1/$port"; printf 'GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n' >&3; sleep "$seconds" ) &
    local slow=$!; pids+=("$slow")
    ( while kill -0 "$pid" 2>/dev/null; do for _ in $(seq 100); do curl -s -m 5 -o /dev/null "$url" & done; wait; done ) &
    helper=$!; pids+=("$helper")
  else
    ( while kill -0 "$pid" 2>/dev/null; do curl -s -m 5 -o /dev/null "$url"; sleep 15; done ) &
    helper=$!; pids+=("$helper")
  fi
  sleep 60
  rss_start=$(rss_kib "$pid")
  sleep $(( seconds - 75 ))
  curl -s -m 10 "$url" > "$raw/soak-$name-scrape.txt"
  rss_end=$(rss_kib "$pid")
  exporter_rss=$(rss_kib "$exporter")
  local elapsed; elapsed=$(python3 -c "print($(date +%s.%N) - $t0)")
  cpu=$(python3 -c "print(f'{100 * ($(cpu_ticks "$pid") - $c0) / $(getconf CLK_TCK) / $elapsed:.2f}')")
  exporter_cpu=$(python3 -c "print(f'{100 * ($(cpu_ticks "$exporter") - $e0) / $(getconf CLK_TCK) / $elapsed:.2f}')")
  wait "$pid" || true
  kill -TERM "$helper" 2>/dev/null || true
  local s="$raw/soak-$name-scrape.txt"
  gcs=$(( $(metric "$s" 'dotnet_collection_count_total\{generation="0"\}') + 0 ))
  scrapes=$(metric "$s" metronome_scrapes_total)
  summary=$(tail -1 "$raw/soak-$name.txt")
  ticks=$(sed -E 's/^([0-9]+) ticks.*/\1/' <<<"$summary")
  allocated=$(sed -E 's/.*allocated ([0-9]+) bytes.*/\1/' <<<"$summary")
  p99=$(sed -E 's/.*p99 ([0-9.]+) us.*/\1/' <<<"$summary")
  max=$(sed -E 's/.*max ([0-9.]+) us.*/\1/' <<<"$summary")
  stalls=$(sed -E 's/.*stalls: ([^;]*);.*/\1/' <<<"$summary")
  per_tick=$(python3 -c "print(f'{$allocated / max(1, $ticks):.4f}')")
  echo "| $name ($mins min) | $cpu | $exporter_cpu | $(( rss_start / 1024 )) MiB | $(( rss_end / 1024 )) MiB | $(( (rss_end - rss_start) )) KiB | $(( exporter_rss / 1024 )) MiB | $gcs | $allocated B ($per_tick B/tick) | $scrapes | $p99 | $max | $stalls |" >> "$out.new"
}

{
  echo "# \`metronome monitor\` soak"
  echo
  echo "Generated by \`bench/monitor-soak.sh\` on $(date -u +%Y-%m-%dT%H:%MZ), $(uname -r), $(nproc) vCPUs; default source, SCHED_FIFO 80."
  echo "Runs of $minutes min (quiet: a scrape every 15 s, as Prometheus) and $load_minutes min each: control (100 concurrent curls in a loop against"
  echo "another server on loopback, so the clients' load without our scrapes) and storm (the same 100 concurrent curls scraping us, plus a slow client)."
  echo
  echo "Columns without \"exporter\" are the ticking process's; its GCs are what the exporter reports for it (\`dotnet_collection_count_total\`)."
  echo
  echo "| run | CPU % of one core | exporter CPU % | RSS after 1 min | RSS at end | growth | exporter RSS at end | GCs | tick thread allocated | scrapes served | p99 µs | max µs | stalls |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|"
} > "$out.new"
run quiet "$minutes" quiet
run control "$load_minutes" control
run storm "$load_minutes" storm
publish "$out"
