#!/usr/bin/env bash
# Runs `metronome` with the given arguments, building the native binary first when it is missing
# or older than the sources. Example: ./run.sh test -c 10
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bin="$here/artifacts/bin/metronome"
if [ ! -x "$bin" ] || [ -n "$(find "$here/src" "$here"/Directory.*.props -newer "$bin" -type f -print -quit)" ]; then
  bash "$here/build.sh" >&2
fi
exec "$bin" "$@"
