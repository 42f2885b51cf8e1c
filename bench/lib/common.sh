# Sourced by the bench scripts: refuse a busy machine (bench/lib/guard.sh), install the peers they need,
# build the native binary (METRONOME=path uses that binary instead). Sets $root (the repository) and
# $metronome (the binary). A bench then calls bench_begin just before it measures, and publish to write
# its table with the header block of bench/lib/header.sh.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source "$root/bench/lib/guard.sh"
source "$root/bench/lib/header.sh"
source "$root/bench/lib/proc.sh"
bench_guard

# need COMMAND PACKAGE...: installs the Debian packages of the commands that are missing.
need() {
  local missing=()
  while [ $# -ge 2 ]; do
    command -v "$1" >/dev/null || [ -x "$1" ] || missing+=("$2")
    shift 2
  done
  [ ${#missing[@]} -eq 0 ] || bash "$root/scripts/ensure-packages.sh" "${missing[@]}"
}

# publish OUT TITLE: makes OUT.new (the section's text and tables) this machine's section of OUT, under
# the header block, keeping the sections of other machine types and the hand-written reading that follows
# the "<!-- reading -->" marker (bench/lib/sections.py); then prints OUT.
publish() {
  local out="$1" title="$2"
  { bench_header; echo; cat "$out.new"; } | python3 "$root/bench/lib/sections.py" "$out" "$title"
  rm -f "$out.new"
  cat "$out"
}

if [ -n "${METRONOME:-}" ]; then
  metronome="$METRONOME"
else
  metronome="$root/artifacts/bin/metronome"
  bash "$root/build.sh" >/dev/null
fi
