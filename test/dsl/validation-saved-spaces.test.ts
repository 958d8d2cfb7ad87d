// `space X = shrunk(BASE, "path")`: every way the named file or the base can be wrong is one located error,
// `[line:col] message`, at the part at fault (the path, the kind, the base); a good file gives no diagnostic.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertDiagnostics, checkOnDisk } from './helpers.js';
import { LIMITS } from '../../engine/limits.js';
import { parseSavedSpace } from '../../dsl/saved-spaces.js';

const A = '|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|';
const B = '|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_1x1~1|nor_conv_3x3~2|';
const C = '|avg_pool_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_1x1~1|nor_conv_3x3~2|';
const shrunkSpace = (base: string) => ({ format: 'lissnas-shrunk-space', version: 1, name: 'NB201.shrunk', base, size: 3, pockets: [{ seed: A, radius: 1, members: [A, B] }, { seed: C, radius: 0, members: [C] }] });
const shrinkResult = (base = 'NB201') => JSON.stringify({ format: 'lissnas-result/1', command: 'shrink', name: 'L', policy: 'lissnas', seed: 0, space: shrunkSpace(base) });

const FIVE_OPS = 'ops [none, skip_connect, nor_conv_1x1, nor_conv_3x3, avg_pool_3x3]';
const FILES = {
    'saved/result.json': shrinkResult(),
    'saved/bare.json': JSON.stringify(shrunkSpace('NB201')),
    'saved/search.json': JSON.stringify({ format: 'lissnas-result/1', command: 'search', name: 'S' }),
    'saved/broken.json': '{ "format": "lissnas-result/1", ',
    'saved/other.json': shrinkResult('Other'),
    'saved/damaged.json': JSON.stringify({ format: 'lissnas-result/1', command: 'shrink', name: 'L', space: { ...shrunkSpace('NB201'), pockets: [{ seed: A }] } }),
};

const MAIN = [
    `space NB201 { cell { nodes 4; edges all; ${FIVE_OPS} } }`,
    'space Ok = shrunk(NB201, "saved/result.json")',
    'space Bare = shrunk(NB201, "saved/bare.json")',
    'space Missing = shrunk(NB201, "saved/none.json")',
    'space Search = shrunk(NB201, "saved/search.json")',
    'space Broken = shrunk(NB201, "saved/broken.json")',
    'space Other = shrunk(NB201, "saved/other.json")',
    'space Damaged = shrunk(NB201, "saved/damaged.json")',
    'space Kind = shrink(NB201, "saved/result.json")',
    'space Twice = shrunk(Ok, "saved/result.json")',
    'space Product { arch Ok }',
    'space Folder = shrunk(NB201, "saved")',
];

/** `[line:col]` of the first `needle` on 1-based line `line` of MAIN. */
function at(line: number, needle: string): string {
    const col = MAIN[line - 1].indexOf(needle);
    assert.ok(col >= 0, `${needle} on line ${line}`);
    return `[${line}:${col + 1}]`;
}

describe('validation: saved spaces', () => {
    test('each bad file, kind or base is one error at its place; the good files none', async () => {
        const { diagnostics } = await checkOnDisk({ ...FILES, 'main.nas': MAIN.join('\n') }, 'main.nas');
        assertDiagnostics(diagnostics, [
            `${at(4, '"')} no such file: `,
            `${at(5, '"')} is the result of \`lissnas search\`, not the result of \`lissnas shrink\``,
            `${at(6, '"')} is not valid JSON`,
            `${at(7, '"')} saved/other.json was shrunk in space 'Other', not in 'NB201'`,
            `${at(8, '"')} the shrunk space is damaged (pocket 0 is not { seed, radius, members })`,
            `${at(9, 'shrink')} unknown saved space 'shrink' (did you mean 'shrunk'?)`,
            `${at(10, 'Ok')} the base of a saved space must be a space with a body ('Ok' is itself a saved space)`,
            `${at(11, 'Ok')} a saved space ('Ok') cannot be a factor of another space`,
            `${at(12, '"')} not a file: `,
        ]);
    });

    test('a base whose ops differ from the shrunk run\'s: the members do not decode', async () => {
        const text = 'space NB201 { cell { nodes 4; edges all; ops [none, skip_connect, nor_conv_1x1, nor_conv_3x3] } }\nspace S = shrunk(NB201, "saved/result.json")';
        const { diagnostics } = await checkOnDisk({ 'saved/result.json': shrinkResult(), 'ops.nas': text }, 'ops.nas');
        assertDiagnostics(diagnostics, [`[2:25] saved/result.json does not fit space 'NB201' (its cell or ops differ from those the run shrank)`]);
        assert.match(diagnostics[0], /avg_pool_3x3/, 'says which op is unknown');
    });

    test('a file over the size limit is refused with an error, not read', async () => {
        const huge = ' '.repeat(LIMITS.savedSpaceBytes + 1);
        const text = `space NB201 { cell { nodes 4; edges all; ${FIVE_OPS} } }\nspace S = shrunk(NB201, "huge.json")`;
        const { diagnostics } = await checkOnDisk({ 'huge.json': huge, 'huge.nas': text }, 'huge.nas');
        assertDiagnostics(diagnostics, [`[2:25] huge.json is 32.0 MB; a saved space file may be at most 32 MB`]);
        // Without a size from the file system, the text's length is checked before parsing.
        assert.match((parseSavedSpace(huge, 'x.json') as { error: string }).error, /at most 32 MB/);
    });
});
