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
  if [ ${#missing[@]} -gt 0 ]; then
    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
  fi
}

bash "$root/build.sh" >/dev/null
