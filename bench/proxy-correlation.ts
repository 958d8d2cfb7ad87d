/**
 * How well each zero-cost proxy ranks NAS-Bench-201 cells, measured: `npm run bench:proxies -- [--cells N]
 * [--cells-per-stage K] [--seed S] [--batch B] [--micro-batch M] [--data random|fashion_mnist|random,fashion_mnist]` (defaults 100 cells, K = 1, seed 0, batch 64,
 * no chunks; M: the batch computed in chunks of M, docs/proxies.md "Micro-batches"). Draws N cells
 * uniformly (seeded) from data/nb201/nb201.csv, computes every proxy on the torch back-end (the same worker
 * and requests the `proxy(...)` evaluator sends) in the NB201 skeleton with K cells per stage, and prints each
 * proxy's Spearman rho and Kendall tau-b against c10/c100/in16 validation accuracy and its median seconds per
 * network. Cells whose proxy fails (synflow of a cell with no path: log 0) rank last. `--proxies a,b` picks
 * proxies and their order (default: the registry's); each row prints as soon as its proxy is done, so a long
 * run that is stopped keeps the rows it finished. docs/proxies.md records the numbers. Never asserts.
 */
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { resolveBackend } from '../engine/evaluate/neural/backend.js';
import { WorkerProcess } from '../engine/evaluate/neural/worker-process.js';
import { wireOp } from '../engine/cost/ops.js';
import { kendallTauB } from '../engine/metrics/kendall.js';
import { spearman } from '../engine/metrics/spearman.js';
import { PROXY_NAMES } from '../engine/registry/kinds/proxy.js';
import { Rng } from '../engine/rng.js';
import { nb201Space, NB201_CELL_SPEC } from '../engine/space/nb201.js';

