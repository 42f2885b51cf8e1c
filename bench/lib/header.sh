# Sourced by bench/lib/common.sh: the block every table starts its machine's section with, in one form that
# tests/Metronome.Tests/Bench reads back (bench/README.md describes it).
#   bench_machine   the machine type, "<hypervisor> guest, <clocksource> clocksource": a results file keeps
#                   one section per type, and a bench regenerates only the section of the machine at hand
#   bench_header    prints the section's heading, the Host:, Load average: (before: bench_begin's; after:
#                   now) and Date: lines, and the busy-machine stamp when BENCH_FORCE=1 overrode the guard

_bench_hypervisor() {
  local line
  if ! line="$(dmesg 2>/dev/null)"; then echo "hypervisor unknown (dmesg unreadable)"; return; fi
  line="$(grep -i -m1 -o 'hypervisor detected.*' <<<"$line" || true)"
  echo "${line:-no hypervisor line}"
}

_bench_clocksource() { cat /sys/devices/system/clocksource/clocksource0/current_clocksource; }

bench_machine() {
  local h; h="$(_bench_hypervisor)"
  case "$h" in
    [Hh]ypervisor\ detected:*) h="${h#*: } guest" ;;
  esac
  echo "$h, $(_bench_clocksource) clocksource"
}

bench_header() {
  [ -n "${bench_started:-}" ] || { echo "bench_header: bench_begin was not called" >&2; exit 1; }
  echo "## Machine: $(bench_machine)"
  echo
  echo "Host: $(_bench_hypervisor); clocksource $(_bench_clocksource); kernel $(uname -r); $(nproc) vCPU\\"
  echo "Load average: before $bench_load_before, after $(bench_load) (1 min; limit $bench_limit)\\"
  echo "Date: $bench_started to $(date -u +%Y-%m-%dT%H:%MZ) (UTC)"
  if [ -n "${bench_busy:-}" ]; then
    echo
    echo "**Measured on a busy machine** (BENCH_FORCE=1): $bench_busy. Compare the rows of this section with each other, not with other runs."
  fi
}
