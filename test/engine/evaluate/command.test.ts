import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { CachedEvaluator } from '../../../engine/evaluate/cache.js';
import { CommandEvaluator, lastNumber, splitCommandLine } from '../../../engine/evaluate/command.js';
import { createEvaluator, readCommandSettings } from '../../../engine/evaluate/create.js';
import type { EvaluatorSpec } from '../../../engine/spec.js';
import { tinyCell } from './helpers.js';

const node = process.execPath;
// Prints some noise, then the number of 'b' ops in the arch string (the last number printed).
const countB = `const a = process.argv[1]; console.log('epoch 1/2'); console.log('acc', (a.match(/b~/g) || []).length);`;

describe('command evaluator', () => {
    test('last number on stdout; {arch} substituted; no shell; order kept with parallel runs', async () => {
        const ev = new CommandEvaluator({ argv: [node, '-e', countB, '{arch}'], parallel: 3 });
        const gs = [[0, 0, 0], [1, 1, 1], [1, 0, 1], [0, 1, 0]];
        const rs = await ev.evaluate(gs, tinyCell);
        assert.deepEqual(rs.map((r) => r.metric), [0, 3, 2, 1]);
        assert.deepEqual(rs.map((r) => r.report), [0, 3, 2, 1]);
        assert.ok(rs.every((r) => r.cost.queries === 1 && r.cost.seconds > 0 && r.error === undefined));
    });

    test('non-zero exit, no number and timeout are evaluation errors', async () => {
        const failing = new CommandEvaluator({ argv: [node, '-e', 'console.error("boom"); process.exit(3)', '{arch}'] });
        const [f] = await failing.evaluate([[0, 0, 0]], tinyCell);
        assert.equal(f.metric, undefined);
        assert.match(f.error!, /exited with 3 .*boom/);
        const silent = new CommandEvaluator({ argv: [node, '-e', 'console.log("done")', '{arch}'] });
        assert.match((await silent.evaluate([[0, 0, 0]], tinyCell))[0].error!, /printed no number/);
        const slow = new CommandEvaluator({ argv: [node, '-e', 'setTimeout(() => console.log(1), 20000)', '{arch}'], timeoutSeconds: 0.5 });
        assert.match((await slow.evaluate([[0, 0, 0]], tinyCell))[0].error!, /timed out after 0.5 s/);
        const missing = new CommandEvaluator({ argv: ['/no/such/program', '{arch}'] });
        assert.match((await missing.evaluate([[0, 0, 0]], tinyCell))[0].error!, /ENOENT/);
    });

    test('abort kills the running command and rejects; the cache keeps nothing', async () => {
        const slow = new CachedEvaluator(new CommandEvaluator({ argv: [node, '-e', 'setTimeout(() => console.log(1), 20000)', '{arch}'] }));
        const controller = new AbortController();
        setTimeout(() => controller.abort(), 200);
        await assert.rejects(slow.evaluate([[0, 0, 0]], tinyCell, controller.signal), { name: 'AbortError' });
        assert.equal(slow.queries, 0);
        assert.equal(slow.cachedCount, 0);
    });

    test('helpers: lastNumber, splitCommandLine', () => {
        assert.equal(lastNumber('loss 0.5\nacc 93.25\n'), 93.25);
        assert.equal(lastNumber('val=-1.5e-2'), -0.015);
        assert.equal(lastNumber('no digits'), undefined);
        assert.deepEqual(splitCommandLine(`python "my script.py" --arch '{arch}'  -v`), ['python', 'my script.py', '--arch', '{arch}', '-v']);
    });
});

describe('command from a spec', () => {
    const spec = (args: string[], settings: EvaluatorSpec['settings'] = []): EvaluatorSpec => ({
        name: 'Train',
        kind: 'command',
        args: args.map((value) => ({ value: { kind: 'string' as const, value } })),
        settings,
    });

    test('settings: timeout with units, parallel, minimize', async () => {
        const s = readCommandSettings(spec(['python train.py --arch {arch}'], [
            { key: 'timeout', values: [{ kind: 'quantity', value: 10, unit: 'm' }] },
            { key: 'parallel', values: [{ kind: 'number', value: 4 }] },
            { key: 'minimize', values: [] },
        ]));
        assert.deepEqual([s.argv, s.timeoutSeconds, s.parallel, s.minimize], [['python', 'train.py', '--arch', '{arch}'], 600, 4, true]);
        const ev = createEvaluator(spec([node, '-e', countB, '{arch}'], [{ key: 'minimize', values: [] }]));
        const [r] = await ev.evaluate([[1, 1, 0]], tinyCell);
        assert.equal(r.metric, 2);
        assert.equal(r.score, -2);
        assert.equal(ev.cacheBy, 'canonical');
    });

    test('a command line without {arch} is rejected', () => {
        assert.throws(() => createEvaluator(spec(['python train.py'])), /never mentions \{arch\}/);
    });
});
