#!/usr/bin/env bash
# The VM runner behind ci/vm.sh: runs the whole suite in QEMU guests built from Debian's packages,
# as root and as nobody in each, and brings back each run's report files.
#
#   ci/vm.sh [options] PLATFORM... [-- RUN_ARGS...]
#
#   PLATFORM         a name from vm/platforms.tsv (e.g. debian11-x64, debian13-x64), or all
#   --out DIR        default results/vm; gets DIR/PLATFORM-root/ and DIR/PLATFORM-user/ (results.json,
#                    junit.xml, summary.md, report.html, with run.log, status and seconds), DIR/console/
#                    PLATFORM.log (the guest's serial console; beside it LABEL.run.log, the log of a
#                    run that wrote no results.json) and DIR/merged/ (`merge` of every column made,
#                    plus the --with files)
#   --with FILE      a results.json to merge beside the VM columns (e.g. this machine's); repeatable
#   --harness "CMD"  run this harness instead of the reference (split like a POSIX shell, in the guest)
#   --share DIR      a host folder mounted read-only at the same path in the guest (for --harness)
#   --timeout S      seconds a guest may run in all (default 5400); a guest whose init has not
#                    started after --boot-timeout seconds (default 300) is stopped then
#   --accel A        auto (default: KVM if a bounded test boot works, else TCG), kvm or tcg
#   --tree DIR       a guest tree made by vm/guest-build.sh (default: vm/guest-build.sh makes it)
#   --subset NAME    run only the cases of a named subset of vm/subsets.tsv (e.g. arch); the runs'
#                    results.json record its filters
#   RUN_ARGS         passed to both runs (e.g. --filter 'open/**')
#
# The image comes from vm/image.sh (cached, keyed by its inputs); the guest tree (NativeAOT harness
# linked against the guest's own glibc, the CLI self-contained) from vm/guest-build.sh. In the guest
# the tree comes in as a read-only ext4 disk and is copied to the local ext4 root disk (a qcow2 overlay of
# the cached image, deleted afterwards), where the runs' work dirs are too. Under TCG each case has
# 120 s instead of 10 unless RUN_ARGS set --timeout (emulation on a loaded host starts a harness in
# over 30 s; the cases are the same).
# A column is only ever filled by a run of this invocation: earlier outputs are deleted first. A
# guest that does not boot, hangs or writes no results is stopped within the timeouts, named, and
# its console's last lines shown; no qemu process outlives this script.
# Exit status: 0 when every run of every platform exited 0; 1 otherwise; 2 on a usage or setup error.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
log() { echo "vm: $*" >&2; }
usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit 2; }

out="$root/results/vm" harness="" share="" limit=5400 boot_limit=300 accel=auto tree_dir="" subset=""
with=() platforms=()
while [ $# -gt 0 ]; do
  case "$1" in
    --out|--with|--harness|--share|--timeout|--boot-timeout|--accel|--tree|--subset)
      [ $# -ge 2 ] || usage
      case "$1" in
        --out) out="$2" ;; --with) with+=("$2") ;; --harness) harness="$2" ;; --share) share="$2" ;;
        --timeout) limit="$2" ;; --boot-timeout) boot_limit="$2" ;; --accel) accel="$2" ;;
        --tree) tree_dir="$2" ;; --subset) subset="$2" ;;
      esac
      shift 2 ;;
    -h|--help) usage ;;
    --) shift; break ;;
    -*) log "unknown option '$1'"; usage ;;
    *) platforms+=("$1"); shift ;;
  esac
