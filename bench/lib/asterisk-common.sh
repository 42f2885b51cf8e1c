# Sourced by bench/asterisk.sh and the Asterisk integration test (they set $root, the repository):
#   asterisk_build SRC            builds a private Asterisk from a source tree, once, under
#                                 $root/artifacts/asterisk/KEY (KEY: the source's version or commit);
#                                 sets $asterisk_prefix (the install) and $asterisk_version
#   asterisk_tones DIR SECONDS F...  sox-made sines tone1.wav.. (8 kHz, 16 bit), one per frequency F
# Nothing is written to the source tree (it is copied), to /etc or to /usr: the DAHDI headers come
# from Debian's dahdi-source package, downloaded and unpacked (no dkms, no kernel module).

# The modules the bench needs; everything else is left out of the build.
asterisk_modules=(res_timing_dahdi res_timing_timerfd res_timing_pthread
  app_confbridge bridge_softmix res_musiconhold app_playback app_originate app_mixmonitor
  format_wav format_pcm codec_ulaw chan_rtp res_rtp_asterisk res_rtp_multicast pbx_config res_clioriginate
  func_periodic_hook app_chanspy func_cut func_groupcount func_uri)  # the last five: app_mixmonitor needs them

# asterisk_key SRC: the version (.version), else the git commit (+dirty), else a hash of the file list.
asterisk_key() {
  local src="$1" v
  if [ -f "$src/.version" ]; then v="$(cat "$src/.version")"
  elif git -C "$src" rev-parse --is-inside-work-tree >/dev/null 2>&1 \
      && [ "$(git -C "$src" rev-parse --show-toplevel)" = "$(cd "$src" && pwd -P)" ]; then
    v="GIT-$(git -C "$src" rev-parse --short=7 HEAD)"
    git -C "$src" diff --quiet HEAD 2>/dev/null || v="$v-dirty"
  else
    v="tree-$(cd "$src" && find . -type f -not -path './.git/*' -printf '%P %s %T@\n' | LC_ALL=C sort | sha256sum | cut -c1-12)"
  fi
  printf '%s' "$v" | tr -c 'A-Za-z0-9._+-' '_'
}

asterisk_build() {
  local src; src="$(cd "$1" && pwd)"
  [ -f "$src/main/asterisk.c" ] || { echo "asterisk_build: $src is not an Asterisk source tree" >&2; return 1; }
  # The module list is part of the key: another list is another build.
  local version; version="$(asterisk_key "$src")"
  local key; key="$version-$(printf '%s\n' "${asterisk_modules[@]}" | sha256sum | cut -c1-8)"
  local base="$root/artifacts/asterisk/$key"
  asterisk_prefix="$base/install"
  asterisk_version="$key"
  if [ -x "$asterisk_prefix/sbin/asterisk" ] && [ -f "$base/built" ]; then
    asterisk_version="$(cat "$base/built")"
    echo "asterisk: cached build $asterisk_version in $asterisk_prefix" >&2
    return 0
  fi
  echo "asterisk: building $key into $asterisk_prefix (log: $base/build.log)" >&2
  rm -rf "$base"; mkdir -p "$base/dahdi/include/dahdi" "$base/deb"
  # DAHDI headers: only user.h and dahdi_config.h are needed, from Debian's dahdi-source.
  ( cd "$base/deb" && apt-get download dahdi-source >/dev/null 2>&1 ) \
    || { echo "asterisk: apt-get download dahdi-source failed" >&2; return 1; }
  dpkg-deb -x "$base"/deb/dahdi-source_*.deb "$base/deb/x"
  cp "$base/deb/x/usr/include/dahdi/user.h" "$base/deb/x/usr/include/dahdi/dahdi_config.h" "$base/dahdi/include/dahdi/"
  # A copy of the tree: configure and make write into it. No .git: the version goes into .version.
  mkdir -p "$base/src"
  ( cd "$src" && tar --exclude=./.git -cf - . ) | tar -xf - -C "$base/src"
  [ -f "$base/src/.version" ] || printf '%s\n' "$version" > "$base/src/.version"
  local menuselect=(--disable-all)
  local m; for m in "${asterisk_modules[@]}"; do menuselect+=(--enable "$m"); done
  (
    set -e
    cd "$base/src"
    ./configure --prefix="$asterisk_prefix" --with-dahdi="$base/dahdi" --without-pjproject-bundled \
      --without-pjproject --with-jansson
    make menuselect.makeopts
    menuselect/menuselect "${menuselect[@]}" --disable BUILD_NATIVE menuselect.makeopts
    menuselect/menuselect --disable-category MENUSELECT_UTILS menuselect.makeopts
    make -j"$(nproc)"
    make install
  ) > "$base/build.log" 2>&1 || { echo "asterisk: build failed, see $base/build.log" >&2; tail -20 "$base/build.log" >&2; return 1; }
  rm -rf "$base/src" "$base/deb"   # the install is what is kept
  "$asterisk_prefix/sbin/asterisk" -V > "$base/built"
  asterisk_version="$(cat "$base/built")"
  echo "asterisk: built $asterisk_version" >&2
}

asterisk_tones() {
  local dir="$1" seconds="$2" i=0 f; shift 2
  mkdir -p "$dir"
  for f in "$@"; do
    i=$((i + 1))
    sox -n -r 8000 -c 1 -b 16 "$dir/tone$i.wav" synth "$seconds" sine "$f" vol 0.2
  done
}
