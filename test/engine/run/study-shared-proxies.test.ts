import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runStudy, withSeedEverywhere } from '../../../engine/run/study.js';
import { RunSession } from '../../../engine/run/session.js';
import { SilentReporter, type RunReporter } from '../../../engine/run/progress.js';
import { switchDataset } from '../../../engine/run/datasets.js';
import { NB201_SPACE_SPEC } from '../../../engine/space/nb201.js';
import type { DocumentSpec, Setting, SpaceSpec } from '../../../engine/spec.js';
import { nb201Doc } from './fixture.js';
import { skipWithoutTorch, TINY_NETWORK } from '../neural/torch-env.js';

/**
 * A study shrinking with synflow on the real torch worker shares one evaluator across its seeds and datasets
 * (engine/run/shared-proxies.ts): every shrink cell is exactly what an unshared session of that seed computes,
 * the second dataset repeats the first one's shrinkages (synflow needs no data) and computes nothing new but its
 * failures (not shared), and the networks computed plus those answered from the memo are the sessions' queries.
 */
const skip = skipWithoutTorch();
const tmp = mkdtempSync(join(tmpdir(), 'lissnas-study-shared-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

const num = (key: string, value: number): Setting => ({ key, values: [{ kind: 'number', value }] });
const words = (key: string, ...values: Array<string | number>): Setting => ({
    key,
    values: values.map((v) => (typeof v === 'number' ? { kind: 'number' as const, value: v } : { kind: 'word' as const, value: v })),
});

function doc(): DocumentSpec {
    const d = nb201Doc();
    // NB201's cell in the small skeleton of the neural tests: a few milliseconds a network.
    const { stem, stages, cellsPerStage, reduction, classes, inputSize, inputChannels } = TINY_NETWORK;
    const tiny: SpaceSpec = { ...NB201_SPACE_SPEC, name: 'Tiny', network: { stem, stages, cellsPerStage, reduction, classes, inputSize, inputChannels } };
    d.spaces.push(tiny);
    d.evaluators.push({ name: 'zc', kind: 'proxy', args: [{ value: { kind: 'word', value: 'synflow' } }], settings: [num('query_cost', 0.001)] });
    d.policies.push({ name: 'Zero', kind: 'lissnas', space: tiny, evaluator: 'zc', settings: [num('sample', 12), words('seeds', 'top', 3), words('neighbors', 'distance', 1), num('max_iterations', 2)] });
    return d;
}

describe('a study shares its worker proxies across seeds and datasets', { skip }, () => {
    test('every shrink cell as an unshared session computes it; the second dataset computes only its failures again', async () => {
        const d = doc();
        const logs: string[] = [];
        const reporter: RunReporter = { emit: (e) => void (e.event === 'log' && logs.push(e.message)), close: () => {} };
        const seeds = 2;
        const datasets = ['c10', 'c100'];
        const { result } = await runStudy({ doc: d, file: 'test.nas', policies: ['Zero'], searches: ['RS'], seeds, datasets, budgets: [50], out: join(tmp, 'study'), reporter });
        const shrinks = result.runs.filter((r) => r.policy === 'Zero' && r.search === undefined);
        assert.equal(shrinks.length, seeds * datasets.length);
        let failedC100 = 0;
        for (const cell of shrinks) {
            const alone = new RunSession(withSeedEverywhere(switchDataset(d, cell.dataset), cell.seed), [], undefined, new SilentReporter());
            try {
                const shrink = await alone.shrinkResult('Zero', cell.dataset);
                assert.deepEqual(cell.values, { sizeLog10: shrink.sizeLog10, queries: shrink.queries, ...shrink.metrics }, `${cell.dataset} seed ${cell.seed}`);
                if (cell.dataset === 'c100') failedC100 += alone.seenResults('zc').filter((r) => r.error !== undefined).length;
            } finally {
                await alone.close();
            }
        }
        const queries = (dataset: string): number => shrinks.filter((r) => r.dataset === dataset).reduce((n, r) => n + r.values.queries, 0);
        const line = logs.find((m) => m.startsWith('proxy zc:'));
        assert.ok(line, `the study logs what the shared proxy did: ${logs.join(' | ')}`);
        const [evaluated, reused] = (line.match(/\d+/g) ?? []).map(Number);
        assert.equal(evaluated + reused, queries('c10') + queries('c100'), 'every query of a session went through it');
        // c100 repeats c10's shrinkages: all answered from the memo but the failures (not shared, computed again).
        assert.ok(reused >= queries('c100') - failedC100, `the c100 shrinkages repeat the c10 ones (${line})`);
        assert.ok(evaluated <= queries('c10') + failedC100, line);
    });
});
