#!/usr/bin/env bash
# Publishes the native (NativeAOT) `metronome` binary to artifacts/bin/metronome, and packs the NuGet
# packages into artifacts/packages: the library (Metronome.Timing) and the CLI as a RID-specific
# NativeAOT dotnet tool (Metronome.Timing.Tool: a linux-x64 package and the package that points to it).
# Trim and AOT analysis warnings fail the build: the binary must be warning-free.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bash "$here/scripts/ensure-packages.sh" gcc zlib1g-dev
dotnet publish "$here/src/Metronome.Cli" -c Release -r linux-x64 -p:PublishAot=true \
  -p:TreatWarningsAsErrors=true -warnaserror -o "$here/artifacts/publish" --nologo -v quiet
mkdir -p "$here/artifacts/bin"
cp "$here/artifacts/publish/Metronome.Cli" "$here/artifacts/bin/metronome"
packages="$here/artifacts/packages"
rm -rf "$packages"
dotnet pack "$here/src/Metronome.Timing" -c Release -p:TreatWarningsAsErrors=true -warnaserror -o "$packages" --nologo -v quiet
dotnet pack "$here/src/Metronome.Cli" -c Release -r linux-x64 -p:MetronomePackTool=true -p:TreatWarningsAsErrors=true -warnaserror -o "$packages" --nologo -v quiet
dotnet pack "$here/src/Metronome.Cli" -c Release -p:MetronomePackTool=true -o "$packages" --nologo -v quiet
echo "built $here/artifacts/bin/metronome and the packages in $packages"
