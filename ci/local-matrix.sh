#!/usr/bin/env bash
# The matrix pipeline on this machine, without VMs: runs the suite against the reference as root
# and as an unprivileged user (nobody, via util-linux's setpriv) and merges the two runs side by
# side into one compatibility report. Linux only; run as root. Both runs use `run --perf`, so the
# merged report has the performance table next to conformance.
#
#   ci/local-matrix.sh [--out DIR] [--platform NAME] [--no-build] [-- RUN_ARGS...]
#
#   --out DIR        default results/local; gets DIR/NAME-root/, DIR/NAME-user/ and DIR/merged/
#   --platform NAME  default linux-<glibc|musl>-<arch>, e.g. linux-glibc-x64
#   --no-build       use the existing .build/ instead of running ./os-conformance build first
#   RUN_ARGS         passed to both runs (e.g. --filter 'open/*')
#
# A column is only ever filled with results a run produced: earlier outputs are deleted first,
# and a run that writes no results.json is left out of the merge (and the script fails).
# Exit status: 0 when both runs found nothing unexpected and the merge succeeded; 1 otherwise;
# 2 on a usage or setup error.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
log() { echo "local-matrix: $*" >&2; }
usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit 2; }

out="$root/results/local"
platform=""
build=1
while [ $# -gt 0 ]; do
  case "$1" in
    --out) [ $# -ge 2 ] || usage; out="$2"; shift 2 ;;
    --out=*) out="${1#--out=}"; shift ;;
    --platform) [ $# -ge 2 ] || usage; platform="$2"; shift 2 ;;
    --platform=*) platform="${1#--platform=}"; shift ;;
    --no-build) build=0; shift ;;
    -h|--help) usage ;;
    --) shift; break ;;
    *) log "unknown argument '$1'"; usage ;;
  esac
done
run_args=("$@")

[ "$(uname -s)" = Linux ] || { log "Linux only (on macOS use ci/run-suite.sh)"; exit 2; }
[ "$(id -u)" -eq 0 ] || { log "run as root: the unprivileged run drops from root to nobody with setpriv"; exit 2; }
command -v setpriv >/dev/null 2>&1 || { log "setpriv (util-linux) is missing"; exit 2; }
command -v dotnet >/dev/null 2>&1 || { log "dotnet is missing (ci/install-dotnet.sh installs it)"; exit 2; }

if [ -z "$platform" ]; then
  libc=glibc
  if ldd --version 2>&1 | grep -qi musl; then libc=musl; fi
  case "$(uname -m)" in x86_64|amd64) arch=x64 ;; aarch64|arm64) arch=arm64 ;; *) arch="$(uname -m)" ;; esac
  platform="linux-$libc-$arch"
fi
case "$platform" in
  *[!A-Za-z0-9._-]*|"") log "--platform must be letters, digits, '.', '_' or '-'"; exit 2 ;;
esac
mkdir -p "$out"
out="$(cd "$out" && pwd)"

export OSC_ROOT="$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
nobody_uid="$(id -u nobody)"
nobody_gid="$(id -g nobody)"
root_label="$platform-root"
user_label="$platform-user"
rm -rf "${out:?}/$root_label" "${out:?}/$user_label" "${out:?}/merged"

# 1. Build once, as root. Both runs then use that build's CLI directly (`dotnet .build/cli/...`),
#    not the launcher, which would rebuild whenever a source is newer than the build: both columns
#    come from the same build, and nobody never builds.
if [ "$build" = 1 ]; then
  log "building (./os-conformance build)"
  "$root/os-conformance" build || { log "the build failed"; exit 2; }
fi
cli="$root/.build/cli/os-conformance-cli.dll"
[ -f "$cli" ] || { log "no $cli: build first (./os-conformance build)"; exit 2; }

