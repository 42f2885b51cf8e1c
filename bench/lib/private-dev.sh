# Sourced INSIDE a private mount namespace (unshare --mount --propagation private):
#   private_dev WORK   replaces /dev, in this namespace only, by a small tmpfs (made in WORK/dev)
#                      holding the few device nodes needed (bind-mounted) and an empty dahdi/ for
#                      `metronome dahdi`.
# res_timing_dahdi opens the fixed path /dev/dahdi/timer: this way every bench or test has its own
# /dev/dahdi, and nobody else's is seen or disturbed. A copy of someone else's /dev/dahdi mount (taken
# with the namespace) would still be listed, and `metronome dahdi` refuses to serve where one is: it is
# detached first, in this namespace only.
private_dev() {
  local newdev="$1/dev" n
  umount -l /dev/dahdi 2>/dev/null || true
  mkdir -p "$newdev"
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
