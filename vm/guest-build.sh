#!/usr/bin/env bash
# Builds, on this x64 Linux host, everything a guest needs to run the suite against the reference,
# so nothing is built inside the guest:
#
#   vm/guest-build.sh RELEASE ARCH [--out DIR]
#
#   RELEASE  a Debian release with a debootstrap script: bullseye, bookworm, trixie, ...
#   ARCH     x64 or arm64 (Debian's amd64 or arm64)
#   --out    where the guest tree goes (default: the cache, see below); its path is printed on stdout
#
# 1. A sysroot of the guest's own release and architecture, from Debian's packages: debootstrap
#    --foreign --variant=minbase, plus libc6-dev, libgcc/libstdc++ dev and zlib1g-dev unpacked into
#    it (a sysroot is only read by the linker, so no second stage). Cached under
#    $OSC_CACHE/sysroot/RELEASE-ARCH-KEY, KEY a hash of its inputs (release, arch, mirror, packages).
# 2. The NativeAOT harness linked against that sysroot (clang --sysroot, lld), so it needs no glibc
#    newer than the guest's.
# 3. The CLI published self-contained for the guest's RID (no SDK or runtime in the guest).
# 4. The guest tree: an OSC_ROOT the CLI runs from (os-conformance.sln as its marker, docs/ for the
#    spec, decisions and schemas, expectations/, .build/harness/osc-harness, .build/cli/). In the
#    guest: OSC_ROOT=TREE TREE/.build/cli/os-conformance-cli run ...  The guest needs cc and strace
#    for the native and syscall oracles, like any machine that runs the suite.
#
# The tree is cached under $OSC_CACHE/guest/RELEASE-ARCH; its binaries are rebuilt only when the
# code or the sysroot changed (a hash of both is in its .build/guest-key), its documents are copied
# every time. One build per tree at a time (flock on TREE.lock). $OSC_CACHE defaults to
# ${XDG_CACHE_HOME:-$HOME/.cache}/os-conformance. Needs debootstrap, clang, lld, llvm-objcopy and the
# .NET SDK; downloads from $DEBIAN_MIRROR (default http://deb.debian.org/debian) and NuGet.
# Run as root (debootstrap). Exit status: 0 built (or up to date), 1 a step failed, 2 usage.
set -euo pipefail

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit 2; }
log() { echo "guest-build: $*" >&2; }
die() { log "$*"; exit 1; }

[ $# -ge 2 ] || usage
release="$1" arch="$2"; shift 2
out=""
while [ $# -gt 0 ]; do
  case "$1" in
    --out) [ $# -ge 2 ] || usage; out="$2"; shift 2 ;;
    *) usage ;;
  esac
done

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cache="${OSC_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/os-conformance}"
mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

case "$arch" in
  x64) deb_arch=amd64 triple=x86_64-linux-gnu ;;
  arm64) deb_arch=arm64 triple=aarch64-linux-gnu ;;
  *) log "ARCH must be x64 or arm64: '$arch'"; exit 2 ;;
esac
[ -f "/usr/share/debootstrap/scripts/$release" ] || { log "debootstrap knows no release '$release'"; exit 2; }
rid="linux-$arch"

# The gcc whose libgcc/libstdc++ the release links with (its default gcc).
case "$release" in
  buster) gcc=8 ;; bullseye) gcc=10 ;; bookworm) gcc=12 ;; trixie) gcc=14 ;;
  *) log "no gcc version known for '$release'; add it here"; exit 2 ;;
esac
packages="libc6-dev,libgcc-$gcc-dev,libstdc++-$gcc-dev,zlib1g-dev"

for tool in debootstrap clang ld.lld llvm-objcopy readelf flock dotnet sha256sum; do
  command -v "$tool" >/dev/null 2>&1 || die "needs $tool"
done

