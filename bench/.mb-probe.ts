// dev probe (not committed): every data proxy on both workers, optional microBatch
import { TorchWorker } from '../engine/evaluate/neural/torch-worker.js';
import { resolveBackend } from '../engine/evaluate/neural/backend.js';
import { NB201_WIRE_CELL, TINY_NETWORK } from '../test/engine/neural/torch-env.js';
const micro = process.argv[2] ? Number(process.argv[2]) : undefined;
const batch = Number(process.argv[3] ?? 12);
const out: Record<string, unknown> = {};
for (const b of ['torch', 'wasm'] as const) {
    const w = await TorchWorker.start(resolveBackend(b));
    for (const proxy of ['naswot', 'grad_norm', 'snip', 'jacob_cov', 'fisher', 'synflow'])
        for (const g of [[3, 3, 3, 3, 3, 3], [2, 3, 4, 0, 1, 3]]) {
            const m = await w.request({ type: 'proxy', network: TINY_NETWORK, cell: NB201_WIRE_CELL, genotype: g, proxy, batch, seed: 0, device: 'cpu', ...(micro ? { microBatch: micro } : {}) });
            out[`${b} ${proxy} ${g.join('')}`] = m.type === 'result' ? m.value : m;
        }
    w.close();
}
console.log(JSON.stringify(out, null, 1));