# 2. nobody must be able to read the tree and the build (every directory above it included).
#    If it cannot (a checkout under /root, a 077 umask), run from a world-readable copy instead.
osc_root="$root"
staged=""
# shellcheck disable=SC2016 # $1 and $2 are the inner sh's arguments
if ! setpriv --reuid="$nobody_uid" --regid="$nobody_gid" --clear-groups \
       sh -c 'test -r "$1" && test -r "$2/global.json" && test -x "$2/.build/harness"' _ "$cli" "$root"; then
  staged="$(mktemp -d /tmp/osc-tree.XXXXXX)"
  log "nobody cannot read $root; running the unprivileged pass from a copy in $staged"
  (cd "$root" && tar -cf - --exclude=./.git --exclude=./results --exclude=./out \
     --exclude='*/bin' --exclude='*/obj' .) | (cd "$staged" && tar -xf -)
  chmod -R a+rX "$staged"
  chmod 755 "$staged"
  osc_root="$staged"
fi

status=0
produced=()

# 3. As root.
log "$root_label: running the suite"
rc=0
(cd "$root" && dotnet "$cli" run --perf --out "$out/$root_label" --label "$root_label" \
  ${run_args[@]+"${run_args[@]}"}) || rc=$?
log "$root_label: exit status $rc"
[ "$rc" -eq 0 ] || status=1
if [ -f "$out/$root_label/results.json" ]; then produced+=("$out/$root_label/results.json")
else log "$root_label: no results.json; left out of the merge"; rm -rf "${out:?}/$root_label"; status=1; fi

# 4. As nobody: a scratch directory in /tmp that nobody owns (the output directory and the
#    working directory), HOME and DOTNET_CLI_HOME in it (without them the dotnet host says "The
#    user's home directory could not be determined"), and a clean environment.
scratch="$(mktemp -d /tmp/osc-user.XXXXXX)"
# shellcheck disable=SC2317 # called by the EXIT trap
cleanup() { rm -rf "$scratch" ${staged:+"$staged"}; }
trap cleanup EXIT
mkdir -p "$scratch/home" "$scratch/tmp" "$scratch/out"
chown -R "$nobody_uid:$nobody_gid" "$scratch"
chmod 755 "$scratch"

envs=(PATH="$PATH" HOME="$scratch/home" DOTNET_CLI_HOME="$scratch/home" TMPDIR="$scratch/tmp"
      OSC_ROOT="$osc_root" DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
      DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1 LANG="${LANG:-C.UTF-8}" TERM="${TERM:-dumb}")
[ -n "${DOTNET_ROOT:-}" ] && envs+=(DOTNET_ROOT="$DOTNET_ROOT")

log "$user_label: running the suite as nobody ($nobody_uid:$nobody_gid)"
rc=0
(cd "$scratch" && setpriv --reuid="$nobody_uid" --regid="$nobody_gid" --clear-groups \
   env -i "${envs[@]}" dotnet "$osc_root/.build/cli/os-conformance-cli.dll" run --perf \
   --out "$scratch/out" --label "$user_label" ${run_args[@]+"${run_args[@]}"}) || rc=$?
log "$user_label: exit status $rc"
[ "$rc" -eq 0 ] || status=1
if [ -f "$scratch/out/results.json" ]; then
  # The report files only: work/ holds the cases' FIFOs, sockets and device nodes.
  mkdir -p "$out/$user_label"
  find "$scratch/out" -maxdepth 1 -type f -exec cp {} "$out/$user_label/" \;
  produced+=("$out/$user_label/results.json")
else
  log "$user_label: no results.json; left out of the merge"; status=1
fi

# 5. Merge what the runs produced, side by side.
if [ ${#produced[@]} -eq 0 ]; then log "no run produced results; nothing to merge"; exit 1; fi
log "merging ${produced[*]}"
if (cd "$root" && dotnet "$cli" merge "${produced[@]}" --out "$out/merged"); then
  log "merged report: $out/merged (report.html / Markdown / JSON)"
else
  log "merge failed"; status=1
fi
[ ${#produced[@]} -eq 2 ] || status=1
exit "$status"
