/**
 * Engine speed on NAS-Bench-201, measured in process. `npm run bench:engine` (node --import tsx bench/engine.ts).
 * Prints numbers and the machine; never asserts a time. docs/benchmarks.md ("Engine") records them.
 *
 *   (a) one LISSNAS run with the tour's settings (examples/tour.nas: sample 100, top 10, distance 1 in the full
 *       space, plateau(patience 1, delta 0.05), max 10 iterations, seed 42), each run with a fresh cache over the
 *       already loaded table: median of --runs runs (default 20) after one warm-up. The one-time CSV load is
 *       printed separately.
 *   (b) the shrinkage study `lissnas study examples/study-nb201.nas --policies Lissnas,ABS,Random --seeds 30
 *       --datasets c10,c100,in16` (no searches): 3 policies x 30 seeds x 3 datasets = 270 policy runs, each in
 *       its own session and cache, each measured against the whole table (every metric of docs/metrics.md),
 *       aggregated, and study.json / study.md / report.html written to a temporary folder. --no-study skips it.
 *   (c) evaluations per second of the cached table evaluator: all 15,625 cells once through a fresh cache
 *       (misses: a table lookup each), then again (hits), one `evaluate` call per cell as searches do, and in
 *       one batch.
 *   (d) journal scale: a --journal-evals N (default 1,000,000) evaluation journal of a table evaluator written
 *       through the real JournalWriter (size, append rate), then a full resume in a fresh process (time and peak
 *       memory of readJournal + the replay index, then the replay itself); see bench/journal-scale.ts.
 *       --no-journal skips it.
 */
import { cpus, loadavg, tmpdir } from 'node:os';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { TableEvaluator } from '../engine/evaluate/table.js';
import { CachedEvaluator } from '../engine/evaluate/cache.js';
import { LISSNAS_DEFAULTS, runLissnas, type LissnasConfig } from '../engine/policy/lissnas.js';
import { nb201Space } from '../engine/space/nb201.js';
import { runStudy } from '../engine/run/study.js';
import { SilentReporter } from '../engine/run/progress.js';
import { loadDocument } from '../dsl/load.js';
import { journalScale } from './journal-scale.js';

function option(name: string, fallback: number): number {
    const i = process.argv.indexOf(`--${name}`);
    return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const RUNS = option('runs', 20);
const STUDY = !process.argv.includes('--no-study');
const JOURNAL = !process.argv.includes('--no-journal');
const JOURNAL_EVALS = option('journal-evals', 1_000_000);

const median = (xs: number[]): number => {
    const s = [...xs].sort((a, b) => a - b);
    const m = s.length >> 1;
    return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const ms = (x: number): string => `${x.toFixed(1)} ms`;

const CSV = 'data/nb201/nb201.csv';

async function main(): Promise<void> {
    const cpu = cpus();
    process.stdout.write(`machine: ${cpu.length} x ${cpu[0]?.model ?? '?'}; node ${process.version}; load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}\n\n`);

    // The CSV is parsed once per process (engine/evaluate/csv.ts caches it); a second table over it only indexes.
    let t0 = performance.now();
    const table = new TableEvaluator({ path: CSV, keyColumn: 'arch', keyFormat: 'nb201', metric: 'c10_val_naslib', report: 'c10_test' });
    const csvLoad = performance.now() - t0;
    t0 = performance.now();
    new TableEvaluator({ path: CSV, keyColumn: 'arch', keyFormat: 'nb201', metric: 'c100_val_naslib', report: 'c100_test' });
    const reindex = performance.now() - t0;
    process.stdout.write(`one-time CSV load (parse 15,625 rows + index): ${ms(csvLoad)}; another table over the parsed CSV: ${ms(reindex)}\n\n`);

    // (a) one LISSNAS run, tour settings.
    const space = nb201Space();
    const config: LissnasConfig = { ...LISSNAS_DEFAULTS, seeds: { kind: 'count', value: 10 }, sample: 100, distance: 1, within: 'full', patience: 1, delta: 0.05, maxIterations: 10, seed: 42 };
    const once = async () => {
        const start = performance.now();
        const r = await runLissnas(space, new CachedEvaluator(table), config);
        return { time: performance.now() - start, r };
    };
    const warm = await once();
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) times.push((await once()).time);
    process.stdout.write(
        `(a) LISSNAS on NB201, tour settings (seed 42, fresh cache each run): median ${ms(median(times))} over ${RUNS} runs ` +
            `(min ${ms(Math.min(...times))}, max ${ms(Math.max(...times))}; warm-up ${ms(warm.time)}); ` +
            `${warm.r.history.length} iterations, ${warm.r.queries} queries, ${warm.r.members.length} members, stopped by ${warm.r.stoppedBy}\n\n`,
    );

    // (b) the 30-seed x 3-dataset shrinkage study.
    if (STUDY) {
        const loaded = await loadDocument('examples/study-nb201.nas');
        const out = mkdtempSync(join(tmpdir(), 'lissnas-bench-study-'));
        const start = performance.now();
        const { result } = await runStudy({
            doc: loaded.spec,
            file: 'examples/study-nb201.nas',
            policies: ['Lissnas', 'ABS', 'Random'],
            searches: [],
            seeds: 30,
            datasets: ['c10', 'c100', 'in16'],
            budgets: [],
            out,
            reporter: new SilentReporter(),
        });
        const elapsed = performance.now() - start;
        rmSync(out, { recursive: true, force: true });
        const lissnas = result.shrink.filter((x) => x.policy === 'Lissnas').map((x) => `${x.dataset} ${x.stats.meanReport.mean.toFixed(2)}`);
        process.stdout.write(
            `(b) study, 3 policies (Lissnas, ABS, Random) x 30 seeds x 3 datasets = ${result.runs.length} policy runs with every metric, ` +
                `written to disk: ${(elapsed / 1000).toFixed(1)} s (LISSNAS mean test accuracy inside: ${lissnas.join(', ')})\n\n`,
        );
    }

    // (c) evaluations per second of the cached table evaluator.
    const genotypes = table.reference(space).map((e) => e.genotype);
    const cached = new CachedEvaluator(table);
    t0 = performance.now();
    for (const g of genotypes) await cached.evaluate([g], space);
    const miss = performance.now() - t0;
    t0 = performance.now();
    for (const g of genotypes) await cached.evaluate([g], space);
    const hit = performance.now() - t0;
    const batchCache = new CachedEvaluator(table);
    t0 = performance.now();
    await batchCache.evaluate(genotypes, space);
    const batch = performance.now() - t0;
    const rate = (n: number, t: number) => `${Math.round(n / (t / 1000)).toLocaleString('en-US')}/s`;
    process.stdout.write(
        `(c) cached table evaluator, ${genotypes.length} cells: misses one at a time ${rate(genotypes.length, miss)}; ` +
            `hits one at a time ${rate(genotypes.length, hit)}; misses in one batch ${rate(genotypes.length, batch)} ` +
            `(queries counted: ${cached.queries} + ${batchCache.queries})\n\n`,
    );

    // (d) journal scale.
    if (JOURNAL) await journalScale(JOURNAL_EVALS, table, (text) => process.stdout.write(text));
}

main().catch((error) => {
    process.stderr.write(`${(error as Error).stack ?? error}\n`);
    process.exit(1);
});
