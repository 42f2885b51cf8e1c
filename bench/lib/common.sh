# Sourced by the bench scripts: install the peers they need, build the native binary.
# Sets $root (the repository) and $metronome (the binary).
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
metronome="$root/artifacts/bin/metronome"

# need COMMAND PACKAGE...: installs the Debian packages of the commands that are missing.
need() {
  local missing=()
  while [ $# -ge 2 ]; do
    command -v "$1" >/dev/null || [ -x "$1" ] || missing+=("$2")
    shift 2
  done
  [ ${#missing[@]} -eq 0 ] || bash "$root/scripts/ensure-packages.sh" "${missing[@]}"
}

# publish OUT: moves OUT.new to OUT, keeping the hand-written reading that follows the
# "<!-- reading -->" marker of the previous OUT until it is rewritten; then prints OUT.
publish() {
  local out="$1"
  if [ -f "$out" ] && grep -q '<!-- reading -->' "$out"; then
    { echo; sed -n '/<!-- reading -->/,$p' "$out"; } >> "$out.new"
  fi
  mv "$out.new" "$out"
  cat "$out"
}

bash "$root/build.sh" >/dev/null
