#!/usr/bin/env bash
# refresh-docs.sh [FILE...]: regenerates every sample output in README.md and docs/*.md (or in the
# files given) from a real run, so that none can go stale unnoticed. A sample is the lines between
#   <!-- sample: COMMAND -->
#   <!-- /sample -->
# and becomes a code block of "$ COMMAND" and what COMMAND printed (stdout and stderr, as a terminal
# shows them, without colour). COMMAND runs with bash in the repository's top directory, `metronome`
# being the binary ./run.sh builds (it builds it first when it is missing or older than the sources).
# A command that fails stops the script and leaves that file as it was.
# Run as root, on a quiet machine: the samples show SCHED_FIFO runs, a FUSE mount and this host's timing.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
[ "$(id -u)" -eq 0 ] || { echo "refresh-docs.sh: run as root: the samples show real-time runs and a FUSE mount" >&2; exit 1; }
bash "$here/run.sh" --version >/dev/null
bash "$here/scripts/ensure-packages.sh" rt-tests   # cyclictest, compare's peer row

bin="$(mktemp -d)"
trap 'rm -rf "$bin"' EXIT
ln -s "$here/artifacts/bin/metronome" "$bin/metronome"
export PATH="$bin:$PATH"

# refresh FILE: rewrites FILE with each of its samples run again.
refresh() {
  local file="$1" out="$bin/out.md" line command output status inside=0
  : > "$out"
  while IFS= read -r line || [ -n "$line" ]; do
    if [ "$inside" -eq 1 ]; then
      [ "$line" = "<!-- /sample -->" ] || continue
      inside=0
    fi
    printf '%s\n' "$line" >> "$out"
    if [[ "$line" =~ ^'<!-- sample: '(.*)' -->'$ ]]; then
      command="${BASH_REMATCH[1]}"
      inside=1
      echo "refresh-docs.sh: ${file#"$here"/}: $command" >&2
      status=0
      output="$(cd "$here" && bash -c "$command" 2>&1 </dev/null)" || status=$?
      if [ "$status" -ne 0 ]; then
        printf '%s\n' "$output" >&2
        echo "refresh-docs.sh: '$command' exited $status; ${file#"$here"/} left as it was" >&2
        exit 1
      fi
      { echo '```'; printf '$ %s\n' "$command"; printf '%s\n' "$output"; echo '```'; } >> "$out"
    fi
  done < "$file"
  if [ "$inside" -eq 1 ]; then
    echo "refresh-docs.sh: ${file#"$here"/}: a sample has no <!-- /sample --> line" >&2
    exit 1
  fi
  cat "$out" > "$file"
}

files=("$@")
[ ${#files[@]} -gt 0 ] || files=("$here/README.md" "$here"/docs/*.md)
for file in "${files[@]}"; do
  file="$(realpath "$file")"
  if grep -q '^<!-- sample: ' "$file"; then refresh "$file"; fi
done
echo "refresh-docs.sh: samples regenerated; review them with git diff" >&2
