#!/usr/bin/env bash
# ensure-packages.sh PACKAGE...: installs the Debian packages that are not installed yet, so the
# build and the tests work on a fresh machine. Nothing happens when all are there; without root (or
# apt-get) it names the missing ones and fails. Recommends are skipped. (Debian's dahdi is not
# installed at all: scripts/fetch-dahdi-test.sh extracts its dahdi_test.)
set -euo pipefail
missing=()
for package in "$@"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
  echo "missing Debian packages: ${missing[*]} (install them, or run this as root)" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends "${missing[@]}"
