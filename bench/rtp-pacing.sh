#!/usr/bin/env bash
# 20 ms RTP pacing: samples/RtpPacer sends a G.711 stream to a receiver on 127.0.0.1 for SECONDS,
# paced by Metronome's Ticker (SCHED_OTHER, and SCHED_FIFO 80) and by .NET's System.Threading.Timer,
# PeriodicTimer, a Task.Delay loop and a Thread.Sleep loop, alternating, idle and under
# `stress-ng --cpu 2`. Writes bench/results/rtp-pacing.md. Needs root for the SCHED_FIFO row.
# SECONDS_PER_RUN=5 bash bench/rtp-pacing.sh   # a quick look
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
seconds="${SECONDS_PER_RUN:-60}"
source "$here/lib/common.sh"
need stress-ng stress-ng

pacer_dir="$root/artifacts/rtp-pacer"
dotnet publish "$root/samples/RtpPacer" -c Release -r linux-x64 -p:PublishAot=true -o "$pacer_dir" --nologo -v quiet >/dev/null
pacer="$pacer_dir/RtpPacer"

raw="$here/results/raw/rtp-pacing"
rm -rf "$raw" && mkdir -p "$raw"
stress_pid=""
cleanup() { [ -n "$stress_pid" ] && kill "$stress_pid" 2>/dev/null || true; }
trap cleanup EXIT
bench_begin

rows=("metronome --rt 80" "metronome" "threading-timer" "periodic-timer" "task-delay" "thread-sleep")
run_all() { # condition
  for row in "${rows[@]}"; do
    read -r name rest <<<"$row"
    echo "== $1: $row" >&2
    "$pacer" --pacer $name $rest --seconds "$seconds" | tail -1 | sed "s/^/condition=$1 /" >> "$raw/lines"
  done
}

run_all idle
stress-ng --cpu 2 --timeout $(( seconds * ${#rows[@]} + 60 ))s >/dev/null 2>&1 &
stress_pid=$!
sleep 2
run_all stress-ng-cpu-2
cleanup; stress_pid=""

out="$here/results/rtp-pacing.md"
{
  echo "${seconds} s per row. \`bash bench/rtp-pacing.sh\`: samples/RtpPacer (NativeAOT) sends 160-sample G.711 frames with RTP headers to"
  echo "a receiver thread on 127.0.0.1, which timestamps each arrival. Gap = time between consecutive arrivals;"
  echo "back-to-back = gaps under 0.1 ms (a burst); drift = media time sent (RTP timestamps) minus wall time,"
  echo "from the first second to the last (negative: the stream fell behind real time). Metronome's pacer sends"
  echo "1 + Missed frames per tick (it catches up); the .NET timers send one frame per callback."
  echo
  echo "| condition | pacer | thread | packets | median gap ms | p99 gap ms | max gap ms | back-to-back % | drift ms |"
  echo "|---|---|---|---|---|---|---|---|---|"
  while read -r line; do
    declare -A f=()
    for kv in $line; do f[${kv%%=*}]=${kv#*=}; done
    thread=$([ "${f[rt]}" = none ] && echo "SCHED_OTHER" || echo "SCHED_FIFO ${f[rt]}")
    [ "${f[pacer]}" = metronome ] || thread="(.NET's)"
    echo "| ${f[condition]} | ${f[pacer]} | $thread | ${f[packets]} | ${f[median_ms]} | ${f[p99_ms]} | ${f[max_ms]} | ${f[back_to_back_pct]} | ${f[drift_ms]} |"
    unset f
  done < "$raw/lines"
} > "$out.new"
publish "$out" "20 ms RTP pacing: Metronome's Ticker against .NET's timers"
