#!/usr/bin/env bash
# Builds os-conformance and runs the suite against the reference twice: as root and as an
# unprivileged user (nobody). Used by the Vagrant VMs; works on any Linux or macOS machine with
# the SDK (ci/install-dotnet.sh). Run as root. Both runs use `run --perf` (in-harness timing in
# results.json, shown by the merge).
#
#   ci/run-suite.sh PLATFORM [SRC_DIR] [RESULTS_DIR] [-- RUN_ARGS...]
#
#   PLATFORM     a label such as debian12-glibc; the runs are labelled PLATFORM-root and
#                PLATFORM-user and written to RESULTS_DIR/PLATFORM-root/ and RESULTS_DIR/PLATFORM-user/
#   SRC_DIR      the os-conformance tree (default: this checkout); it is only read
#   RESULTS_DIR  default SRC_DIR/results
#   RUN_ARGS     passed to both `run`s (e.g. --filter ...)
#
# The tree is copied to a local work directory (/var/tmp/os-conformance) before building: several
# VMs share one synced folder, and their obj/ and .build/ must not collide. A copy of the results
# is also kept in /var/tmp/os-conformance-results, where ci/collect.sh fetches them.
#
# Exit status: 0 when both runs exited 0 (nothing unexpected); 1 when a run reported something
# unexpected or produced no results.json; 2 on a usage or setup error. A run that produced no
# results.json leaves no directory behind: a report column is only ever filled by a real run.
set -euo pipefail

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit 2; }
log() { echo "run-suite: $*" >&2; }

[ $# -ge 1 ] || usage
case "$1" in -h|--help) usage ;; esac
platform="$1"; shift
src="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ $# -gt 0 ] && [ "$1" != -- ]; then src="$(cd "$1" && pwd)"; shift; fi
results="$src/results"
if [ $# -gt 0 ] && [ "$1" != -- ]; then results="$1"; shift; fi
[ "${1:-}" = -- ] && shift
run_args=("$@")

case "$platform" in
  *[!A-Za-z0-9._-]*|"") log "PLATFORM must be letters, digits, '.', '_' or '-': '$platform'"; exit 2 ;;
esac
[ "$(id -u)" -eq 0 ] || { log "run as root (the unprivileged run drops to nobody from root)"; exit 2; }

export PATH="/usr/local/bin:$PATH"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
if [ -z "${DOTNET_ROOT:-}" ] && command -v dotnet >/dev/null 2>&1; then
  DOTNET_ROOT="$(dirname "$(readlink -f "$(command -v dotnet)")")"
  export DOTNET_ROOT
fi

work=/var/tmp/os-conformance
keep=/var/tmp/os-conformance-results

# 1. A private copy of the tree, readable by everyone (nobody runs the built CLI from it).
log "copying $src to $work"
mkdir -p "$work"
# Sources only: no VCS data, no other machine's build output or results.
(cd "$src" && tar -cf - --exclude=./.git --exclude=./.vagrant --exclude=./.build \
   --exclude=./results --exclude=./out --exclude='*/bin' --exclude='*/obj' .) \
  | (cd "$work" && tar -xf -)
chmod -R a+rX "$work"

# 2. Build as root.
log "building (./os-conformance build)"
(cd "$work" && ./os-conformance build) || { log "the build failed"; exit 2; }
chmod -R a+rX "$work/.build"

cli="$work/.build/cli/os-conformance-cli.dll"
[ -f "$cli" ] || { log "the build produced no $cli"; exit 2; }

rm -rf "$keep"
mkdir -p "$keep" "$results"
status=0

copy_report() { # copy_report DIR DEST: the run's report files, not its work/ tree (which holds
  # the cases' FIFOs, sockets and device nodes: no use in a report, and trouble for copies)
  mkdir -p "$2"
  find "$1" -maxdepth 1 -type f -exec cp {} "$2/" \;
}

publish() { # publish LABEL DIR: copy a run's output to the results folders, if it produced results.json
  local label="$1" dir="$2"
  rm -rf "${results:?}/$label"
  if [ -f "$dir/results.json" ]; then
    copy_report "$dir" "$keep/$label"
    copy_report "$dir" "$results/$label"
    log "$label: results in $results/$label"
  else
    log "$label: the run produced no results.json; no column for it"
    status=1
  fi
}

# 3. As root.
label="$platform-root"
out="$(mktemp -d /tmp/osc-root.XXXXXX)"
log "$label: running the suite"
rc=0
(cd "$work" && OSC_ROOT="$work" dotnet "$cli" run --perf --out "$out" --label "$label" ${run_args[@]+"${run_args[@]}"}) || rc=$?
log "$label: exit status $rc"
[ "$rc" -eq 0 ] || status=1
publish "$label" "$out"
rm -rf "$out"

# 4. As nobody, in a scratch directory nobody owns. HOME and DOTNET_CLI_HOME must be writable,
#    or the dotnet host complains that it cannot determine the home directory. /tmp, not
#    $TMPDIR: on macOS root's $TMPDIR is under /var/folders, which nobody cannot enter.
label="$platform-user"
nobody_uid="$(id -u nobody)"
nobody_gid="$(id -g nobody)"
scratch="$(mktemp -d /tmp/osc-user.XXXXXX)"
mkdir -p "$scratch/home" "$scratch/out" "$scratch/tmp"
chown -R "$nobody_uid:$nobody_gid" "$scratch"
chmod 755 "$scratch"

as_nobody() {
  local envs=(PATH="$PATH" HOME="$scratch/home" DOTNET_CLI_HOME="$scratch/home" TMPDIR="$scratch/tmp"
              OSC_ROOT="$work" DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
              DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1 LANG="${LANG:-C.UTF-8}" TERM="${TERM:-dumb}")
  [ -n "${DOTNET_ROOT:-}" ] && envs+=(DOTNET_ROOT="$DOTNET_ROOT")
  if [ "$(uname -s)" = Darwin ]; then
    sudo -u nobody env -i "${envs[@]}" "$@"
  elif command -v setpriv >/dev/null 2>&1; then
    setpriv --reuid="$nobody_uid" --regid="$nobody_gid" --clear-groups env -i "${envs[@]}" "$@"
  elif command -v runuser >/dev/null 2>&1; then
    runuser -u nobody -- env -i "${envs[@]}" "$@"
  else
    # busybox su: nobody's login shell is nologin, so name a shell explicitly.
    su -s /bin/sh nobody -c "$(printf '%q ' env -i "${envs[@]}" "$@")"
  fi
}

log "$label: running the suite as nobody ($nobody_uid:$nobody_gid)"
rc=0
(cd "$scratch" && as_nobody dotnet "$cli" run --perf --out "$scratch/out" --label "$label" ${run_args[@]+"${run_args[@]}"}) || rc=$?
log "$label: exit status $rc"
[ "$rc" -eq 0 ] || status=1
publish "$label" "$scratch/out"
rm -rf "$scratch"

exit "$status"