done
run_args=("$@")
rows() { grep -v '^[[:space:]]*\(#\|$\)' "$here/$1"; }
if [ -n "$subset" ]; then
  read -r -a globs < <(rows subsets.tsv | awk -v n="$subset" '$1 == n { $1 = ""; print }') || true
  [ ${#globs[@]} -gt 0 ] || { log "unknown subset '$subset' (vm/subsets.tsv has: $(rows subsets.tsv | awk '{print $1}' | xargs))"; exit 2; }
  for g in "${globs[@]}"; do run_args+=(--filter "$g"); done
fi

table() { rows platforms.tsv; }
[ ${#platforms[@]} -gt 0 ] || { log "name at least one platform: $(table | awk '{print $1}' | xargs)"; exit 2; }
if [ "${platforms[*]}" = all ]; then mapfile -t platforms < <(table | awk '{print $1}'); fi
for p in "${platforms[@]}"; do
  table | awk -v p="$p" '$1 == p { found = 1 } END { exit !found }' \
    || { log "unknown platform '$p' (vm/platforms.tsv has: $(table | awk '{print $1}' | xargs))"; exit 2; }
done
case "$limit$boot_limit" in *[!0-9]*) log "--timeout and --boot-timeout take whole seconds"; exit 2 ;; esac
case "$accel" in auto|kvm|tcg) ;; *) log "--accel is auto, kvm or tcg"; exit 2 ;; esac
[ -z "$share" ] || [ -d "$share" ] || { log "--share $share is not a folder"; exit 2; }
[ -z "$share" ] || share="$(cd "$share" && pwd)"
[ -z "$tree_dir" ] || [ -x "$tree_dir/.build/cli/os-conformance-cli" ] \
  || { log "--tree $tree_dir has no .build/cli/os-conformance-cli"; exit 2; }
[ "$(id -u)" -eq 0 ] || { log "run as root (debootstrap builds the images)"; exit 2; }
command -v qemu-img >/dev/null || { log "qemu-img is missing (Debian package qemu-utils)"; exit 2; }

mkdir -p "$out/console"
out="$(cd "$out" && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/osc-vm.XXXXXX")"
qemu_pid=""
# shellcheck disable=SC2317 # called by the traps
stop_qemu() {
  if [ -n "$qemu_pid" ] && kill -0 "$qemu_pid" 2>/dev/null; then
    kill "$qemu_pid" 2>/dev/null; sleep 2; kill -9 "$qemu_pid" 2>/dev/null || true
  fi
  qemu_pid=""
}
# shellcheck disable=SC2317
cleanup() { stop_qemu; rm -rf "$work"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

qemu_for() { # qemu_for ARCH ACCEL: sets qemu (argv prefix) and console for that architecture
  local cpu
  # arm64 under TCG: Debian's kernel and glibc sign return addresses (pointer authentication), and
  # QEMU's architected algorithm for it (QARMA5) is slow to emulate; its own one is not. SVE is
  # 128 bits wide, as on Neoverse N2/V2: at QEMU's default of 512 the guest's .NET CLI crashed in
  # every run (its signal context is sized for 128-bit SVE; docs/platforms.md).
  case "$1:$2" in *:kvm) cpu=host ;; arm64:tcg) cpu=max,pauth-impdef=on,sve-max-vq=1 ;; *) cpu=max ;; esac
  case "$1" in
    x64) qemu=(qemu-system-x86_64 -M q35 -cpu "$cpu") console=ttyS0 ;;
    arm64) qemu=(qemu-system-aarch64 -M virt -cpu "$cpu") console=ttyAMA0 ;;
  esac
  qemu+=(-accel "$2" -smp 2 -m 3072 -display none -monitor none -no-reboot -nic none)
}

boot() { # boot ARCH ACCEL IMAGE JOBDIR LIMIT BOOT_LIMIT [QEMU_ARGS...]: runs the guest to its end
  # or a limit; the console is in JOBDIR/console.log. Returns 0 when QEMU ended by itself, 124 on a limit.
  local arch="$1" acc="$2" image="$3" job="$4" lim="$5" blim="$6"; shift 6
  local qemu console start init="${OSC_VM_INIT:-/sbin/osc-init}"
  qemu_for "$arch" "$acc"
  command -v "${qemu[0]}" >/dev/null || { echo "${qemu[0]} is missing" >"$job/console.log"; return 2; }
  # no_timer_check: under a loaded TCG host the kernel's IO-APIC timer check fails and panics.
  qemu-img create -q -f qcow2 -b "$image/rootfs.ext4" -F raw "$job/root.qcow2"
  "${qemu[@]}" -kernel "$image/vmlinuz" -initrd "$image/initrd.img" \
    -append "root=/dev/vda rw console=$console init=$init panic=-1 loglevel=4 no_timer_check" \
    -drive "file=$job/root.qcow2,if=virtio,format=qcow2" -serial "file:$job/console.log" \
    -virtfs "local,path=$job,mount_tag=job,security_model=none,id=job" "$@" </dev/null >"$job/qemu.log" 2>&1 &
  qemu_pid=$!
  start=$SECONDS
  while kill -0 "$qemu_pid" 2>/dev/null; do
    if [ $((SECONDS - start)) -ge "$lim" ] \
       || { [ $((SECONDS - start)) -ge "$blim" ] && ! grep -qs 'osc-init: userspace up' "$job/console.log"; }; then
      stop_qemu; return 124
    fi
    sleep 2
  done
  wait "$qemu_pid" 2>/dev/null || true
  qemu_pid=""
  rm -f "$job/root.qcow2"
  return 0
}

kvm_works=""
pick_accel() { # pick_accel ARCH IMAGE: prints kvm or tcg
  if [ "$accel" != auto ]; then echo "$accel"; return; fi
  local host
  case "$(uname -m)" in x86_64) host=x64 ;; aarch64) host=arm64 ;; *) host=none ;; esac
  if [ "$1" != "$host" ] || [ ! -w /dev/kvm ]; then echo tcg; return; fi
  if [ -z "$kvm_works" ]; then
    # A bounded test boot: /dev/kvm can exist and still hang the guest (nested KVM).
    local job="$work/kvm-test"; mkdir -p "$job"
    printf '#!/bin/sh\necho osc-kvm-boot-ok\n' >"$job/job.sh"; chmod +x "$job/job.sh"
    kvm_works=no
    if boot "$1" kvm "$2" "$job" 90 60 && grep -qs osc-kvm-boot-ok "$job/console.log"; then kvm_works=yes; fi
    log "KVM test boot: $kvm_works"
  fi
  if [ "$kvm_works" = yes ]; then echo kvm; else echo tcg; fi
}

