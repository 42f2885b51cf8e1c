#!/usr/bin/env bash
# Publishes the native (NativeAOT) `metronome` binary to artifacts/bin/metronome.
# Trim and AOT analysis warnings fail the build: the binary must be warning-free.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bash "$here/scripts/ensure-packages.sh" gcc zlib1g-dev
dotnet publish "$here/src/Metronome.Cli" -c Release -r linux-x64 -p:PublishAot=true \
  -p:TreatWarningsAsErrors=true -warnaserror -o "$here/artifacts/publish" --nologo -v quiet
mkdir -p "$here/artifacts/bin"
cp "$here/artifacts/publish/Metronome.Cli" "$here/artifacts/bin/metronome"
echo "built $here/artifacts/bin/metronome"
