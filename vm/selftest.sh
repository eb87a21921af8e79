#!/usr/bin/env bash
# shellcheck disable=SC2016 # check() evaluates its condition string later, on purpose
# Checks that a failing guest ends within its bound, is named with its console's last lines, gets
# no column, makes ci/vm.sh exit non-zero, and leaves no qemu process behind:
#   1. a guest whose init does not exist (the boot never reaches osc-init: stopped at --boot-timeout)
#   2. a guest that boots but outlives a tiny --timeout
# and, before them, that an unknown --subset is a usage error (exit 2).
#
#   vm/selftest.sh [PLATFORM]     (default debian13-x64; builds or reuses its image; run as root)
#
# The guest never gets to the suite, so a stand-in tree is enough. Exit status 0 when every check
# held, 1 otherwise.
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
platform="${1:-debian13-x64}"
scratch="$(mktemp -d "${TMPDIR:-/tmp}/osc-vm-selftest.XXXXXX")"
trap 'rm -rf "$scratch"' EXIT
failures=0
check() { if eval "$2"; then echo "ok: $1"; else echo "FAIL: $1"; failures=$((failures + 1)); fi; }

mkdir -p "$scratch/tree/.build/cli" "$scratch/tmp"
printf '#!/bin/sh\nexit 1\n' >"$scratch/tree/.build/cli/os-conformance-cli"
chmod +x "$scratch/tree/.build/cli/os-conformance-cli"

attempt() { # attempt NAME MAX_SECONDS VM_ARGS...: one failing run; checks its outcome
  local name="$1" max="$2"; shift 2
  local start=$SECONDS rc=0
  TMPDIR="$scratch/tmp" "$here/vm.sh" "$platform" --tree "$scratch/tree" --out "$scratch/$name" --accel tcg "$@" \
    >"$scratch/$name.log" 2>&1 || rc=$?
  local took=$((SECONDS - start))
  echo "$name: exit $rc after $took s"
  sed 's/^/    /' "$scratch/$name.log" | tail -n 12
  check "$name: exits non-zero" '[ "$rc" -ne 0 ]'
  check "$name: ends within $max s" '[ "$took" -le "$max" ]'
  check "$name: names the platform" 'grep -q "vm: $platform" "$scratch/$name.log"'
  check "$name: shows the console's last lines" 'grep -q "Last console lines" "$scratch/$name.log"'
  check "$name: no column" '[ ! -e "$scratch/$name/$platform-root" ] && [ ! -e "$scratch/$name/$platform-user" ]'
  # Every qemu of these runs has the scratch folder in its command line (its job share).
  check "$name: no qemu left behind" '! pgrep -f "qemu-system.*$scratch" >/dev/null'
}

# A usage error boots nothing: an unknown --subset exits 2 and names the known ones.
rc=0; "$here/vm.sh" "$platform" --subset no-such-subset >"$scratch/usage.log" 2>&1 || rc=$?
check "unknown --subset: exit 2" '[ "$rc" -eq 2 ]'
check "unknown --subset: names vm/subsets.tsv's subsets" 'grep -q "has: arch" "$scratch/usage.log"'

# The image is built (or found) first, so the bounds below time the guests only.
"$here/image.sh" "$(awk -v p="$platform" '$1 == p { print $2 }' "$here/platforms.tsv")" \
  "$(awk -v p="$platform" '$1 == p { print $3 }' "$here/platforms.tsv")" >/dev/null || exit 1
OSC_VM_INIT=/no/such/init attempt broken-init 120 --boot-timeout 45
attempt tiny-timeout 60 --timeout 10
[ "$failures" -eq 0 ] || { echo "vm selftest: $failures check(s) failed"; exit 1; }
echo "vm selftest: every check held"
