#!/usr/bin/env bash
# The neural benchmark on a lent GPU machine (the `device` tool), which has CUDA PyTorch but no Node.js and no
# network (../shared/notes/compute.md).
#
#   scripts/gpu-check.sh prepare   here: bundle bench/neural.ts into out/bench/neural.cjs (no node_modules needed
#                                  there) and the tfjs worker into out/workers/; put in out/bench/ an xz copy of this
#                                  machine's `node`, the files of the `webgpu` package (dawn.node xz'd) and Debian's
#                                  Vulkan/GL loader .debs (compute.md: what the GPU machines lack for Dawn)
#   scripts/gpu-check.sh run       there (or here): unpack node, Dawn and the loaders if needed, print the card,
#                                  run the bundle (torch steps and proxies; then webgpu and tensorflow against torch)
#
# Carry `out/bench` and `out/workers` with the working tree (the device tool's `carry`; about 35 MB), e.g.
#   run(command: "bash scripts/gpu-check.sh run", carry: ["out/bench", "out/workers"], timeout_s: 400)
# then copy the printed tables into docs/benchmarks.md ("Neural back-ends") with the card's name.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-run}
case "$mode" in
prepare)
    mkdir -p out/bench
    npx esbuild bench/neural.ts --bundle --platform=node --format=cjs --target=node20 \
        --define:import.meta.url=importMetaUrl --inject:scripts/import-meta-url-shim.mjs \
        --outfile=out/bench/neural.cjs --log-level=warning
    npx esbuild bench/neural-pool.ts --bundle --platform=node --format=cjs --target=node20 \
        --define:import.meta.url=importMetaUrl --inject:scripts/import-meta-url-shim.mjs \
        --outfile=out/bench/neural-pool.cjs --log-level=warning
    xz -T0 -9 -c "$(command -v node)" > out/bench/node.xz
    node scripts/bundle.mjs workers/tfjs/worker.ts
    if [ -f node_modules/webgpu/dist/linux-x64/dawn.node ]; then
        mkdir -p out/bench/webgpu
        cp node_modules/webgpu/index.js node_modules/webgpu/package.json out/bench/webgpu/
        xz -T0 -9 -c node_modules/webgpu/dist/linux-x64/dawn.node > out/bench/webgpu/dawn.node.xz
    fi
    mkdir -p out/bench/debs
    (cd out/bench/debs && apt-get download libvulkan1 libegl1 libglvnd0 libopengl0 libgl1 libglx0 libgles2) ||
        echo "gpu-check: apt-get download failed: webgpu will need the machine's own Vulkan loader" >&2
    ls -l out/bench out/bench/webgpu out/bench/debs
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
    # Dawn where the tfjs worker's import('webgpu') finds it, and the Vulkan loader NVIDIA's driver needs.
    if [ -f out/bench/webgpu/dawn.node.xz ] && [ ! -f node_modules/webgpu/dist/linux-x64/dawn.node ]; then
        mkdir -p node_modules/webgpu/dist/linux-x64
        cp out/bench/webgpu/index.js out/bench/webgpu/package.json node_modules/webgpu/
        xz -dc out/bench/webgpu/dawn.node.xz > node_modules/webgpu/dist/linux-x64/dawn.node
    fi
    if compgen -G "out/bench/debs/*.deb" >/dev/null && ! ldconfig -p | grep -q libvulkan.so.1; then
        libs="${TMPDIR:-/tmp}/lissnas-vk"
        for deb in out/bench/debs/*.deb; do dpkg -x "$deb" "$libs"; done
        export LD_LIBRARY_PATH="$libs/usr/lib/x86_64-linux-gnu${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
    fi
    icd=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
    [ -f "$icd" ] && export VK_DRIVER_FILES="$icd"
    # wasm is CPU-only and measured on the CPU machine (docs/benchmarks.md); here the GPU engines against torch.
    "$node_bin" out/bench/neural.cjs --repeats "${REPEATS:-10}" --engines "${ENGINES:-webgpu,tensorflow}"
    # The worker pool on this machine's cores: wasm processes per core, and torch (on the GPU) with 1 and 2 workers.
    "$node_bin" out/bench/neural-pool.cjs --backends wasm --networks 48 --sizes "${POOL_SIZES:-1,2,4,8,16}"
    "$node_bin" out/bench/neural-pool.cjs --backends torch --networks 48 --sizes 1,2
    ;;
*)
    echo "usage: scripts/gpu-check.sh prepare|run" >&2
    exit 2
    ;;
esac
