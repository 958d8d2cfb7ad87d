// Shrink once, search many: a real `lissnas shrink` run's result.json, named in a .nas file with
// `space Found = shrunk(NB201, "...")`, is exactly that run's members; `lissnas size` counts them; a search
// inside it evaluates only members (read from the search run's own journal.jsonl); export writes only members.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadDocument } from '../../dsl/load.js';
import { compileSpace } from '../../engine/space/compile.js';
import type { ShrunkSpace, ShrunkSpaceJSON } from '../../engine/space/shrunk.js';
import { evalKeys } from '../journal-keys.js';
import { run } from './in-process.js';

const tmp = mkdtempSync(join(tmpdir(), 'lissnas-saved-space-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));
const CSV = resolve('data/nb201/nb201.csv');

const BASE = `
space NB201 { cell { nodes 4; edges all; ops [none, skip_connect, nor_conv_1x1, nor_conv_3x3, avg_pool_3x3] } }
evaluator c10 = table(${JSON.stringify(CSV)}) { key arch as nb201; metric c10_val_naslib; report c10_test }
`;

test('a shrink run\'s result.json named with shrunk(...): exactly its members, counted by size, searched member by member', async () => {
    const shrinkFile = join(tmp, 'shrink.nas');
    writeFileSync(shrinkFile, BASE + 'policy L = lissnas(NB201) { evaluate c10; sample 30; seeds top 3; neighbors distance 1; max_iterations 2; seed 3 }\n');
    const shrinkDir = join(tmp, 'runs', 'shrink');
    const shrunk = await run('shrink', shrinkFile, '--policy', 'L', '--out', shrinkDir);
    assert.equal(shrunk.code, 0, shrunk.err);
    const result = JSON.parse(readFileSync(join(shrinkDir, 'result.json'), 'utf8')) as { space: ShrunkSpaceJSON; size: string };
    const saved = new Set(result.space.pockets.flatMap((p) => [p.seed, ...p.members]));
    assert.ok(saved.size > 40 && saved.size < 15625, `a real shrinkage (${saved.size} members)`);

    // The path is relative to the .nas file's folder, not to the working directory.
    const found = join(tmp, 'found.nas');
    writeFileSync(found, BASE + 'space Found = shrunk(NB201, "runs/shrink/result.json")\nsearch S = evolution(Found) { evaluate c10; population 10; tournament 3; budget 40; seed 1 }\npolicy Again = lissnas(Found) { evaluate c10; sample 20; seeds top 2; neighbors distance 1; max_iterations 2 }\n');
    const loaded = await loadDocument(found);
    assert.deepEqual(loaded.diagnostics, []);
    const spec = loaded.spec.spaces.find((s) => s.name === 'Found')!;
    assert.deepEqual(spec.saved?.origin, { policy: 'L', seed: 3 });
    const space = compileSpace(spec) as unknown as ShrunkSpace;
    assert.deepEqual(new Set(space.members.map((g) => space.format(g))), saved);
    assert.equal(String(space.size), result.size);

    const size = await run('size', found, '--space', 'Found', '--json');
    assert.equal(size.code, 0, size.err);
    assert.equal(JSON.parse(size.out).spaces[0].raw, String(saved.size));

    // Exported for another tool as what it is: one categorical over exactly the saved members.
    const exported = await run('export', found, '--space', 'Found', '--to', 'nni');
    assert.equal(exported.code, 0, exported.err);
    assert.deepEqual(new Set(JSON.parse(exported.out).arch._value), saved);

    const searchDir = join(tmp, 'runs', 'search');
    const searched = await run('search', found, '--search', 'S', '--out', searchDir);
    assert.equal(searched.code, 0, searched.err);
    const visited = evalKeys(searchDir);
    assert.equal(visited.length, 40, 'the search spent its whole budget inside the saved space');
    const keys = new Set(space.members.map((g) => space.key(g)));
    assert.deepEqual(visited.filter((k) => !keys.has(k)), [], 'every evaluated architecture is a member');

    // A policy shrinks it further: whatever it keeps is a subset of the saved members.
    const againDir = join(tmp, 'runs', 'again');
    const again = await run('shrink', found, '--policy', 'Again', '--out', againDir);
    assert.equal(again.code, 0, again.err);
    const kept = (JSON.parse(readFileSync(join(againDir, 'result.json'), 'utf8')) as { space: ShrunkSpaceJSON }).space.pockets.flatMap((p) => p.members);
    assert.ok(kept.length > 0 && kept.length < saved.size);
    assert.deepEqual(kept.filter((a) => !saved.has(a)), []);
    assert.deepEqual(evalKeys(againDir).filter((k) => !keys.has(k)), [], 'the policy evaluated members only');
});

test('check: a saved space whose file is gone is a located error, and nothing runs', async () => {
    const file = join(tmp, 'gone.nas');
    writeFileSync(file, BASE + 'space Found = shrunk(NB201, "runs/none/result.json")\n');
    const checked = await run('check', file);
    assert.notEqual(checked.code, 0);
    assert.match(checked.out + checked.err, /gone\.nas:4:29: error: no such file: .*runs[/\\]none[/\\]result\.json/);
});
