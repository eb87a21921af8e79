#!/usr/bin/env bash
# Builds (or finds in the cache) the guest image of one Debian release and architecture, from
# Debian's packages only: debootstrap, the release's own kernel and initramfs, and what the suite
# needs at test time (gcc and libc6-dev for the C-header oracles, strace for the syscall oracle,
# util-linux for setpriv, iproute2 for the loopback). No network is used once it is built.
#
#   vm/image.sh RELEASE ARCH
#
# Prints the image directory on stdout: rootfs.ext4 (the root disk, booted through a throw-away
# qcow2 overlay so the cache never changes), vmlinuz, initrd.img and build.log. Cached under
# $OSC_CACHE/vm/RELEASE-ARCH-KEY, KEY a hash of the inputs (release, arch, mirror, packages, the
# recipe version below, vm/guest/osc-init and, for a foreign architecture, vm/guest/initramfs-hook);
# the second call with the same inputs builds nothing.
# $OSC_CACHE defaults to ${XDG_CACHE_HOME:-$HOME/.cache}/os-conformance; the mirror is
# $DEBIAN_MIRROR (default http://deb.debian.org/debian). Run as root (debootstrap, mkfs.ext4 -d
# keeps owners without a loop mount). Exit status: 0 ready, 1 a step failed, 2 usage.
set -euo pipefail

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit 2; }
log() { echo "image: $*" >&2; }
die() { log "$*"; exit 1; }

[ $# -eq 2 ] || usage
release="$1" arch="$2"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cache="${OSC_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/os-conformance}"
mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"

case "$arch" in
  x64) deb_arch=amd64 kernel=linux-image-amd64 ;;
  arm64) deb_arch=arm64 kernel=linux-image-arm64 ;;
  *) log "ARCH must be x64 or arm64: '$arch'"; exit 2 ;;
esac
[ -f "/usr/share/debootstrap/scripts/$release" ] || { log "debootstrap knows no release '$release'"; exit 2; }
# Bump when the steps below change what an image holds.
recipe=1
packages="$kernel,initramfs-tools,kmod,gcc,libc6-dev,strace,util-linux,iproute2,procps"

