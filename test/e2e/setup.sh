#!/usr/bin/env bash
# Installs what the editor end-to-end test needs on an offline Debian machine (run as root in CI):
# chromium (the browser), libkrb5-dev (code-server's kerberos addon compiles from source), ripgrep
# (code-server's @vscode/ripgrep would download it from GitHub), then code-server + playwright-core
# from this folder's lockfile. Idempotent: every step is skipped when its result is already there.
# Recipe and reasons: docs/testing.md.
set -euo pipefail
cd "$(dirname "$0")"

step_start=0
step() { step_start=$(date +%s); echo "e2e setup: $1"; }
done_step() { echo "e2e setup:   took $(( $(date +%s) - step_start )) s"; }

# --- Debian packages -----------------------------------------------------------------------------
packages=(chromium libkrb5-dev ripgrep)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if (( ${#missing[@]} )); then
  SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  # apt-get update only when a package has no install candidate (empty or stale lists).
  need_update=0
  for p in "${missing[@]}"; do
    cand=$(apt-cache policy "$p" 2>/dev/null | awk '/Candidate:/ {print $2}')
    [[ -z "$cand" || "$cand" == "(none)" ]] && need_update=1
  done
  if (( need_update )); then
    step "apt-get update"; $SUDO apt-get update -qq; done_step
  fi
  step "apt-get install ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  done_step
else
  echo "e2e setup: ${packages[*]} already installed"
fi

# --- ripgrep cache for @vscode/ripgrep (code-server 4.100.3 pins 1.15.11 / v13.0.0-10) -----------
tmp=$(node -p 'require("os").tmpdir()')
rg_cache="$tmp/vscode-ripgrep-cache-1.15.11/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"
if [[ ! -s "$rg_cache" ]]; then
  mkdir -p "$(dirname "$rg_cache")"
  tar czf "$rg_cache" -C "$(dirname "$(command -v rg)")" rg
  echo "e2e setup: filled the ripgrep cache $rg_cache"
fi

# --- npm packages (code-server, playwright-core) ---------------------------------------------------
if [[ -x node_modules/.bin/code-server && -f node_modules/playwright-core/package.json \
      && node_modules/.package-lock.json -nt package-lock.json ]]; then
  echo "e2e setup: node_modules up to date"
else
  step "npm ci (code-server + playwright-core)"
  # unsafe_perm: code-server's postinstall refuses to run as root otherwise;
  # yes: its nested node-pty build runs `npx node-gyp`, which would ask.
  npm_config_unsafe_perm=true npm_config_yes=true npm ci --no-audit --no-fund
  done_step
fi
echo "e2e setup: ready"
