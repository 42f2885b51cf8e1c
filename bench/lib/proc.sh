#!/usr/bin/env bash
# Process figures from /proc for the benches (sourced by common.sh, and by the scripts that run in a namespace of their own).

# tree_ticks PID: CPU ticks (utime + stime) of a process and its live descendants: `metronome dahdi` is
# a keeper whose serving process does the work.
tree_ticks() {
  local pid="$1" total child
  total=$(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null) || { echo 0; return; }
  for child in $(cat /proc/"$pid"/task/*/children 2>/dev/null); do total=$(( total + $(tree_ticks "$child") )); done
  echo "$total"
}
