#!/usr/bin/env bash
# Installs the .NET SDK that global.json pins, plus what a NativeAOT build needs, on Debian,
# Ubuntu, Fedora, Alpine or macOS. Run as root (Vagrant's shell provisioner does).
#
#   ci/install-dotnet.sh [SRC_DIR]     # SRC_DIR holds global.json (default: this checkout)
#
# Build prerequisites (clang, zlib headers, curl, tar, util-linux's setpriv, strace for the syscall
# oracle, ...) come from the
# distribution's package manager. The SDK itself comes from Microsoft's dotnet-install script with
# --jsonfile global.json: the distributions' own .NET packages and Microsoft's package feed carry
# only the 10.0.1xx feature band, while global.json asks for 10.0.401 (rollForward latestFeature
# accepts 10.0.4xx or later, never 1xx), so only dotnet-install gives the pinned SDK everywhere.
# Nothing is installed when a `dotnet` on PATH already satisfies global.json.
set -euo pipefail

src="${1:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
global_json="$src/global.json"
[ -f "$global_json" ] || { echo "install-dotnet: no global.json in $src" >&2; exit 2; }
[ "$(id -u)" -eq 0 ] || { echo "install-dotnet: run as root" >&2; exit 2; }

log() { echo "install-dotnet: $*" >&2; }

os="$(uname -s)"
distro=unknown
if [ "$os" = Darwin ]; then
  distro=macos
elif [ -r /etc/os-release ]; then
  # shellcheck disable=SC1091
  distro="$(. /etc/os-release && echo "${ID:-unknown}")"
fi

install_prereqs() {
  case "$distro" in
    debian|ubuntu)
      export DEBIAN_FRONTEND=noninteractive
      apt-get update -qq
      apt-get install -y --no-install-recommends \
        ca-certificates curl tar gzip clang zlib1g-dev libc6-dev util-linux findutils \
        libicu-dev strace
      ;;
    fedora)
      dnf install -y ca-certificates curl tar gzip clang zlib-devel glibc-devel \
        util-linux findutils libicu strace
      ;;
    alpine)
      apk add --no-cache bash ca-certificates curl tar gzip clang build-base zlib-dev \
        setpriv findutils icu-libs libstdc++ libgcc strace
      ;;
    macos)
      # NativeAOT links with the Xcode command line tools' clang and SDK.
      if ! xcode-select -p >/dev/null 2>&1; then
        log "the Xcode command line tools are missing; installing them (softwareupdate)"
        touch /tmp/.com.apple.dt.CommandLineTools.installondemand.in-progress
        label="$(softwareupdate -l 2>/dev/null | sed -n 's/^\* Label: \(Command Line Tools.*\)$/\1/p' | tail -n1)"
        [ -n "$label" ] || { log "no Command Line Tools update found; run xcode-select --install"; exit 1; }
        softwareupdate -i "$label" --verbose
        rm -f /tmp/.com.apple.dt.CommandLineTools.installondemand.in-progress
      fi
      ;;
    *)
      log "unknown distribution '$distro': install clang, zlib headers and curl yourself"
      ;;
  esac
}

sdk_ok() {
  # `dotnet --version` in a directory with global.json fails unless a matching SDK is installed.
  command -v dotnet >/dev/null 2>&1 && (cd "$src" && dotnet --version >/dev/null 2>&1)
}

install_prereqs

if sdk_ok; then
  log "found .NET SDK $(cd "$src" && dotnet --version), which satisfies $global_json"
  exit 0
fi

if [ "$distro" = macos ]; then
  dotnet_root=/usr/local/share/dotnet
else
  dotnet_root=/usr/share/dotnet
fi
mkdir -p "$dotnet_root" /usr/local/bin

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
log "downloading dotnet-install.sh"
curl -fsSL --retry 3 -o "$tmp/dotnet-install.sh" https://dot.net/v1/dotnet-install.sh
log "installing the SDK pinned in $global_json into $dotnet_root"
bash "$tmp/dotnet-install.sh" --jsonfile "$global_json" --install-dir "$dotnet_root" --no-path

ln -sf "$dotnet_root/dotnet" /usr/local/bin/dotnet
if [ -d /etc/profile.d ]; then
  printf 'export DOTNET_ROOT=%s\nexport DOTNET_CLI_TELEMETRY_OPTOUT=1\n' "$dotnet_root" \
    > /etc/profile.d/dotnet.sh
fi
export PATH="/usr/local/bin:$PATH" DOTNET_ROOT="$dotnet_root"

if ! sdk_ok; then
  log "the installed SDK does not satisfy $global_json:"
  (cd "$src" && dotnet --version) || true
  exit 1
fi
log "installed .NET SDK $(cd "$src" && dotnet --version)"
