#!/usr/bin/env bash
# install.sh: installs the `metronome` that build.sh built, with its man page (generated here from the
# binary's own help, scripts/manpage.sh), the systemd units, the monitoring files and the docs.
# The from-source install and the .deb (scripts/build-deb.sh) both go through it.
#
#   bash build.sh && sudo bash scripts/install.sh     # under /usr/local; units in /usr/local/lib/systemd/system
#   DESTDIR=stage PREFIX=/usr UNITDIR=/lib/systemd/system bash scripts/install.sh   # what build-deb.sh runs
#
# The units are installed, never enabled: a timing source is turned on deliberately
# (systemctl enable --now metronome-dahdi). Their ExecStart= is rewritten to $PREFIX/bin/metronome.
# Every deploy/*.service is installed, and deploy/prometheus/ and deploy/grafana/ when they exist.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
PREFIX="${PREFIX:-/usr/local}"
DESTDIR="${DESTDIR:-}"
UNITDIR="${UNITDIR:-$PREFIX/lib/systemd/system}"
DOCDIR="${DOCDIR:-$PREFIX/share/doc/metronome}"
binary="$root/artifacts/bin/metronome"
[ -x "$binary" ] || { echo "install.sh: $binary is missing: run 'bash build.sh' first" >&2; exit 1; }
bash "$here/ensure-packages.sh" help2man

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

install -D -m 0755 "$binary" "$DESTDIR$PREFIX/bin/metronome"

bash "$here/manpage.sh" "$binary" > "$work/metronome.1"
gzip -9n "$work/metronome.1"
install -D -m 0644 "$work/metronome.1.gz" "$DESTDIR$PREFIX/share/man/man1/metronome.1.gz"

install -d -m 0755 "$DESTDIR$UNITDIR"
for unit in "$root"/deploy/*.service; do
  sed -E "s#/usr(/local)?/bin/metronome#$PREFIX/bin/metronome#g" "$unit" > "$work/unit"
  install -m 0644 "$work/unit" "$DESTDIR$UNITDIR/$(basename "$unit")"
done

for dir in prometheus grafana; do
  [ -d "$root/deploy/$dir" ] || continue
  (cd "$root/deploy" && find "$dir" -type f -print0) | while IFS= read -r -d '' file; do
    install -D -m 0644 "$root/deploy/$file" "$DESTDIR$PREFIX/share/metronome/$file"
  done
done

# README.md links to docs/*.md: keep that layout so the links work where they are installed.
install -D -m 0644 "$root/README.md" "$DESTDIR$DOCDIR/README.md"
for doc in "$root"/docs/*.md; do
  install -D -m 0644 "$doc" "$DESTDIR$DOCDIR/docs/$(basename "$doc")"
done

[ -n "$DESTDIR" ] || echo "installed metronome $("$PREFIX/bin/metronome" --version) under $PREFIX; units in $UNITDIR (not enabled)"
