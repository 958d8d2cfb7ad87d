#!/usr/bin/env bash
# The neural benchmark on a lent GPU machine (the `device` tool), which has CUDA PyTorch but no Node.js and no
# network (../shared/notes/compute.md).
#
#   scripts/gpu-check.sh prepare   here: bundle bench/neural.ts into out/bench/neural.cjs (no node_modules needed
#                                  there) and put an xz-compressed copy of this machine's `node` in out/bench/
#   scripts/gpu-check.sh run       there (or here): unpack node if needed, print nvidia-smi's card, run the bundle
#
# Carry `out/bench` with the working tree (the device tool's `carry`; about 25 MB), e.g.
#   run(command: "bash scripts/gpu-check.sh run", carry: ["out/bench"], timeout_s: 300)
# then copy the printed table into docs/benchmarks.md ("Neural back-ends") with the card's name.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-run}
case "$mode" in
prepare)
    mkdir -p out/bench
    npx esbuild bench/neural.ts --bundle --platform=node --format=cjs --target=node20 \
        --define:import.meta.url=importMetaUrl --inject:scripts/import-meta-url-shim.mjs \
        --outfile=out/bench/neural.cjs --log-level=warning
    xz -T0 -9 -c "$(command -v node)" > out/bench/node.xz
    ls -l out/bench
    ;;
run)
    node_bin=$(command -v node || true)
    if [ -z "$node_bin" ]; then
        [ -f out/bench/node.xz ] || { echo "gpu-check: no node here and no out/bench/node.xz (run 'prepare' first and carry out/bench)" >&2; exit 2; }
        mkdir -p "${TMPDIR:-/tmp}/lissnas-node"
        node_bin="${TMPDIR:-/tmp}/lissnas-node/node"
        [ -x "$node_bin" ] || { xz -dc out/bench/node.xz > "$node_bin"; chmod +x "$node_bin"; }
    fi
    command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader || echo "no nvidia-smi: CPU only"
    python3 -c "import torch; print('torch', torch.__version__, 'cuda', torch.cuda.is_available())"
    [ -f out/bench/neural.cjs ] || { echo "gpu-check: out/bench/neural.cjs missing (run 'prepare' first)" >&2; exit 2; }
    "$node_bin" out/bench/neural.cjs --repeats "${REPEATS:-10}"
    ;;
*)
    echo "usage: scripts/gpu-check.sh prepare|run" >&2
    exit 2
    ;;
esac
