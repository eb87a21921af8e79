#!/usr/bin/env bash
# Publishes the CLI and the test projects for macOS on this (Linux) machine and checks that each
# publish carries Mono.Unix's native library for its RID: libMono.Unix.dylib, a 64-bit Mach-O of
# that RID's architecture (and no Linux libMono.Unix.so). .ci/run calls it.
#
#   ci/check-osx-publish.sh [RID...]        default: osx-arm64 osx-x64
#
# Framework-dependent publishes (no macOS runtime pack); builds go to a temporary artifacts path,
# so the work tree's bin/ and obj/ are untouched. The NativeAOT harness is not linked: that needs
# Apple's linker and SDK, and the registry here has no runtime.osx-*.Microsoft.DotNet.ILCompiler.
# So the test projects, which reference the harness project (and the suite's tests the self-test's
# faulty harness), publish with PublishAot=false (the harnesses then come along as JIT assemblies; on
# a Mac ./os-conformance build links the real ones).
# Exit status: 0 when every publish succeeded with the right library, 1 otherwise.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
log() { echo "check-osx-publish: $*" >&2; }

rids=("$@")
[ ${#rids[@]} -gt 0 ] || rids=(osx-arm64 osx-x64)
projects=(suite/Cli/OsConformance.Cli.csproj suite/Tests/OsConformance.Suite.Tests.csproj reference/Tests/OsConformance.Reference.Tests.csproj)

# Mach-O header bytes 0-7 as od prints them: MH_MAGIC_64 (0xfeedfacf) then cputype, little-endian.
cputype() {
  case "$1" in
    osx-arm64) echo "cffaedfe0c000001" ;; # CPU_TYPE_ARM64 0x0100000c
    osx-x64) echo "cffaedfe07000001" ;;   # CPU_TYPE_X86_64 0x01000007
    *) return 1 ;;
  esac
}

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
failures=0
for rid in "${rids[@]}"; do
  want="$(cputype "$rid")" || { log "unknown RID $rid (osx-arm64 or osx-x64)"; exit 1; }
  for project in "${projects[@]}"; do
    name="$(basename "$project" .csproj)"
    out="$work/publish/$rid/$name"
    extra=()
    [ "$name" = OsConformance.Cli ] || extra=(-p:PublishAot=false)
    if ! dotnet publish "$project" -c Release -r "$rid" --self-contained false "${extra[@]}" \
        --artifacts-path "$work/artifacts" -o "$out" -nologo >"$work/publish.log" 2>&1; then
      log "FAILED: dotnet publish $project -r $rid"
      tail -n 20 "$work/publish.log" >&2
      failures=$((failures + 1))
      continue
    fi
    lib="$out/libMono.Unix.dylib"
    if [ ! -f "$lib" ]; then
      log "FAILED: $name for $rid has no libMono.Unix.dylib"
      failures=$((failures + 1))
      continue
    fi
    have="$(od -An -tx1 -N8 "$lib" | tr -d ' \n')"
    if [ "$have" != "$want" ]; then
      log "FAILED: $name for $rid: libMono.Unix.dylib starts $have, not $want (a 64-bit Mach-O for $rid)"
      failures=$((failures + 1))
      continue
    fi
    if [ -e "$out/libMono.Unix.so" ]; then
      log "FAILED: $name for $rid also carries a Linux libMono.Unix.so"
      failures=$((failures + 1))
      continue
    fi
    log "ok: $name for $rid carries libMono.Unix.dylib ($rid Mach-O)"
  done
done
if [ "$failures" -gt 0 ]; then
  log "$failures publish check(s) failed"
  exit 1
fi
log "all ${#rids[@]} RID(s) x ${#projects[@]} project(s) passed"
