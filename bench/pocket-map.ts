/**
 * Pocket view at scale. `npm run bench:map` (node --import tsx bench/pocket-map.ts). Prints numbers and the
 * machine; never asserts a time. docs/benchmarks.md ("Pocket map") records them.
 *
 * Data side (this file, engine/report/pocket-map.ts): for 500, 2,000 and 5,000 distinct NB201 architectures
 * sampled through the engine (uniform samples of the NB201 space, deduplicated by key) and evaluated by the real
 * table evaluator (data/nb201/nb201.csv, c10_val_naslib / c10_test), the time to build the PocketMap (embedding,
 * pocket assignment, drawings) and the size of its JSON (what `lissnas map --json` prints and the pocket webview
 * receives), with classical MDS and with landmark MDS (200 landmarks). Pockets: the 10 best architectures as
 * seeds with radius 1; members: the points within distance 1 of a seed.
 * Options: --sizes 500,2000,5000; --no-classical-above N (skip classical MDS above N points; it is O(N²)).
 *
 * Render side: NOT HERE YET. The webview helper adds it below at `RENDER SIDE` (see the comment there): it receives
 * the built maps' JSON texts from `buildCases()` and measures the webview drawing them.
 */
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { TableEvaluator } from '../engine/evaluate/table.js';
import { buildPocketMap, type EvaluatedArch } from '../engine/report/pocket-map.js';
import { Rng } from '../engine/rng.js';
import { nb201Space } from '../engine/space/nb201.js';
import type { Genotype } from '../engine/space/types.js';

const CSV = 'data/nb201/nb201.csv';

function option(name: string): string | undefined {
    const i = process.argv.indexOf(`--${name}`);
    return i >= 0 ? process.argv[i + 1] : undefined;
}

const SIZES = (option('sizes') ?? '500,2000,5000').split(',').map(Number);
const CLASSICAL_LIMIT = Number(option('no-classical-above') ?? Infinity);

export interface MapCase {
    points: number;
    method: 'classical-mds' | 'landmark-mds';
    buildMs: number;
    json: string;
    explained: number;
}

/** `count` distinct NB201 architectures with their table metrics, sampled through the engine (seeded). */
async function evaluatedArchitectures(table: TableEvaluator, count: number): Promise<EvaluatedArch[]> {
    const space = nb201Space();
    const rng = new Rng(`bench-webview-${count}`);
    const seen = new Set<string>();
    const genotypes: Genotype[] = [];
    while (genotypes.length < count) {
        const g = space.sample(rng);
        const key = space.key(g);
        if (seen.has(key)) continue;
        seen.add(key);
        genotypes.push(g);
    }
    const results = await table.evaluate(genotypes, space);
    return results.map((r, i) => ({
        genotype: genotypes[i],
        key: r.key,
        ...(r.metric !== undefined ? { metric: r.metric } : {}),
        ...(r.report !== undefined ? { report: r.report } : {}),
        ...(r.score !== undefined ? { score: r.score } : {}),
        ...(r.error !== undefined ? { error: r.error } : {}),
        iteration: 1 + Math.floor(i / 50),
    }));
}

/** Builds every (size, method) map; the render side reuses the JSON texts. */
export async function buildCases(sizes = SIZES, classicalLimit = CLASSICAL_LIMIT, log: (line: string) => void = () => {}): Promise<MapCase[]> {
    const table = new TableEvaluator({ path: CSV, keyColumn: 'arch', keyFormat: 'nb201', metric: 'c10_val_naslib', report: 'c10_test' });
    const space = nb201Space();
    const cases: MapCase[] = [];
    for (const n of sizes) {
        const evaluated = await evaluatedArchitectures(table, n);
        const ranked = evaluated.filter((e) => e.score !== undefined).sort((a, b) => b.score! - a.score! || (a.key < b.key ? -1 : 1));
        const seeds = ranked.slice(0, 10).map((e) => e.genotype);
        const pockets = seeds.map((g) => ({ seed: space.format(g), radius: 1 }));
        const isMember = (g: Genotype) => seeds.some((s) => space.distance(s, g) <= 1);
        for (const method of ['classical-mds', 'landmark-mds'] as const) {
            if (method === 'classical-mds' && n > classicalLimit) {
                log(`${String(n).padStart(6)}  ${method.padEnd(14)}  skipped (--no-classical-above ${classicalLimit})`);
                continue;
            }
            const t0 = performance.now();
            const map = buildPocketMap({ command: 'shrink', name: 'bench', space, metricName: 'c10_val_naslib', reportName: 'c10_test', evaluated, pockets, isMember, embedding: { method, landmarks: 200 } });
            const json = JSON.stringify(map);
            const buildMs = performance.now() - t0;
            const c: MapCase = { points: n, method, buildMs, json, explained: map.embedding.explained };
            cases.push(c);
            log(
                `${String(n).padStart(6)}  ${method.padEnd(14)}  ${(buildMs / 1000).toFixed(2).padStart(7)} s  ${(Buffer.byteLength(json) / 1e6).toFixed(2).padStart(6)} MB` +
                    `  explained ${(100 * c.explained).toFixed(1)} %  landmarks ${map.embedding.landmarks}`,
            );
        }
    }
    return cases;
}

async function main(): Promise<void> {
    const cpu = cpus();
    process.stdout.write(`machine: ${cpu.length} x ${cpu[0]?.model ?? '?'}; node ${process.version}; load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}\n\n`);
    process.stdout.write('pocket map, data side (build = embedding + pockets + drawings + JSON.stringify):\n');
    process.stdout.write(' points  method          build      JSON\n');
    const cases = await buildCases(SIZES, CLASSICAL_LIMIT, (line) => process.stdout.write(line + '\n'));

    // The render side (the same 5,000-point map drawn in headless Chromium) is bench/webview.ts.
    void cases;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
    main().catch((error) => {
        console.error(error);
        process.exit(1);
    });
}
