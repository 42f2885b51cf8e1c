# Sourced by the Asterisk benches and the Asterisk integration test (they set $root, the repository):
#   asterisk_deps                 installs the Debian packages the build and the benches need
#   asterisk_build SRC            builds a private Asterisk from a source tree, once, under
#                                 ${ASTERISK_BUILD_DIR:-$root/artifacts/asterisk}/KEY (KEY: the source's
#                                 version or commit, and the module list); sets $asterisk_prefix (the
#                                 install) and $asterisk_version. ASTERISK_BUILD_DIR lets another
#                                 checkout reuse a build: the install is not relocatable, so point it
#                                 at the directory the build was made in.
#   asterisk_tones DIR SECONDS F...  sox-made sines tone1.wav.. (8 kHz, 16 bit), one per frequency F
#   asterisk_conf WORK PREFIX OPT... WORK/etc/asterisk.conf for an instance living in WORK
#   asterisk_confbridge_conf [FILE]  the benches' ConfBridge profiles
# Nothing is written to the source tree (it is copied), to /etc or to /usr: the DAHDI headers come
# from Debian's dahdi-source package, downloaded and unpacked (no dkms, no kernel module).

# The modules the bench needs; everything else is left out of the build.
asterisk_modules=(res_timing_dahdi res_timing_timerfd res_timing_pthread
  app_confbridge bridge_softmix res_musiconhold app_playback app_originate app_mixmonitor
  format_wav format_pcm codec_ulaw chan_rtp res_rtp_asterisk res_rtp_multicast pbx_config res_clioriginate
  func_periodic_hook app_chanspy func_cut func_groupcount func_uri  # these five: app_mixmonitor needs them
  chan_iax2 res_crypto  # chan_iax2 does not load without res_crypto once it is built with OpenSSL
  func_global)          # bench/lib/pbx-common.sh: the far end notes its RTP ports in globals

# What a fresh Debian machine lacks: configure stops at the first missing library (libedit, jansson,
# libxml2, sqlite3, uuid; openssl for TLS and chan_iax2's encryption), and the benches make tones with
# sox, load with stress-ng, capture loopback traffic with tcpdump and look at sockets with ss (iproute2).
asterisk_packages=(build-essential pkg-config libedit-dev libjansson-dev libxml2-dev libsqlite3-dev uuid-dev
  libssl-dev libncurses-dev sox stress-ng tcpdump python3 util-linux procps iproute2)
asterisk_deps() { bash "$root/scripts/ensure-packages.sh" "${asterisk_packages[@]}"; }

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
  asterisk_deps || { echo "asterisk: could not install the packages it needs" >&2; return 1; }
  # The module list is part of the key: another list is another build.
  local version; version="$(asterisk_key "$src")"
  local key; key="$version-$(printf '%s\n' "${asterisk_modules[@]}" | sha256sum | cut -c1-8)"
  local base="${ASTERISK_BUILD_DIR:-$root/artifacts/asterisk}/$key"
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

# asterisk_conf WORK PREFIX OPTION...: WORK/etc/asterisk.conf for an instance whose files all live in
# WORK (made here: etc, run, log, spool, db, cache, keys, agi) and whose install is PREFIX, with the
# OPTION lines ("verbose = 3") in [options]. `[directories]`, not `[directories](!)`, a template
# Asterisk ignores; astdatadir is the install's var/lib/asterisk (start-up needs its documentation/);
# astkeydir is WORK itself: res_crypto reads the keys/ under it.
asterisk_conf() {
  local w="$1" p="$2" d; shift 2
  mkdir -p "$w"/{etc,run,log,spool,db,cache,keys,agi}
  {
    echo "[directories]"
    for d in etc db agi spool run log cache; do echo "ast${d}dir => $w/$d"; done
    echo "astkeydir => $w"
    echo "astmoddir => $p/lib/asterisk/modules"
    echo "astvarlibdir => $p/var/lib/asterisk"
    echo "astdatadir => $p/var/lib/asterisk"
    echo "astsbindir => $p/sbin"
    echo; echo "[options]"; printf '%s\n' "$@"
  } > "$w/etc/asterisk.conf"
}

# asterisk_confbridge_conf [RECORD_FILE]: confbridge.conf with the benches' profiles: a bridge mixing
# every 20 ms at 8 kHz (recording its mix to RECORD_FILE when given), quiet users whose audio is
# never dropped, denoised or buffered.
asterisk_confbridge_conf() {
  printf '[general]\n[bench_bridge]\ntype = bridge\nmixing_interval = 20\ninternal_sample_rate = 8000\n'
  [ -z "${1:-}" ] || printf 'record_conference = yes\nrecord_file = %s\nrecord_file_timestamp = no\n' "$1"
  printf '[bench_user]\ntype = user\nquiet = yes\nannounce_only_user = no\nmusic_on_hold_when_empty = no\n'
  printf 'dsp_drop_silence = no\ndenoise = no\njitterbuffer = no\n'
}

asterisk_tones() {
  local dir="$1" seconds="$2" i=0 f; shift 2
  mkdir -p "$dir"
  for f in "$@"; do
    i=$((i + 1))
    sox -n -r 8000 -c 1 -b 16 "$dir/tone$i.wav" synth "$seconds" sine "$f" vol 0.2
  done
}
