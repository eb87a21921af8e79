#!/usr/bin/env bash
# shellcheck disable=SC2154 # platform, virt, harness, share and run_args come from job.env
# Runs inside the guest (vm/guest/osc-init starts it from the 9p share "job"; vm/vm.sh writes it
# there with job.env). Mounts the host's guest tree (the read-only ext4 disk /dev/vdb) and copies it to
# the local ext4 root disk, warms up, then runs the whole suite as root and as nobody, like
# ci/run-suite.sh does on a machine with the SDK. Each run's report files go to /job/out/LABEL/,
# its exit status to /job/out/LABEL.rc and its wall time to /job/out/LABEL.seconds; a run that
# writes no results.json leaves no LABEL/ directory.
#
# job.env sets: platform (label prefix), virt (kvm or tcg, recorded in results.json), harness
# (empty: the reference), share (a host folder mounted at the same path, or empty), run_args (an
# array passed to both runs).
set -uo pipefail
log() { echo "job: $*"; }
opts=trans=virtio,version=9p2000.L,msize=262144
# shellcheck source=/dev/null
. /job/job.env

log "start at $(cut -d' ' -f1 /proc/uptime) s of guest uptime; kernel $(uname -r); $(ldd --version | head -1)"
mkdir -p /mnt/tree /job/out
mount -t ext4 -o ro,noload /dev/vdb /mnt/tree || { log "cannot mount the tree disk /dev/vdb"; exit 1; }
tree=/var/tmp/os-conformance
rm -rf "$tree"; cp -a /mnt/tree "$tree"; chmod -R a+rX "$tree"
umount /mnt/tree
if [ -n "$share" ]; then
  mkdir -p "$share"
  mount -t 9p -o "$opts,ro" share "$share" || { log "cannot mount the share on $share"; exit 1; }
fi
cli="$tree/.build/cli/os-conformance-cli"
[ -x "$cli" ] || { log "the tree has no $cli"; exit 1; }
harness_args=()
[ -n "$harness" ] && harness_args=(--harness "$harness")
export OSC_ROOT="$tree" OSC_VIRTUALIZATION="$virt" DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

# Warm-up: the first start of the CLI and the harness under emulation is far slower than the
# next ones (page cache, 9p-free local copy); a throw-away smoke run takes that hit, not case 1.
t0=$(date +%s)
"$cli" smoke ${harness_args[@]+"${harness_args[@]}"} >/dev/null 2>&1
log "warm-up (smoke) took $(( $(date +%s) - t0 )) s"

run() { # run LABEL OUTDIR PREFIX...: one whole run; PREFIX is how to start the CLI (e.g. setpriv ...)
  local label="$1" dir="$2"; shift 2
  local start rc=0
  start=$(date +%s)
  log "$label: running the suite"
  "$@" "$cli" run --perf --out "$dir" --label "$label" ${harness_args[@]+"${harness_args[@]}"} \
    ${run_args[@]+"${run_args[@]}"} >"/job/out/$label.log" 2>&1 || rc=$?
  echo "$rc" >"/job/out/$label.rc"
  echo $(( $(date +%s) - start )) >"/job/out/$label.seconds"
  log "$label: exit status $rc after $(cat "/job/out/$label.seconds") s"
  tail -3 "/job/out/$label.log"
  if [ -f "$dir/results.json" ]; then
    # The report files only: work/ holds the cases' FIFOs, sockets and device nodes.
    mkdir -p "/job/out/$label"
    find "$dir" -maxdepth 1 -type f -exec cp {} "/job/out/$label/" \;
  fi
  sync
}

cd /tmp || exit 1
run "$platform-root" /tmp/osc-root

uid="$(id -u nobody)" gid="$(id -g nobody)"
scratch="$(mktemp -d /tmp/osc-user.XXXXXX)"
mkdir -p "$scratch/home" "$scratch/tmp"
chown -R "$uid:$gid" "$scratch"; chmod 755 "$scratch"
cd "$scratch" || exit 1
run "$platform-user" "$scratch/out" setpriv --reuid="$uid" --regid="$gid" --clear-groups \
  env -i PATH="$PATH" HOME="$scratch/home" TMPDIR="$scratch/tmp" OSC_ROOT="$tree" \
  OSC_VIRTUALIZATION="$virt" DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 LANG=C.UTF-8 TERM=dumb
log "done at $(cut -d' ' -f1 /proc/uptime) s of guest uptime"
