#!/usr/bin/env bash
# fetch-dahdi-test.sh: puts Debian's unmodified dahdi_test in a cache under artifacts/ and prints its
# path. The dahdi package is NOT installed: it depends on dahdi-linux, which depends on
# `dahdi-dkms | dahdi-source`, and apt picks dahdi-dkms (and dkms), which builds kernel DAHDI wherever
# kernel headers exist -- the very module `metronome dahdi` refuses to shadow. So: `apt-get download`
# the package and `dpkg-deb -x` it into artifacts/dahdi/root. dahdi_test needs only libc (checked
# here with ldd), which every Debian system has.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cache="$here/artifacts/dahdi"
bin="$cache/root/usr/sbin/dahdi_test"
if [ ! -x "$bin" ]; then
  mkdir -p "$cache"
  cd "$cache"
  rm -rf root ./*.deb
  if ! apt-get download dahdi >&2; then
    # Fresh machines have no package lists yet.
    [ "$(id -u)" -eq 0 ] || { echo "cannot download Debian's dahdi package (run as root once, or run apt-get update)" >&2; exit 1; }
    apt-get update -q >&2
    apt-get download dahdi >&2
  fi
  dpkg-deb -x dahdi_*.deb root
  rm -f ./*.deb
fi
missing="$(ldd "$bin" | awk '/not found/ { print $1 }')"
if [ -n "$missing" ]; then
  echo "$bin needs shared libraries this machine lacks: $missing" >&2
  exit 1
fi
echo "$bin"
