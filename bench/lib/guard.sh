# Sourced by bench/lib/common.sh: a bench measures only a quiet machine.
#   bench_guard    before the bench builds anything: refuses (one line on stderr, exit 1) while the machine
#                  is busy, and takes the bench lock, held until the bench and its children end
#   bench_begin    after the bench's own builds, just before it measures: waits (at most
#                  BENCH_SETTLE_SECONDS, default 180) for the load of those builds to fall back under the
#                  limit, refuses if the machine is still busy, and records the load and time the header
#                  block (bench/lib/header.sh) prints
# Busy: the 1-minute load average above BENCH_MAX_LOAD (default 1.0); another bench holding the lock
# BENCH_LOCK_FILE (default /run/metronome-bench.lock) or running as `bash .../bench/*.sh`; a build or test
# (dotnet build/test/publish/pack, a test host, cc1/ld, make, stress-ng); a busy MSBuild node, VBCSCompiler
# or Razor server (they linger idle after a build, so they count only when they used CPU over one second).
# The bench's own ancestors and children never count. BENCH_FORCE=1 measures anyway: the reasons are kept
# in $bench_busy and the header stamps the table "measured on a busy machine".
# Seams for the tests: BENCH_LOADAVG_FILE (default /proc/loadavg), BENCH_PROC_DIR (default /proc).

bench_limit="${BENCH_MAX_LOAD:-1.0}"
[[ "$bench_limit" =~ ^[0-9]+(\.[0-9]+)?$ ]] || { echo "bench: BENCH_MAX_LOAD must be a number, not '$bench_limit'" >&2; exit 2; }
bench_busy=""
bench_lock_held=0

# The 1-minute load average.
bench_load() { cut -d' ' -f1 "${BENCH_LOADAVG_FILE:-/proc/loadavg}"; }

_bench_over_limit() { awk -v l="$1" -v m="$bench_limit" 'BEGIN { exit !(l > m) }'; }

_bench_ppid() { # DIR PID: sets ppid (empty when PID is gone)
  local key value
  ppid=""
  while read -r key value; do [ "$key" = PPid: ] && { ppid="$value"; return; }; done < "$1/$2/status" 2>/dev/null || true
}

# _bench_related PID: true when PID is this bench's shell, one of its ancestors or one of its children.
_bench_related() {
  local p="$1" q=$$ ppid
  while [ -n "$q" ] && [ "$q" -gt 1 ]; do [ "$q" = "$p" ] && return 0; _bench_ppid /proc "$q"; q="$ppid"; done
  q="$p"
  while [ -n "$q" ] && [ "$q" -gt 1 ]; do [ "$q" = $$ ] && return 0; _bench_ppid "${BENCH_PROC_DIR:-/proc}" "$q"; q="$ppid"; done
  return 1
}

# _bench_kind ARGV...: sets kind to what a command line is, for the guard: "run LABEL" (busy while it
# exists), "idle LABEL" (busy only when it uses CPU) or nothing.
_bench_kind() {
  local exe="${1##*/}" a
  kind=""
  case "$exe" in
    cc1|cc1plus|collect2|ld|ld.bfd|ld.gold|ld.lld|make|gmake|csc|ilc|stress-ng|testhost) kind="run $exe"; return ;;
    VBCSCompiler|MSBuild) kind="idle $exe"; return ;;
    bash|sh) [[ "${2:-}" =~ (^|/)bench/(lib/)?[^/]+\.sh$ ]] && kind="run bench ${2##*/}"; return ;;
    dotnet) ;;
    *) return ;;
  esac
  case "${2:-}" in build|test|publish|pack|msbuild|restore|vstest) kind="run dotnet $2"; return ;; esac
  for a in "${@:2}"; do
    case "$a" in
      */VBCSCompiler.dll) kind="idle VBCSCompiler"; return ;;
      */rzc.dll) kind="idle Razor server"; return ;;
      */MSBuild.dll) kind="idle MSBuild"; return ;;
      */testhost.dll) kind="run test host"; return ;;
    esac
  done
}

