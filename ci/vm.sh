#!/usr/bin/env bash
# Runs the suite in QEMU VMs built from Debian's packages; see vm/vm.sh for the options.
exec "$(dirname "${BASH_SOURCE[0]}")/../vm/vm.sh" "$@"