const arg = (name: string, fallback: number): number => {
    const i = process.argv.indexOf(`--${name}`);
    return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const cells = arg('cells', 100);
const perStage = arg('cells-per-stage', 1);
const seed = arg('seed', 0);
const batch = arg('batch', 64);
const micro = process.argv.includes('--micro-batch') ? { microBatch: arg('micro-batch', batch) } : {};
// `--data fashion_mnist`: the data proxies on Fashion-MNIST images (docs/proxies.md "Inputs"); default random.
// `--data random,fashion_mnist`: both, on the same cells, and the paired difference of their correlations.
type Data = 'random' | 'fashion_mnist';
const inputs: Data[] = process.argv.includes('--data') ? (process.argv[process.argv.indexOf('--data') + 1].split(',') as Data[]) : ['random'];
const DATASETS = ['c10_val_naslib', 'c100_val_naslib', 'in16_val_naslib'];
const proxiesArg = process.argv.indexOf('--proxies');
const proxies = proxiesArg >= 0 ? process.argv[proxiesArg + 1].split(',') : [...PROXY_NAMES];
const unknown = proxies.filter((p) => !(PROXY_NAMES as readonly string[]).includes(p));
if (unknown.length > 0) throw new Error(`unknown proxy ${unknown.join(', ')} (known: ${PROXY_NAMES.join(', ')})`);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
    const root = join(import.meta.dirname, '..');
    const lines = readFileSync(join(root, 'data', 'nb201', 'nb201.csv'), 'utf8').trim().split('\n');
    const header = lines[0].split(',');
    const col = (name: string) => header.indexOf(name);
    const rng = new Rng(seed);
    const picked = new Set<number>();
    while (picked.size < Math.min(cells, lines.length - 1)) picked.add(1 + Math.floor(rng.next() * (lines.length - 1)));
    const rows = [...picked].map((i) => lines[i].split(','));
    const space = nb201Space();
    const backend = resolveBackend('torch');
    const worker = await WorkerProcess.start(backend);
    const network = { stem: 16, stages: [16, 32, 64], cellsPerStage: perStage, reduction: 'resnet' as const, classes: 10, inputSize: 32, inputChannels: 3 };
    const cell = { nodes: 4, edges: NB201_CELL_SPEC.edges.map(([a, b]) => [a, b] as [number, number]), ops: NB201_CELL_SPEC.ops.map((o) => wireOp(o) as never) };
    console.log(`proxies on ${rows.length} random NB201 cells (seed ${seed}), skeleton C=16, N=${perStage}, batch ${batch}${micro.microBatch ? ` in chunks of ${micro.microBatch}` : ''}, ${inputs.join(' and ')} inputs; torch ${backend.ready.torch} on ${backend.ready.device}, ${backend.ready.threads} thread(s); ${cpus().length} cores (${cpus()[0]?.model ?? '?'})`);
    console.log(`| proxy |${inputs.length > 1 ? ' inputs |' : ''} Spearman c10 | Kendall c10 | Spearman c100 | Kendall c100 | Spearman in16 | Kendall in16 | failed | median s / network |\n|---|---|---|---|---|---|---|---|---|${inputs.length > 1 ? '---|' : ''}`);
    const cellsOf = (name: string) => rows.map((r) => Number(r[col(name)]));
    const paired: Array<{ proxy: string; values: number[][] }> = [];
    for (const proxy of proxies) {
        const byInput: number[][] = [];
        for (const input of inputs) byInput.push(await measure(proxy, input));
        paired.push({ proxy, values: byInput });
    }
    if (inputs.length === 2) {
        // The same cells under both inputs: resample the cells (2,000 times, seeded) and take the 2.5 and 97.5
        // percentiles of the difference of the two Spearman rho, so the spread is the difference's, not each rho's.
        console.log(`\nSpearman rho with ${inputs[1]} minus with ${inputs[0]}, same cells; 95 % paired bootstrap interval (2,000 resamples)`);
        console.log(`| proxy | ${DATASETS.map((d) => `delta ${d.split('_')[0]}`).join(' | ')} |\n|---|${DATASETS.map(() => '---|').join('')}`);
        const boot = new Rng(`${seed}-bootstrap`);
        for (const { proxy, values } of paired) {
            const cellsIdx = rows.map((_, i) => i);
            const columns = DATASETS.map((d) => {
                const truth = cellsOf(d);
                const delta = (idx: number[]) => spearman(idx.map((i) => values[1][i]), idx.map((i) => truth[i])) - spearman(idx.map((i) => values[0][i]), idx.map((i) => truth[i]));
                const draws = Array.from({ length: 2000 }, () => delta(cellsIdx.map(() => boot.int(rows.length)))).sort((a, b) => a - b);
                return `${delta(cellsIdx).toFixed(3)} [${draws[49].toFixed(3)}, ${draws[1949].toFixed(3)}]`;
            });
            console.log(`| ${proxy} | ${columns.join(' | ')} |`);
        }
    }
    worker.close();

    /** One proxy on every cell with one kind of input: prints its row, returns its values (failures rank last). */
    async function measure(proxy: string, input: Data): Promise<number[]> {
        const values: number[] = [];
        const seconds: number[] = [];
        let failed = 0;
        for (const r of rows) {
            const m = await worker.request({ type: 'proxy', network, cell, genotype: space.parse(r[col('arch')]), proxy: proxy as (typeof PROXY_NAMES)[number], batch, ...micro, ...(input === 'random' ? {} : { data: input }), seed: 0, device: 'auto' });
            if (m.type === 'result') {
                values.push(m.value);
                seconds.push(m.seconds);
            } else {
                values.push(-Infinity); // no path through the cell: ranks last
                failed++;
                if (m.type === 'failed' && m.seconds !== undefined) seconds.push(m.seconds);
            }
        }
        const finiteMin = Math.min(...values.filter(Number.isFinite));
        const v = values.map((x) => (Number.isFinite(x) ? x : finiteMin - 1));
        const stats = DATASETS.flatMap((c) => [spearman(v, cellsOf(c)), kendallTauB(v, cellsOf(c))]);
        console.log(`| ${proxy} |${inputs.length > 1 ? ` ${input} |` : ''} ${stats.map((x) => x.toFixed(3)).join(' | ')} | ${failed} | ${median(seconds).toFixed(3)} |`);
        return v;
    }
}

void main();
