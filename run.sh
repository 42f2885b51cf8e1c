#!/usr/bin/env bash
# Runs `metronome` with the given arguments, building the native binary first when it is missing
# or older than the sources. Example: ./run.sh test -c 10
# Only sources and project files count (not bin/ and obj/, which `dotnet test` rewrites).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bin="$here/artifacts/bin/metronome"
changed() {
  find "$here/src" \( -name bin -o -name obj \) -prune -o -type f \
    \( -name '*.cs' -o -name '*.csproj' -o -name '*.props' -o -name '*.targets' -o -name '*.json' \) \
    -newer "$bin" -print -quit
  find "$here" -maxdepth 1 -name 'Directory.*.props' -newer "$bin" -print -quit
}
if [ ! -x "$bin" ]; then
  echo "building metronome (about 30 s, first run only)" >&2
  bash "$here/build.sh" >&2
elif [ -n "$(changed)" ]; then
  echo "building metronome (about 30 s): $(changed | head -1 | sed "s|^$here/||") changed since the last build" >&2
  bash "$here/build.sh" >&2
fi
exec "$bin" "$@"
