/**
 * Numbers absurd for their setting get one located error from the validation, before anything is computed
 * (engine/limits.ts, docs/language.md "Limits"). Each document below used to exhaust memory or run for
 * minutes (issue 7): `nodes 2147483648` built its edge list while validating, `cells_per_stage 1e21` made
 * the cost model loop once per cell, `nodes 1e400` read as Infinity. The CLI runs the same validation:
 * `lissnas check` and `lissnas size` stop at these errors (test/cli below).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { check } from './helpers.js';
import { runCli } from '../../cli/cli.js';
import type { CliIo } from '../../cli/io.js';

const LIMIT = /is over the limit of \d+: write at most \d+ \(docs\/language\.md "Limits"\)$/;

const CASES: Array<[string, string, RegExp]> = [
    ['space A { cell { nodes 2147483648; ops [none, skip_connect] } }', '[1:24]', /^nodes 2147483648 is over the limit of 32/],
    ['space H { cell { nodes 1000  edges all  ops [none, skip_connect, nor_conv_3x3] } }', '[1:24]', /^nodes 1000 is over the limit of 32/],
    ['space H { cell { nodes 1e400 ops [none, skip_connect] } }', '[1:24]', /^nodes \(a number too large to represent\) is over the limit of 32/],
    ['space D { cell { inputs 2 nodes 17 ops [none, skip_connect] } }', '[1:33]', /^nodes \(DARTS-style cell\) 17 is over the limit of 16/],
    ['space G { graph { max_nodes 32 ops [conv3x3_bn_relu, maxpool3x3] } }', '[1:29]', /^max_nodes 32 is over the limit of 31/],
    ['space L { layers 5000 { k choice [3, 5] } }', '[1:18]', /^layers 5000 is over the limit of 1000/],
    [
        'space N { cell { nodes 4 ops [none, skip_connect, nor_conv_3x3] } network { cells_per_stage 1e21 } constraint flops <= 100M }',
        '[1:93]',
        /^cells_per_stage 1e\+21 is over the limit of 1000/,
    ],
    ['space N { cell { nodes 4 ops [none, nor_conv_3x3] } network { stages [16, 1e9] } }', '[1:70]', /^each of stages 1000000000 is over the limit of 1000000/],
];

test('numbers over their limit get one located error each, and nothing else is computed', async () => {
    for (const [text, at, message] of CASES) {
        const { diagnostics } = await check(text);
        const errors = diagnostics.filter((d) => !d.includes('(warning)'));
        assert.equal(errors.length, 1, `${text}\n${errors.join('\n')}`);
        assert.ok(errors[0].startsWith(`${at} `), `${text}: ${errors[0]}`);
        const body = errors[0].slice(at.length + 1);
        assert.match(body, message, text);
        assert.match(body, LIMIT, text);
    }
});

test('a number too large to represent in any setting is an error that does not print Infinity', async () => {
    const { diagnostics } = await check('space S { x choice [1, 1e400] }');
    assert.deepEqual(diagnostics, ['[1:24] this number is too large to represent (more than 1.8e+308): write a smaller one']);
});

test('the largest accepted numbers pass the limits', async () => {
    const { diagnostics } = await check('space A { cell { nodes 32; edges [0->31]; ops [none, skip_connect] } network { cells_per_stage 1000 } }');
    assert.deepEqual(diagnostics.filter((d) => d.includes('limit')), []);
});

test('lissnas check and lissnas size stop at a limit error with its location (exit 1)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lissnas-limits-'));
    try {
        const file = join(dir, 'huge.nas');
        writeFileSync(file, 'space H {\n  cell { nodes 1000  edges all  ops [none, skip_connect, nor_conv_3x3] }\n}\n');
        for (const command of ['check', 'size']) {
            let err = '';
            const io: CliIo = { stdout: { write: (t: string) => (err += t) }, stderr: { write: (t: string) => (err += t) }, cwd: dir };
            const code = await runCli([command, file], io);
            assert.equal(code, 1, `${command}: ${err}`);
            assert.match(err, /huge\.nas:2:16: .*nodes 1000 is over the limit of 32/, command);
        }
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
});
