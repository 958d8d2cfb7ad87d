/**
 * The resume half of the journal-scale benchmark (bench/journal-scale.ts), run in a fresh process so that its
 * peak memory is its own: `node --expose-gc --import tsx bench/journal-resume.ts JOURNAL`. Prints one JSON object.
 * Measures the real resume path: `readJournal` + the `JournaledEvaluator` replay index, then the replay of every
 * journaled architecture through `CachedEvaluator` <- `JournaledEvaluator` (as a re-executed run asks them).
 */
import { performance } from 'node:perf_hooks';
import { CachedEvaluator } from '../engine/evaluate/cache.js';
import { TableEvaluator } from '../engine/evaluate/table.js';
import { readJournal, type EvalEntry } from '../engine/run/journal.js';
import { JournaledEvaluator } from '../engine/run/journaled-evaluator.js';
import { bigCellSpace, EVALUATOR_NAME, genotypeAt } from './journal-scale.js';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');
const path = process.argv[2];
const table = new TableEvaluator({ name: EVALUATOR_NAME, path: 'data/nb201/nb201.csv', keyColumn: 'arch', keyFormat: 'nb201', metric: 'c10_val_naslib', report: 'c10_test' });
const space = bigCellSpace();
gc();
const baseline = process.memoryUsage();

const cpu = (): number => {
    const c = process.cpuUsage();
    return (c.user + c.system) / 1000;
};
let c0 = cpu();
let t0 = performance.now();
const contents = readJournal(path);
const prior = contents.entries.filter((e): e is EvalEntry => e.type === 'eval');
const readMs = performance.now() - t0;
const readCpuMs = cpu() - c0;
c0 = cpu();
t0 = performance.now();
const journaled = new JournaledEvaluator(table, prior, undefined);
const indexMs = performance.now() - t0;
const indexCpuMs = cpu() - c0;
const peakAfterRead = process.resourceUsage().maxRSS * 1024;
gc();
const afterIndex = process.memoryUsage();

const cached = new CachedEvaluator(journaled);
c0 = cpu();
t0 = performance.now();
const BATCH = 1000;
for (let from = 0; from < prior.length; from += BATCH) {
    const batch: number[][] = [];
    for (let i = from; i < Math.min(prior.length, from + BATCH); i++) batch.push(genotypeAt(i));
    await cached.evaluate(batch, space);
}
const replayMs = performance.now() - t0;
const replayCpuMs = cpu() - c0;
process.stdout.write(
    JSON.stringify({
        entries: contents.entries.length,
        readMs,
        indexMs,
        replayMs,
        readCpuMs,
        indexCpuMs,
        replayCpuMs,
        evaluatorCalls: journaled.evaluated,
        reused: journaled.reusedIds.size,
        baselineRss: baseline.rss,
        indexHeap: afterIndex.heapUsed - baseline.heapUsed,
        rssAfterIndex: afterIndex.rss,
        peakAfterRead,
        peakRss: process.resourceUsage().maxRSS * 1024,
    }) + '\n',
);