# 1. The sysroot.
# Bump when the steps below change what a sysroot holds.
recipe=2
sysroot_key="$(printf '%s\n' "$release" "$deb_arch" "$mirror" "$packages" minbase "$recipe" | sha256sum | cut -c1-16)"
sysroot="$cache/sysroot/$release-$arch-$sysroot_key"
if [ ! -f "$sysroot/.complete" ]; then
  [ "$(id -u)" -eq 0 ] || die "making the sysroot needs root (debootstrap)"
  log "making the $release $deb_arch sysroot in $sysroot"
  rm -rf "$sysroot"; mkdir -p "$sysroot"
  start=$SECONDS
  debootstrap --foreign --arch="$deb_arch" --variant=minbase --include="$packages" \
    "$release" "$sysroot" "$mirror" >"$sysroot.log" 2>&1 || { tail -20 "$sysroot.log" >&2; die "debootstrap failed"; }
  # --foreign unpacks only the required packages; the rest wait in the archive cache for a second
  # stage. A sysroot needs their files only, so unpack every downloaded package.
  for deb in "$sysroot"/var/cache/apt/archives/*.deb; do
    dpkg-deb -x "$deb" "$sysroot"
  done
  # Absolute links (bullseye's /lib64/ld-linux-x86-64.so.2 -> /lib/...) would point into the host:
  # make them relative, so the linker resolves them inside the sysroot.
  find "$sysroot" -type l -lname '/*' -print0 | while IFS= read -r -d '' link; do
    ln -sfn "$(realpath -m --relative-to="$(dirname "$link")" "$sysroot$(readlink "$link")")" "$link"
  done
  [ -f "$sysroot/usr/lib/$triple/crt1.o" ] || die "the sysroot has no usr/lib/$triple/crt1.o"
  [ -d "$sysroot/usr/lib/gcc/$triple/$gcc" ] || die "the sysroot has no usr/lib/gcc/$triple/$gcc"
  touch "$sysroot/.complete"
  log "sysroot ready in $((SECONDS - start)) s"
fi

# 2.-4. The guest tree. The binaries are rebuilt when what they are built from changed (the code,
# the schemas they embed, the sysroot, the build steps below: bump build_recipe); the documents the
# CLI reads at run time are copied afresh every time, so a docs edit costs no rebuild.
build_recipe=1
tree="${out:-$cache/guest/$release-$arch}"
mkdir -p "$(dirname "$tree")"
# One builder per tree at a time: two would write the same directory.
exec 9>"$tree.lock"
flock 9
binaries_key() {
  (cd "$root" && find reference suite docs/schemas Directory.Build.props Directory.Packages.props global.json \
     -type f -not -path '*/bin/*' -not -path '*/obj/*' -print0 | sort -z | xargs -0 sha256sum
   echo "$sysroot_key $build_recipe") | sha256sum | cut -c1-16
}
key="$(binaries_key)"
if [ -f "$tree/.build/guest-key" ] && [ "$(cat "$tree/.build/guest-key")" = "$key" ]; then
  log "$release-$arch: binaries up to date in $tree"
else
  log "$release-$arch: building into $tree"
  start=$SECONDS
  # Own obj/ and bin/ per guest: the host's builds (and other guests') use other RIDs and sysroots.
  artifacts="$cache/artifacts/$release-$arch"
  rm -rf "$tree"
  mkdir -p "$tree/.build" "$artifacts"
  dotnet publish "$root/reference/Harness/OsConformance.Harness.csproj" -c Release -r "$rid" \
    --artifacts-path "$artifacts" -o "$tree/.build/harness" --nologo -v quiet -clp:ErrorsOnly \
    -p:SysRoot="$sysroot" -p:LinkerFlavor=lld -p:ObjCopyName=llvm-objcopy >&2 \
    || die "$release-$arch: the harness did not build"
  # A binary that asks for a newer glibc than the guest's would not start there: check, don't assume.
  glibc="$(basename "$(ls "$sysroot"/var/cache/apt/archives/libc6_*.deb)" | sed 's/^libc6_\([0-9]*\.[0-9]*\).*/\1/')"
  needed="$(readelf --dyn-syms -W "$tree/.build/harness/osc-harness" | grep -o 'GLIBC_[0-9.]*' | sed 's/GLIBC_//' | sort -uV | tail -1)"
  [ "$(printf '%s\n' "$needed" "$glibc" | sort -V | tail -1)" = "$glibc" ] \
    || die "$release-$arch: the harness needs glibc $needed, the guest has $glibc"
  log "$release-$arch: the harness needs glibc $needed (the guest has $glibc)"
  dotnet publish "$root/suite/Cli/OsConformance.Cli.csproj" -c Release -r "$rid" --self-contained \
    --artifacts-path "$artifacts" -o "$tree/.build/cli" --nologo -v quiet -clp:ErrorsOnly >&2 \
    || die "$release-$arch: the CLI did not build"
  echo "$key" >"$tree/.build/guest-key"
  log "$release-$arch: built in $((SECONDS - start)) s"
fi
rm -rf "$tree/docs" "$tree/expectations"
(cd "$root" && tar -cf - --exclude=docs/results os-conformance.sln docs expectations) | (cd "$tree" && tar -xf -)
chmod -R a+rX "$tree"
echo "$tree"
