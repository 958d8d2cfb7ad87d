/**
 * (d) Journal scale, part of `npm run bench:engine` (`--journal-evals N`, default 1,000,000; `--no-journal` skips).
 *
 * A run of N evaluations on a table evaluator needs N distinct architectures, more than NB201's 15,625, so the
 * journal is that of a table over the 5-node NB201-op cell (10 edges, 5^10 = 9,765,625 cells): N distinct
 * genotypes (a stride through the space), each with its real `space.key` and `space.canonical`, and metric /
 * report values taken in turn from the NB201 table's rows, so every line has the shape and length of a real one.
 *
 *   - append: each line goes through the real `JournalWriter.append` (one write per line, fsync every 200 ms);
 *     the time of building the results (key, canonical) is printed apart;
 *   - resume: in a fresh process (bench/journal-resume.ts, so its peak memory is its own), the real resume path:
 *     `readJournal` + the `JournaledEvaluator` replay index (what `lissnas resume` does before re-executing),
 *     then every journaled architecture asked again through `CachedEvaluator` <- `JournaledEvaluator`, as the
 *     re-executed search would (no evaluator call may happen).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import type { TableEvaluator } from '../engine/evaluate/table.js';
import type { EvaluationResult } from '../engine/evaluate/types.js';
import { JournalWriter } from '../engine/run/journal.js';
import { toEntry } from '../engine/run/journaled-evaluator.js';
import { CellSpace } from '../engine/space/cell.js';
import { nb201Space, NB201_CELL_SPEC } from '../engine/space/nb201.js';

export const EVALUATOR_NAME = 'c10';

/** The 5-node cell with NB201's ops: all 10 forward edges. */
export function bigCellSpace(): CellSpace {
    const edges: Array<[number, number]> = [];
    for (let target = 1; target < 5; target++) for (let source = 0; source < target; source++) edges.push([source, target]);
    return new CellSpace({ ...NB201_CELL_SPEC, name: 'NB201x5', nodes: 5, edges });
}

/** The i-th genotype of the benchmark: i * 7919 (coprime with 5) modulo 5^10, in base 5: distinct for i < 5^10. */
export function genotypeAt(i: number): number[] {
    let x = (i * 7919) % 9_765_625;
    const g = new Array<number>(10);
    for (let j = 0; j < 10; j++) {
        g[j] = x % 5;
        x = Math.floor(x / 5);
    }
    return g;
}

const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(0)} MB`;
const rate = (n: number, ms: number): string => `${Math.round(n / (ms / 1000)).toLocaleString('en-US')}/s`;

export async function journalScale(n: number, table: TableEvaluator, write: (text: string) => void): Promise<void> {
    const dir = mkdtempSync(join(tmpdir(), 'lissnas-bench-journal-'));
    try {
        const path = join(dir, 'journal.jsonl');
        const space = bigCellSpace();
        const values = table.reference(nb201Space()).map((e) => [e.metric, e.report] as const);
        const writer = JournalWriter.open(path);
        writer.append({ type: 'phase', phase: 'start', time: new Date().toISOString(), journaled: 0 });
        let build = 0;
        let append = 0;
        const CHUNK = 10_000;
        for (let from = 0; from < n; from += CHUNK) {
            let t0 = performance.now();
            const results: EvaluationResult[] = [];
            for (let i = from; i < Math.min(n, from + CHUNK); i++) {
                const g = genotypeAt(i);
                const [metric, report] = values[i % values.length];
                results.push({ key: space.key(g), canonical: space.canonical(g), genotype: g, metric, report, score: metric, cost: { queries: 1, seconds: 0 } });
            }
            build += performance.now() - t0;
            t0 = performance.now();
            for (const r of results) writer.append(toEntry(r, EVALUATOR_NAME));
            append += performance.now() - t0;
        }
        writer.close();
        const size = statSync(path).size;
        write(
            `(d) journal of ${n.toLocaleString('en-US')} table evaluations: ${mb(size)} (${Math.round(size / n)} bytes a line); ` +
                `append ${rate(n, append)} (${(append / 1000).toFixed(1)} s through JournalWriter.append; building the results apart: ${(build / 1000).toFixed(1)} s)\n`,
        );

        const child = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', join(dirname(fileURLToPath(import.meta.url)), 'journal-resume.ts'), path], {
            encoding: 'utf8',
            maxBuffer: 1 << 20,
        });
        if (child.status !== 0) throw new Error(`journal-resume.ts failed: ${child.stderr}`);
        const m = JSON.parse(child.stdout) as {
            entries: number;
            readMs: number;
            indexMs: number;
            replayMs: number;
            readCpuMs: number;
            indexCpuMs: number;
            replayCpuMs: number;
            evaluatorCalls: number;
            baselineRss: number;
            indexHeap: number;
            rssAfterIndex: number;
            peakRss: number;
            peakAfterRead: number;
        };
        // Wall time on a shared machine depends on its load; the process's CPU time much less, so both are printed.
        const s = (x: number): string => (x / 1000).toFixed(2);
        write(
            `    resume (fresh process), wall (cpu) seconds: readJournal ${s(m.readMs)} (${s(m.readCpuMs)}) + replay index ${s(m.indexMs)} (${s(m.indexCpuMs)}) = ` +
                `${s(m.readMs + m.indexMs)} (${s(m.readCpuMs + m.indexCpuMs)}) for ${m.entries.toLocaleString('en-US')} entries; ` +
                `then every architecture asked again through cache <- journal layer: ${s(m.replayMs)} (${s(m.replayCpuMs)}), ${m.evaluatorCalls} evaluator calls\n` +
                `    memory: baseline RSS ${mb(m.baselineRss)}; replay index (live heap after GC) ${mb(m.indexHeap)}; ` +
                `peak RSS while reading + indexing ${mb(m.peakAfterRead)}, so ${mb(m.peakAfterRead - m.baselineRss - m.indexHeap)} above baseline + index ` +
                `(journal file: ${mb(size)}); peak RSS with the replay ${mb(m.peakRss)}\n`,
        );
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
}
