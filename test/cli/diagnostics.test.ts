// What `check` (and every command that loads a file) says about files that are not .nas text, too broken, or
// empty; continuous sizes; and the one definition of a count shared by the command line and the language.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from '../../cli/args.js';
import { searchCommand } from '../../cli/commands/search.js';
import { check as checkText } from '../dsl/helpers.js';
import { run } from './in-process.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const tmp = mkdtempSync(join(tmpdir(), 'lissnas-diag-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));


// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000E-\u001F\u007F]/;

/** Deterministic pseudo-random bytes (a 32-bit LCG): "200 KB of random bytes", the same on every run. */
function randomBytes(n: number, seed = 12345): Buffer {
    const out = Buffer.alloc(n);
    let x = seed >>> 0;
    for (let i = 0; i < n; i++) {
        x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
        out[i] = x >>> 24;
    }
    return out;
}

describe('files that are not .nas text', () => {
    test('200 KB of random bytes: ONE error, no raw control bytes, exit 1', async () => {
        const file = join(tmp, 'random.nas');
        writeFileSync(file, randomBytes(200_000));
        const r = await run('check', file);
        assert.equal(r.code, 1);
        const lines = r.out.trim().split('\n');
        assert.equal(lines.length, 1, r.out.slice(0, 500));
        assert.match(lines[0], /random\.nas:\d+:\d+: error: this is not a UTF-8 text file \(.* at line \d+, column \d+\)/);
        assert.doesNotMatch(r.out + r.err, CONTROL);
        assert.match(r.err, /1 error\(s\), 0 warning\(s\)/);
        // The commands that run a file say the same once, then refuse.
        const size = await run('size', file);
        assert.equal(size.code, 1);
        assert.equal(size.err.match(/not a UTF-8 text file/g)?.length, 1);
    });

    test('a binary file with NUL bytes and a Latin-1 (non-UTF-8) text file: one error each, naming the byte', async () => {
        const bin = join(tmp, 'image.nas');
        writeFileSync(bin, Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\n\0\0\0\rIHDR', 'latin1'), randomBytes(3000, 7)]));
        const latin = join(tmp, 'latin1.nas');
        writeFileSync(latin, Buffer.from('// caf\xe9\nspace S { cell { nodes 4; edges all; ops [a, b] } }\n', 'latin1'));
        const r = await run('check', bin, latin);
        assert.equal(r.code, 1);
        const lines = r.out.trim().split('\n');
        assert.equal(lines.length, 2, r.out.slice(0, 500));
        assert.match(r.out, /image\.nas:1:1: error: this is not a UTF-8 text file \(a byte sequence that is not UTF-8 at line 1, column 1\)/);
        assert.match(r.out, /latin1\.nas:1:7: error: this is not a UTF-8 text file \(a byte sequence that is not UTF-8 at line 1, column 7\)/);
        assert.doesNotMatch(r.out + r.err, CONTROL);
    });

    test('the language server gets the same single diagnostic (the validator does it)', async () => {
        const { diagnostics } = await checkText('space S {\x01\x02\x03 }\n'.repeat(50));
        assert.equal(diagnostics.length, 1, diagnostics.join('\n'));
        assert.match(diagnostics[0], /^\[1:10\] this is not a UTF-8 text file \(the control character U\+0001 at line 1, column 10\)/);
        assert.doesNotMatch(diagnostics[0], CONTROL);
    });
});

describe('at most 100 diagnostics per file', () => {
    test('a text file with hundreds of errors: 100 lines, then one `... and N more` line', async () => {
        const file = join(tmp, 'many.nas');
        // 400 policies on an unknown space: one linking error each, all real, all located.
        writeFileSync(file, Array.from({ length: 400 }, (_, i) => `policy P${i} = lissnas(Nowhere${i}) { }`).join('\n') + '\n');
        const r = await run('check', file);
        assert.equal(r.code, 1);
        const lines = r.out.trim().split('\n');
        assert.equal(lines.length, 101, `${lines.length} lines`);
        for (const line of lines.slice(0, 100)) assert.match(line, /many\.nas:\d+:\d+: error: /);
        assert.match(lines[100], /many\.nas:\d+:\d+: error: \.\.\. and \d+ more \(\d+ error\(s\), \d+ other\); fix the ones above first/);
        const more = Number(/and (\d+) more/.exec(lines[100])![1]);
        assert.ok(more >= 300, `${more} more`);
        // The first 100 are the first in the file.
        assert.match(lines[0], /many\.nas:1:/);
        const json = JSON.parse((await run('check', file, '--json')).out) as { diagnostics: unknown[] };
        assert.equal(json.diagnostics.length, 101);
    });
});

describe('an empty file', () => {
    test('empty, blank or comment-only .nas files get a warning (exit 0)', async () => {
        for (const [name, text] of [['empty.nas', ''], ['blank.nas', '\n\n   \n'], ['comment.nas', '// nothing yet\n']]) {
            const file = join(tmp, name);
            writeFileSync(file, text);
            const r = await run('check', file);
            assert.equal(r.code, 0, name);
            assert.match(r.out, new RegExp(`${name.replace('.', '\\.')}:1:1: warning: this file declares nothing`), name);
            assert.match(r.err, /0 error\(s\), 1 warning\(s\)/, name);
        }
        // A file that declares something gets no such warning.
        const ok = await run('check', join(root, 'examples', 'nb201.nas'));
        assert.equal(ok.out, '');
    });
});

describe('size: continuous spaces are never called exact', () => {
    test('the table says uncountable, the JSON exact: false, continuous: true', async () => {
        const r = await run('size', join(root, 'examples', 'tour.nas'));
        assert.equal(r.code, 0, r.err);
        const training = r.out.split('\n').find((l) => l.startsWith('Training'))!;
        assert.match(training, /continuous\s+uncountable\s*$/);
        assert.doesNotMatch(training, /exact/);
        assert.match(r.out.split('\n').find((l) => l.startsWith('NB201'))!, /exact\s*$/);
        const json = JSON.parse((await run('size', join(root, 'examples', 'tour.nas'), '--space', 'Training', '--json')).out) as { spaces: Array<{ exact: boolean; continuous?: boolean; raw: string }> };
        assert.deepEqual([json.spaces[0].raw, json.spaces[0].exact, json.spaces[0].continuous], ['continuous', false, true]);
    });
});

describe('a budget is the same on the command line and in the language', () => {
    const space = 'space S { cell { nodes 4; edges all; ops [a, b] } }\nevaluator E = table("t.csv") { key arch; metric acc }\n';

    test('budget 0 and --budget 0 are both refused, with the same rule (whole number >= 1)', async () => {
        const { diagnostics } = await checkText(`${space}search R = random(S) { evaluate E; budget 0 }\n`);
        const inFile = diagnostics.find((d) => /budget/.test(d));
        assert.ok(inFile, diagnostics.join('\n'));
        assert.match(inFile!, /budget must be a whole number >= 1, not 0/);
        const cli = await run('search', join(root, 'examples', 'nb201.nas'), '--search', 'RS', '--budget', '0');
        assert.equal(cli.code, 2);
        assert.match(cli.err, /--budget must be a whole number >= 1, not '0'/);
        for (const bad of ['-1', '1.5', 'ten', '1.0005K', '0K']) {
            assert.throws(() => parseArgs(['--budget', bad], searchCommand.flags, 'search'), /--budget must be a whole number >= 1/, bad);
        }
    });

    test('what the language accepts (300, 10K, 1.5K) the command line accepts, with the same value', async () => {
        for (const [written, value] of [['300', 300], ['10K', 10_000], ['1.5K', 1500], ['1e3', 1000]] as const) {
            const { diagnostics } = await checkText(`${space}search R = random(S) { evaluate E; budget ${written} }\n`);
            assert.ok(!diagnostics.some((d) => /budget/.test(d)), `${written}: ${diagnostics.join('; ')}`);
            assert.equal(parseArgs(['--budget', written], searchCommand.flags, 'search').flags.budget, value, written);
        }
        assert.deepEqual(parseArgs(['x', '--policies', 'A', '--budgets', '100,1K'], (await import('../../cli/commands/study.js')).studyCommand.flags, 'study').flags.budgets, [100, 1000]);
    });
});
