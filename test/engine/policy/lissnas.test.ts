import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { LISSNAS_DEFAULTS, readLissnasSettings, runLissnas } from '../../../engine/policy/lissnas.js';
import { shrinkMetrics, mean } from '../../../engine/metrics/shrink.js';
import type { Setting } from '../../../engine/spec.js';
import { fresh, reference, space, table } from './nb201-fixture.js';

const cfg = (over: Partial<typeof LISSNAS_DEFAULTS> = {}) => ({ ...LISSNAS_DEFAULTS, ...over });

describe('lissnas on NB201 (CIFAR-10)', () => {
    test('the full-space reference: 15,625 cells, mean c10_test 87.06, best 94.3733', () => {
        assert.equal(reference.entries.length, 15625);
        assert.equal(mean(reference.entries.map((e) => e.report)).toFixed(2), '87.06');
        assert.equal(Math.max(...reference.entries.map((e) => e.report)), 94.3733);
    });

    test('deterministic for a seed: same pockets twice; another seed differs', async () => {
        const a = await runLissnas(space, fresh(), cfg({ seed: 1 }));
        const b = await runLissnas(space, fresh(), cfg({ seed: 1 }));
        const c = await runLissnas(space, fresh(), cfg({ seed: 2 }));
        assert.deepEqual(a.space.toJSON(), b.space.toJSON());
        assert.deepEqual(a.history, b.history);
        assert.notDeepEqual(a.space.toJSON(), c.space.toJSON());
    });

    test('keeps far better than average cells (default settings, seed 1)', async () => {
        const ev = fresh();
        const r = await runLissnas(space, ev, cfg({ seed: 1 }));
        const m = shrinkMetrics({ space, members: r.members, reference, queries: r.queries });
        // Measured: 199 cells kept (1.3 %), mean c10_test 93.42 (full space: 87.06), global optimum kept,
        // 42 % of the top 1 %, 551 queries over 7 iterations, stopped by the plateau rule.
        assert.equal(r.stoppedBy, 'plateau');
        assert.equal(r.history.length, 7);
        assert.equal(m.size, 199);
        assert.equal(m.meanReport.toFixed(2), '93.42');
        assert.ok(m.meanReport > 87.06 + 5);
        assert.equal(m.globalOptimumKept, true);
        assert.equal(m.recallTop1.toFixed(3), '0.420');
        assert.equal(r.queries, 551);
        assert.equal(ev.queries, r.queries);
        // Pockets: one per seed (10), each a seed plus its 24 NB201 neighbours.
        assert.equal(r.pockets.length, 10);
        for (const p of r.pockets) assert.equal(p.members.length, 25);
        // History: the first iteration samples the full space; the sample means rise.
        assert.equal(r.history[0].size, 15625);
        assert.equal(r.history[0].sampled, 100);
        assert.ok(r.history[1].meanMetric > r.history[0].meanMetric + 3);
    });

    test('queries are distinct evaluations: cache hits across iterations are free', async () => {
        const ev = fresh();
        const r = await runLissnas(space, ev, cfg({ seed: 3 }));
        const sampled = r.history.reduce((s, h) => s + h.sampled, 0);
        assert.ok(r.queries < sampled, `${r.queries} < ${sampled}`);
        assert.equal(r.queries, ev.cachedCount);
        assert.equal(r.history.at(-1)!.queries, r.queries);
    });

    test('`in current` nests the spaces: each sampled space is no larger than the previous', async () => {
        const r = await runLissnas(space, fresh(), cfg({ seed: 1, within: 'current' }));
        const sizes = r.history.map((h) => h.size);
        for (let i = 1; i < sizes.length; i++) assert.ok(sizes[i] <= sizes[i - 1], sizes.join(' '));
        assert.ok(r.members.length < 100);
    });

    test('`filter better_than seed` keeps only neighbours at least as good as their seed', async () => {
        const r = await runLissnas(space, fresh(), cfg({ seed: 1, filter: 'seed' }));
        for (const p of r.pockets) {
            const seedMetric = table.lookup(p.seed, space)!.metric;
            for (const g of p.members) assert.ok(table.lookup(g, space)!.metric >= seedMetric);
        }
    });

    test('max_iterations 1: one sample of the full space, 10 pockets of 25', async () => {
        const r = await runLissnas(space, fresh(), cfg({ seed: 4, maxIterations: 1 }));
        assert.equal(r.stoppedBy, 'max_iterations');
        assert.equal(r.queries, 100);
        assert.equal(r.pockets.length, 10);
    });

    test('an aborted signal rejects', async () => {
        const controller = new AbortController();
        controller.abort();
        await assert.rejects(runLissnas(space, fresh(), cfg(), controller.signal), { name: 'AbortError' });
    });
});

describe('lissnas settings', () => {
    const n = (value: number) => ({ kind: 'number' as const, value });
    const w = (value: string) => ({ kind: 'word' as const, value });
    // `evaluate E` is a reference the compiler hands over with the settings; the reader requires it.
    const E: Setting = { key: 'evaluate', values: [w('E')] };
    const read = (settings: Setting[]) => readLissnasSettings('policy Lissnas', [E, ...settings]).config;

    test('every knob', () => {
        const c = read([
            { key: 'sample', values: [n(50)] },
            { key: 'seeds', values: [w('top'), { kind: 'quantity', value: 10, unit: '%' }] },
            { key: 'neighbors', values: [w('distance'), n(2), w('in'), w('current'), w('filter'), w('better_than'), w('median')] },
            { key: 'stop', values: [{ kind: 'call', name: 'plateau', args: [{ name: 'patience', value: n(2) }, { name: 'delta', value: n(0.1) }] }] },
            { key: 'max_iterations', values: [n(4)] },
            { key: 'seed', values: [n(42)] },
        ]);
        assert.deepEqual(c, { sample: 50, seeds: { kind: 'percent', value: 10 }, distance: 2, within: 'current', filter: 'median', patience: 2, delta: 0.1, maxIterations: 4, seed: 42 });
    });

    test('seeds top 10 apart 3: the minimum distance rides with the count', () => {
        assert.deepEqual(read([{ key: 'seeds', values: [w('top'), n(10), w('apart'), n(3)] }]).seeds, { kind: 'count', value: 10, apart: 3 });
        assert.equal(read([{ key: 'seeds', values: [w('top'), n(10)] }]).seeds.apart, undefined);
    });

    test('clear errors', () => {
        assert.throws(() => read([{ key: 'seeds', values: [w('best'), n(10)] }]), /policy Lissnas: seeds takes `top <count>\|<percent> \[apart <count>\]`: the best of the sample/);
        assert.throws(() => read([{ key: 'seeds', values: [w('top'), n(10), w('apart'), n(0)] }]), /policy Lissnas: seeds apart must be a whole number >= 1, not 0/);
        assert.throws(() => read([{ key: 'samples', values: [n(10)] }]), /policy Lissnas: unknown setting 'samples' for a lissnas policy \(did you mean 'sample'\?\); it accepts evaluate, sample, seeds, neighbors, stop, max_iterations, seed$/);
        assert.throws(() => read([{ key: 'sample', values: [n(2.5)] }]), /sample must be a whole number >= 1, not 2.5/);
    });

    test('collecting mode reports every problem (for the language server)', () => {
        const { reader, config } = readLissnasSettings('policy L', [
            E,
            { key: 'seeds', values: [w('top')] },
            { key: 'stop', values: [w('never')] },
        ], true);
        assert.deepEqual(reader.problems.map((p) => p.key), ['seeds', 'stop']);
        assert.deepEqual(config.seeds, LISSNAS_DEFAULTS.seeds);
    });
});
