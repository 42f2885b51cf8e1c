#!/usr/bin/env bash
# build-deb.sh: builds the NativeAOT binary (unless artifacts/bin/metronome is already this commit's and
# newer than the sources) and writes artifacts/metronome_VERSION_amd64.deb with Debian's own tools:
# dpkg-shlibdeps computes Depends from the binary, dpkg-gencontrol writes the control file (with the
# installed size), dpkg-deb builds the package. The files come from scripts/install.sh (PREFIX=/usr);
# the Debian parts (control template, copyright, maintainer scripts) from scripts/deb/.
#
# VERSION is <Version> in Directory.Build.props; a commit not tagged v<Version> is an unreleased build
# and gets ~git<short commit>, which sorts before the release.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
cd "$root"
bash "$here/ensure-packages.sh" dpkg-dev help2man binutils git

base="$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' Directory.Build.props)"
[ -n "$base" ] || { echo "build-deb.sh: no <Version> in Directory.Build.props" >&2; exit 1; }
commit="$(git rev-parse HEAD)"
if git describe --exact-match --tags --match "v$base" HEAD >/dev/null 2>&1; then
  version="$base"
else
  version="$base~git$(git rev-parse --short=7 HEAD)"
fi
export SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct)}"

binary="$root/artifacts/bin/metronome"
if [ ! -x "$binary" ] || [ "$("$binary" --version)" != "$base+$commit" ] ||
   [ -n "$(find src Directory.*.props -newer "$binary" -type f -not -path '*/bin/*' -not -path '*/obj/*' -print -quit)" ]; then
  bash build.sh
fi

out="$root/artifacts/deb"
stage="$out/metronome"
rm -rf "$out"
mkdir -p "$stage" "$out/debian"
DESTDIR="$stage" PREFIX=/usr UNITDIR=/lib/systemd/system bash "$here/install.sh"

# As dh_strip does: the binary is stripped already (NativeAOT keeps its symbols in a .dbg file); drop
# the compiler's .comment and the .note section too.
objcopy --remove-section=.comment --remove-section=.note "$stage/usr/bin/metronome"

doc="$stage/usr/share/doc/metronome"
install -m 0644 "$here/deb/copyright" "$doc/copyright"

# A native package's changelog: one entry for this build, in Debian's format (dpkg-gencontrol reads
# the version from it; it is installed as changelog.gz).
maintainer="$(sed -n 's/^Maintainer: //p' "$here/deb/control")"
if [ "$version" = "$base" ]; then entry="Release $base."; else entry="Unreleased build of commit $commit."; fi
cat > "$out/debian/changelog" <<CHANGELOG
metronome ($version) unstable; urgency=medium

  * $entry

 -- $maintainer  $(date -u -R -d "@$SOURCE_DATE_EPOCH")
CHANGELOG
gzip -9n -c "$out/debian/changelog" > "$doc/changelog.gz"
chmod 0644 "$doc/changelog.gz"

# Maintainer scripts for every unit the package ships (they are never enabled here).
units="$(cd "$stage/lib/systemd/system" && echo *.service)"
install -d -m 0755 "$stage/DEBIAN"
for script in postinst postrm; do
  sed "s/#UNITFILES#/$units/" "$here/deb/$script" > "$stage/DEBIAN/$script"
  chmod 0755 "$stage/DEBIAN/$script"
done

cp "$here/deb/control" "$out/debian/control"
(
  cd "$out"
  dpkg-shlibdeps -Tdebian/substvars -e"metronome/usr/bin/metronome"
  dpkg-gencontrol -pmetronome -Pmetronome -Tdebian/substvars -fdebian/files
)
(cd "$stage" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | sort -z | xargs -0 md5sum > DEBIAN/md5sums)
chmod 0644 "$stage/DEBIAN/md5sums"

deb="$root/artifacts/metronome_${version}_amd64.deb"
rm -f "$root"/artifacts/metronome_*_amd64.deb
dpkg-deb --root-owner-group -Zxz --build "$stage" "$deb" >/dev/null
echo "built $deb"
dpkg-deb --field "$deb" Version Installed-Size Depends Suggests
