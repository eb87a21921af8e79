#!/usr/bin/env bash
# Host side of the Vagrant matrix: brings the VMs up (provisioning runs the suite as root and as
# nobody in each), fetches their results into results/, and merges every results/*/results.json
# into one compatibility report in results/merged (HTML, Markdown, JSON).
#
#   ci/collect.sh [VM...]          # default: every VM the Vagrantfile defines
#   ci/collect.sh debian12 alpine  # a subset; other VMs' earlier results stay in results/
#
# Needs vagrant with a provider for the chosen boxes, rsync on the host (the default synced-folder
# type, see the Vagrantfile), and the .NET SDK on the host for `merge`.
# Environment: OSC_COLLECT_DESTROY=1 destroys each VM after its results are fetched;
# OSC_SYNC_TYPE and OSC_BOX_<VM> are read by the Vagrantfile.
#
# Results are fetched from the guest's /var/tmp/os-conformance-results over `vagrant ssh`, so
# rsync-type and read-only synced folders work too. A VM's old results/<platform>-* folders are
# removed before it runs: if its run produces nothing, its columns are absent, never stale.
# Exit status: 0 when every VM ran with nothing unexpected and the merge succeeded, else 1.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
log() { echo "collect: $*" >&2; }

command -v vagrant >/dev/null 2>&1 || { log "vagrant is not installed"; exit 2; }

# The Vagrantfile's machine names, without asking a provider (vagrant status would).
all_vms() { sed -n 's/^  "\([a-z0-9]*\)" *=> *\["[^"]*", *"\([^"]*\)".*/\1 \2/p' Vagrantfile; }
platform_of() { all_vms | awk -v vm="$1" '$1 == vm { print $2 }'; }

if [ $# -gt 0 ]; then vms=("$@"); else mapfile -t vms < <(all_vms | awk '{ print $1 }'); fi
[ ${#vms[@]} -gt 0 ] || { log "no VMs found in the Vagrantfile"; exit 2; }

mkdir -p results
status=0
for vm in "${vms[@]}"; do
  platform="$(platform_of "$vm")"
  [ -n "$platform" ] || { log "no VM named '$vm' in the Vagrantfile"; exit 2; }
  rm -rf "results/$platform-root" "results/$platform-user"

  log "$vm: vagrant up"
  if ! vagrant up "$vm" --no-provision; then
    log "$vm: did not come up"
    status=1
    continue
  fi
  # An already running VM is not re-synced by `up`: push the current tree before provisioning.
  if [ "${OSC_SYNC_TYPE:-rsync}" = rsync ]; then vagrant rsync "$vm"; fi
  log "$vm: vagrant provision (install .NET, build, run the suite as root and as nobody)"
  if ! vagrant provision "$vm"; then
    log "$vm: provisioning reported a failure (see above); fetching whatever it produced"
    status=1
  fi

  log "$vm: fetching results"
  staging="$(mktemp -d "$root/results/.fetch-$vm.XXXXXX")"
  if vagrant ssh "$vm" -c 'sudo tar -C /var/tmp/os-conformance-results -cf - .' \
       > "$staging/results.tar" 2>/dev/null \
     && tar -C "$staging" -xf "$staging/results.tar"; then
    for run in "$platform-root" "$platform-user"; do
      if [ -f "$staging/$run/results.json" ]; then
        rm -rf "results/$run"
        mv "$staging/$run" "results/$run"
        log "$vm: results/$run"
      else
        log "$vm: no results for $run"
        status=1
      fi
    done
  else
    log "$vm: could not fetch results"
    status=1
  fi
  rm -rf "$staging"

  if [ "${OSC_COLLECT_DESTROY:-0}" = 1 ]; then vagrant destroy -f "$vm" || true; fi
done

inputs=()
for f in results/*/results.json; do
  [ -f "$f" ] || continue
  case "$f" in results/merged/*) continue ;; esac
  inputs+=("$f")
done
[ ${#inputs[@]} -gt 0 ] || { log "no results to merge"; exit 1; }

log "merging ${#inputs[@]} result files: ${inputs[*]}"
rm -rf results/merged
./os-conformance merge "${inputs[@]}" --out results/merged || { log "merge failed"; exit 1; }
log "merged report: results/merged"
exit "$status"
