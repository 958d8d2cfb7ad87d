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
# code-server's native addons (argon2, node-pty, kerberos) build with node-gyp, whose include paths break on a
# folder name with a space ("napi.h: No such file or directory"). In a checkout at such a path the packages are
# installed in a folder of the temporary directory named after a hash of the checkout's path, and node_modules
# here is a link to it (the harness and the webview test find code-server and playwright-core through it).
install_dir="$PWD"
if [[ "$PWD" == *[[:space:]]* ]]; then
  install_dir="$tmp/lissnas-e2e-$(printf '%s' "$PWD" | sha1sum | cut -c1-12)"
  mkdir -p "$install_dir"
  cp package.json package-lock.json "$install_dir/"
  [[ -L node_modules || ! -e node_modules ]] && ln -sfn "$install_dir/node_modules" node_modules
  echo "e2e setup: this checkout's path has a space; the packages go to $install_dir"
fi
if [[ -x node_modules/.bin/code-server && -f node_modules/playwright-core/package.json \
      && "$install_dir/node_modules/.package-lock.json" -nt package-lock.json ]]; then
  echo "e2e setup: node_modules up to date"
else
  step "npm ci (code-server + playwright-core)"
  # unsafe_perm: code-server's postinstall refuses to run as root otherwise;
  # yes: its nested node-pty build runs `npx node-gyp`, which would ask.
  (cd "$install_dir" && npm_config_unsafe_perm=true npm_config_yes=true npm ci --no-audit --no-fund)
  done_step
fi
echo "e2e setup: ready"