status=0
produced=()
for p in "${platforms[@]}"; do
  read -r _ release arch < <(table | awk -v p="$p" '$1 == p')
  rm -rf "${out:?}/$p-root" "${out:?}/$p-user" "$out/console/$p.log" "$out/console/$p-"*.run.log
  fail() { log "$p: $*"; status=1; }

  t=$SECONDS
  image="$("$here/image.sh" "$release" "$arch")" || { fail "no guest image"; continue; }
  log "$p: image $image ($((SECONDS - t)) s)"
  t=$SECONDS
  tree="$tree_dir"
  if [ -z "$tree" ]; then tree="$("$here/guest-build.sh" "$release" "$arch")" || { fail "no guest build"; continue; }; fi
  log "$p: guest tree $tree ($((SECONDS - t)) s)"
  acc="$(pick_accel "$arch" "$image")"

  job="$work/$p"; mkdir -p "$job/out"
  cp "$here/guest/job.sh" "$job/job.sh"
  args=(${run_args[@]+"${run_args[@]}"})
  if [ "$acc" = tcg ] && ! printf '%s\n' ${args[@]+"${args[@]}"} | grep -q '^--timeout'; then args+=(--timeout 120); fi
  {
    printf 'platform=%q\nvirt=%q\nharness=%q\nshare=%q\n' "$p" "$acc" "$harness" "$share"
    printf 'run_args=('; printf '%q ' ${args[@]+"${args[@]}"}; printf ')\n'
  } >"$job/job.env"
  # The tree goes in as a read-only ext4 disk (the guest's vdb): 9p under TCG took minutes for its 90 MB.
  mkfs.ext4 -q -F -L osctree -d "$tree" "$job/tree.ext4" "$(( $(du -sm "$tree" | cut -f1) + 64 ))M" >/dev/null \
    || { fail "cannot make the tree disk"; continue; }
  extra=(-drive "file=$job/tree.ext4,if=virtio,format=raw,readonly=on")
  [ -z "$share" ] || extra+=(-virtfs "local,path=$share,mount_tag=share,security_model=none,readonly=on,id=share")

  log "$p: booting ($acc, up to $limit s)"
  t=$SECONDS
  rc=0
  boot "$arch" "$acc" "$image" "$job" "$limit" "$boot_limit" "${extra[@]}" || rc=$?
  cp "$job/console.log" "$out/console/$p.log" 2>/dev/null || true
  case "$rc" in
    0) log "$p: the guest powered off after $((SECONDS - t)) s" ;;
    124) fail "the guest was stopped after $((SECONDS - t)) s (no boot within $boot_limit s, or over $limit s)" ;;
    *) fail "the guest could not start: $(cat "$job/console.log" "$job/qemu.log" 2>/dev/null | tail -3)" ;;
  esac
  grep -h '^job:\|osc-init:' "$job/console.log" 2>/dev/null | sed "s/^/vm: $p: /" >&2 || true
  for who in root user; do
    label="$p-$who"
    if [ -f "$job/out/$label/results.json" ]; then
      cp -r "$job/out/$label" "$out/$label"
      cp "$job/out/$label.log" "$out/$label/run.log"
      cp "$job/out/$label.rc" "$out/$label/status"
      cp "$job/out/$label.seconds" "$out/$label/seconds"
      produced+=("$out/$label/results.json")
      run_rc="$(cat "$out/$label/status")"
      log "$label: exit status $run_rc, $(cat "$out/$label/seconds") s; $out/$label"
      [ "$run_rc" = 0 ] || status=1
    else
      fail "$label: no results.json; no column for it. Last console lines:"
      tail -n 25 "$job/console.log" 2>/dev/null | sed 's/^/    /' >&2 || true
      if [ -f "$job/out/$label.log" ]; then
        # The work dir goes with this script: keep the run's own log for the post-mortem.
        cp "$job/out/$label.log" "$out/console/$label.run.log"
        tail -n 10 "$job/out/$label.log" | sed 's/^/    run: /' >&2
        log "$label: the run's log is $out/console/$label.run.log"
      fi
    fi
  done
done

if [ ${#produced[@]} -gt 0 ]; then
  rm -rf "$out/merged"
  if "$root/os-conformance" merge "${produced[@]}" ${with[@]+"${with[@]}"} --out "$out/merged" >&2; then
    log "merged: $out/merged"
  else
    log "merge failed"; status=1
  fi
fi
exit "$status"
