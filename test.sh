#!/usr/bin/env bash
# Every test: the NativeAOT build (zero trim/AOT warnings), the fast deterministic tests, then the
# integration tests (real timers, the NativeAOT binary as a process). Ends with one "N passed, N failed" line.
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT

bash scripts/ensure-packages.sh $(sed 's/#.*//' .ci/packages) || { echo "0 passed, 1 failed"; exit 1; }
bash build.sh || { echo "NativeAOT build failed"; echo "0 passed, 1 failed"; exit 1; }
bash scripts/fetch-dahdi-test.sh >/dev/null || { echo "cannot get dahdi_test"; echo "0 passed, 1 failed"; exit 1; }

status=0
for project in tests/Metronome.Tests tests/Metronome.IntegrationTests; do
  dotnet test "$project" -c Release --nologo 2>&1 | tee -a "$log" || status=1
done

# dotnet test prints "Passed!  - Failed: 0, Passed: 49, ..." per assembly; add them up.
passed=$(grep -Eo 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -Eo 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
assemblies=$(grep -Ec '(Passed|Failed)! +-' "$log")
if [ "$assemblies" -ne 2 ]; then
  echo "expected results from 2 test assemblies, got $assemblies"
  status=1
fi
[ "$failed" -eq 0 ] || status=1
echo "$passed passed, $failed failed"
exit $status