_bench_cpu_ticks() { # utime + stime of DIR/PID/stat (the command name may hold spaces and parentheses)
  local s
  { read -r s; } 2>/dev/null < "$1/$2/stat" || return 0
  local rest=(${s##*) }); echo $(( rest[11] + rest[12] ))
}

# Prints the builds, tests and other benches running, "label (pid N M K and 2 more)" joined by ", ".
_bench_processes() {
  local proc="${BENCH_PROC_DIR:-/proc}" d pid kind label argv=()
  local -A found=() idle=() before=()
  for d in "$proc"/[0-9]*; do
    pid="${d##*/}"
    mapfile -d '' -t argv 2>/dev/null < "$d/cmdline" || continue
    [ ${#argv[@]} -gt 0 ] || continue
    _bench_kind "${argv[@]}"
    [ -n "$kind" ] || continue
    _bench_related "$pid" && continue
    label="${kind#* }"
    if [ "${kind%% *}" = idle ]; then idle[$pid]="$label"; before[$pid]="$(_bench_cpu_ticks "$proc" "$pid")"
    else found[$label]+=" $pid"; fi
  done
  if [ ${#idle[@]} -gt 0 ]; then
    sleep 1
    for pid in "${!idle[@]}"; do
      local after; after="$(_bench_cpu_ticks "$proc" "$pid")"
      [ -n "$after" ] && [ $(( after - ${before[$pid]:-after} )) -ge 2 ] && found[${idle[$pid]}]+=" $pid"
    done
  fi
  local out=()
  for label in "${!found[@]}"; do
    local pids=(${found[$label]})
    out+=("$label (pid ${pids[*]:0:3}$([ ${#pids[@]} -gt 3 ] && echo " and $(( ${#pids[@]} - 3 )) more"))")
  done
  [ ${#out[@]} -eq 0 ] || { local IFS=';'; printf '%s' "${out[*]}" | sed 's/;/, /g'; }
}

_bench_lock() { # takes the bench lock on fd 9 unless held; sets bench_lock_problem when another bench has it
  bench_lock_problem=""
  [ "$bench_lock_held" = 1 ] && return 0
  local lock="${BENCH_LOCK_FILE:-/run/metronome-bench.lock}"
  { exec 9>>"$lock"; } 2>/dev/null || { echo "bench: cannot open the bench lock $lock (run as root or set BENCH_LOCK_FILE)" >&2; exit 1; }
  if flock -n 9; then bench_lock_held=1
  else bench_lock_problem="another bench holds $lock"; exec 9>&-; fi
}

# Sets bench_reasons to why the machine is busy ("; "-joined, empty when quiet), bench_only_load to 1
# when the load average is the only reason, and bench_checked_load to the load average it judged.
_bench_check() {
  local reasons=() load procs
  load="$(bench_load)"
  bench_checked_load="$load"
  _bench_lock
  [ -n "$bench_lock_problem" ] && reasons+=("$bench_lock_problem")
  procs="$(_bench_processes)"; [ -n "$procs" ] && reasons+=("running: $procs")
  bench_only_load=0
  if _bench_over_limit "$load"; then
    [ ${#reasons[@]} -eq 0 ] && bench_only_load=1
    reasons=("load average $load > $bench_limit" "${reasons[@]}")
  fi
  bench_reasons=""
  local r; for r in "${reasons[@]}"; do bench_reasons+="${bench_reasons:+; }$r"; done
}

_bench_refuse_or_force() { # [say]: say it when BENCH_FORCE=1 overrides the guard
  [ -z "$bench_reasons" ] && return 0
  if [ "${BENCH_FORCE:-0}" = 1 ]; then
    bench_busy="$bench_reasons"
    [ -z "${1:-}" ] || echo "bench: BENCH_FORCE=1, measuring a busy machine ($bench_reasons); the table will say so" >&2
    return 0
  fi
  echo "bench: refusing to measure a busy machine: $bench_reasons (BENCH_FORCE=1 measures anyway and stamps the table)" >&2
  exit 1
}

bench_guard() {
  _bench_check
  _bench_refuse_or_force
}

bench_begin() {
  local settle="${BENCH_SETTLE_SECONDS:-180}" waited=0
  [[ "$settle" =~ ^[0-9]+$ ]] || { echo "bench: BENCH_SETTLE_SECONDS must be a whole number, not '$settle'" >&2; exit 2; }
  bench_busy=""
  _bench_check
  # The bench's own build raised the load: wait for it to decay, unless something else is busy too.
  while [ "${BENCH_FORCE:-0}" != 1 ] && [ "$bench_only_load" = 1 ] && [ "$waited" -lt "$settle" ]; do
    [ "$waited" = 0 ] && echo "bench: waiting up to ${settle} s for the load average ($(bench_load)) to fall to $bench_limit" >&2
    sleep 5; waited=$(( waited + 5 ))
    _bench_check
  done
  _bench_refuse_or_force say
  bench_load_before="$bench_checked_load"
  bench_started="$(date -u +%Y-%m-%dT%H:%MZ)"
}
