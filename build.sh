#!/usr/bin/env bash
# Publishes the native (NativeAOT) `metronome` binary to artifacts/bin/metronome, and packs the NuGet
# packages into artifacts/packages: the library (Metronome.Timing) and the CLI as a RID-specific
# NativeAOT dotnet tool (Metronome.Timing.Tool: a linux-x64 package and the package that points to it).
# `--binary` stops after the binary (./run.sh needs nothing else). Each step says what it does and how
# long it took: the native compile is most of the time, and packing the tool compiles it once more.
# Trim and AOT analysis warnings fail the build: the binary must be warning-free.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
binary_only=false
[ "${1:-}" = "--binary" ] && binary_only=true

# step WHAT COMMAND...: runs COMMAND, saying what it does before and how long it took after.
step() {
  local what="$1" start=$SECONDS
  shift
  echo "build.sh: $what ..."
  "$@"
  echo "build.sh: $what: done in $((SECONDS - start)) s"
}

aot=(-c Release -r linux-x64 -p:PublishAot=true -p:TreatWarningsAsErrors=true -warnaserror --nologo -v quiet)
bash "$here/scripts/ensure-packages.sh" gcc zlib1g-dev
step "restoring NuGet packages" dotnet restore "$here/src/Metronome.Cli" -r linux-x64 -p:PublishAot=true --nologo -v quiet
step "compiling C# to IL" dotnet build "$here/src/Metronome.Cli" "${aot[@]}" --no-restore -clp:NoSummary
step "compiling IL to native code and linking (NativeAOT, the longest step)" \
  dotnet publish "$here/src/Metronome.Cli" "${aot[@]}" --no-build -o "$here/artifacts/publish"
mkdir -p "$here/artifacts/bin"
cp "$here/artifacts/publish/Metronome.Cli" "$here/artifacts/bin/metronome"
if $binary_only; then
  echo "built $here/artifacts/bin/metronome"
  exit 0
fi

packages="$here/artifacts/packages"
rm -rf "$packages"
step "packing the library" \
  dotnet pack "$here/src/Metronome.Timing" -c Release -p:TreatWarningsAsErrors=true -warnaserror -o "$packages" --nologo -v quiet
step "packing the dotnet tool (its native binary is compiled again)" \
  dotnet pack "$here/src/Metronome.Cli" -c Release -r linux-x64 -p:MetronomePackTool=true -p:TreatWarningsAsErrors=true -warnaserror -o "$packages" --nologo -v quiet
step "packing the dotnet tool's pointer package" \
  dotnet pack "$here/src/Metronome.Cli" -c Release -p:MetronomePackTool=true -o "$packages" --nologo -v quiet
echo "built $here/artifacts/bin/metronome and the packages in $packages"
