# Sourced by the bench sessions that run INSIDE a private mount namespace (unshare --mount --propagation
# private): bench/lib/asterisk-session.sh and bench/lib/dahdi-session.sh.
#   private_dev DIR   replaces /dev, in this namespace only, by a small tmpfs built in DIR (an empty
#                     directory) holding the few device nodes a session needs (bind-mounted), /dev/pts,
#                     /dev/shm, the fd links and an empty dahdi/ for `metronome dahdi`; nobody else's
#                     /dev/dahdi (other tests, other benches) is seen or disturbed.
private_dev() {
  local newdev="$1" n
  # A copy of someone else's /dev/dahdi mount (taken with the namespace) would still be listed under the
  # new /dev, and metronome dahdi refuses to serve where one is: detach it, in this namespace only.
  umount -l /dev/dahdi 2>/dev/null || true
  mount -t tmpfs -o mode=0755,size=1m tmpfs "$newdev"
  for n in null zero full random urandom tty fuse cpu_dma_latency ptmx; do
    [ -e "/dev/$n" ] || continue
    touch "$newdev/$n"; mount --bind "/dev/$n" "$newdev/$n"
  done
  mkdir "$newdev/pts" "$newdev/shm" "$newdev/dahdi"
  mount --rbind /dev/pts "$newdev/pts"; mount --rbind /dev/shm "$newdev/shm"
  ln -s /proc/self/fd "$newdev/fd"
  ln -s /proc/self/fd/0 "$newdev/stdin"; ln -s /proc/self/fd/1 "$newdev/stdout"; ln -s /proc/self/fd/2 "$newdev/stderr"
  mount --move "$newdev" /dev
}
