#!/usr/bin/env bash
# Runs `metronome` with the given arguments, building the native binary first (only the binary: not
# the NuGet packages, which `bash build.sh` adds) when it is missing or older than the sources.
# Example: ./run.sh test -c 10
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
# The time a first build takes was measured: about 2.5 minutes of CPU, nearly all of it the C# and
# native compiles; build.sh then says each step as it starts and how long it took.
if [ ! -x "$bin" ]; then
  echo "building metronome, first run only: restoring packages, then compiling and linking the native binary (about 2 minutes on two idle cores, more on a busy machine or with packages to download)" >&2
  bash "$here/build.sh" --binary >&2
elif [ -n "$(changed)" ]; then
  echo "building metronome: $(changed | head -1 | sed "s|^$here/||") changed since the last build; compiling and linking the native binary again (a minute or two)" >&2
  bash "$here/build.sh" --binary >&2
fi
exec "$bin" "$@"
