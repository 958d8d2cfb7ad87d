import { TorchWorker } from '../engine/evaluate/neural/torch-worker.js';
import { resolveBackend } from '../engine/evaluate/neural/backend.js';
import { NB201_WIRE_CELL, NB201_WIRE_NETWORK } from '../test/engine/neural/torch-env.js';
const backend = process.argv[2] as 'wasm' | 'torch';
for (const spec of process.argv.slice(3)) {
    const [batch, micro] = spec.split('/').map(Number);
    const w = await TorchWorker.start(resolveBackend(backend));
    const t = performance.now();
    const m = await w.request({ type: 'proxy', network: NB201_WIRE_NETWORK, cell: NB201_WIRE_CELL, genotype: [3, 3, 3, 3, 3, 3], proxy: 'grad_norm', batch, seed: 0, device: 'cpu', ...(micro ? { microBatch: micro } : {}) }).catch((e) => ({ error: String(e) }));
    console.log(backend, spec, ((performance.now() - t) / 1000).toFixed(1), 's', JSON.stringify(m).slice(0, 300));
    w.close();
}