foreign=()
host_arch="$(dpkg --print-architecture 2>/dev/null || echo unknown)"
# Another architecture's second stage runs its binaries through qemu-user's binfmt handlers.
[ "$deb_arch" = "$host_arch" ] || foreign=(--foreign)
# Under qemu-user every process mkinitramfs starts is emulated: with the default MODULES=most it
# copies and resolves thousands of modules (about 20 min for arm64). A foreign image's initramfs
# holds only what the guest boots from (vm/guest/initramfs-hook).
key_files=("$here/guest/osc-init")
[ ${#foreign[@]} -eq 0 ] || key_files+=("$here/guest/initramfs-hook")
key="$( { printf '%s\n' "$release" "$deb_arch" "$mirror" "$packages" "$recipe"; cat "${key_files[@]}"; } \
        | sha256sum | cut -c1-16)"
dir="$cache/vm/$release-$arch-$key"
if [ -f "$dir/.complete" ]; then echo "$dir"; exit 0; fi

[ "$(id -u)" -eq 0 ] || die "building an image needs root (debootstrap)"
for tool in debootstrap mkfs.ext4 sha256sum; do command -v "$tool" >/dev/null || die "needs $tool"; done
if [ ${#foreign[@]} -gt 0 ]; then
  # The handler must be registered: some hosts boot without binfmt_misc mounted.
  handler="qemu-$(case "$deb_arch" in arm64) echo aarch64 ;; *) echo "$deb_arch" ;; esac)"
  if [ ! -e "/proc/sys/fs/binfmt_misc/$handler" ]; then
    command -v update-binfmts >/dev/null || die "needs update-binfmts (binfmt-support) and qemu-user-static for $deb_arch"
    [ -e /proc/sys/fs/binfmt_misc/register ] || mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc \
      || die "cannot mount binfmt_misc: $deb_arch binaries cannot run on this host"
    update-binfmts --enable "$handler" || die "cannot enable the $handler binfmt handler (qemu-user-static)"
  fi
fi

# An interrupted second stage leaves the chroot's proc and sys mounted: unmount them before any
# rm -rf of the directory (it would descend into them), and on every exit.
unmount_under() {
  awk -v d="$1/" 'index($2, d) == 1 { print $2 }' /proc/mounts | sort -r | while read -r m; do umount -l "$m"; done
}
unmount_under "$dir"
rm -rf "$dir"; mkdir -p "$dir"
rootfs="$dir/rootfs"
trap 'unmount_under "$rootfs"' EXIT
start=$SECONDS
log "debootstrap $release $deb_arch into $rootfs (log: $dir/build.log)"
debootstrap ${foreign[@]+"${foreign[@]}"} --arch="$deb_arch" --variant=minbase --include="$packages" \
  "$release" "$rootfs" "$mirror" >"$dir/build.log" 2>&1 || { tail -20 "$dir/build.log" >&2; die "debootstrap failed"; }
if [ ${#foreign[@]} -gt 0 ]; then
  # The second stage resolves packages by running grep and perl under qemu-user over the release's
  # whole Packages index (56 MB for trixie arm64), several times: over 40 min. It only looks up the
  # packages the first stage fetched, so keep just their stanzas (the lists are deleted below anyway).
  for list in "$rootfs"/var/lib/apt/lists/*_Packages; do
    awk 'NR == FNR { want[$1] = 1; next }
         { for (i = 1; i <= NF; i++) if ($i ~ /^Package: /) { if (want[substr($i, 10)]) print $0 "\n"; break } }' \
      "$rootfs/debootstrap/debpaths" FS='\n' RS= "$list" >"$list.fetched"
    mv "$list.fetched" "$list"
  done
  mkdir -p "$rootfs/etc/initramfs-tools/conf.d" "$rootfs/etc/initramfs-tools/hooks"
  echo MODULES=list >"$rootfs/etc/initramfs-tools/conf.d/osc-modules"
  install -m 755 "$here/guest/initramfs-hook" "$rootfs/etc/initramfs-tools/hooks/osc-modules"
  chroot "$rootfs" /debootstrap/debootstrap --second-stage >>"$dir/build.log" 2>&1 \
    || { tail -20 "$dir/build.log" >&2; die "debootstrap's second stage failed"; }
fi
log "debootstrap done in $((SECONDS - start)) s"

install -m 755 "$here/guest/osc-init" "$rootfs/sbin/osc-init"
echo osc-guest >"$rootfs/etc/hostname"
printf '127.0.0.1 localhost\n::1 localhost\n127.0.1.1 osc-guest\n' >"$rootfs/etc/hosts"
rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*

vmlinuz="$(find "$rootfs/boot" -maxdepth 1 -name 'vmlinuz-*' | sort | tail -1)"
initrd="$(find "$rootfs/boot" -maxdepth 1 -name 'initrd.img-*' | sort | tail -1)"
[ -n "$vmlinuz" ] || die "the image has no kernel in /boot"
[ -n "$initrd" ] || die "the image has no initramfs in /boot"
cp "$vmlinuz" "$dir/vmlinuz"
cp "$initrd" "$dir/initrd.img"
basename "$vmlinuz" | sed 's/^vmlinuz-//' >"$dir/kernel-release"

# The root disk: the tree plus room for the runs' work dirs and outputs.
used_mb="$(du -sm "$rootfs" | cut -f1)"
mkfs.ext4 -q -F -L oscroot -d "$rootfs" "$dir/rootfs.ext4" "$((used_mb + 3072))M" >>"$dir/build.log" 2>&1 \
  || { tail -20 "$dir/build.log" >&2; die "mkfs.ext4 failed"; }
unmount_under "$rootfs"; rm -rf "$rootfs"
touch "$dir/.complete"
log "image ready in $((SECONDS - start)) s: $dir (kernel $(cat "$dir/kernel-release"))"
echo "$dir"
