/**
 * "Search from here" (client/commands/search-from.ts): the `lissnas.search` argument `{ uri, seedArch, ... }` and
 * the file's declarations (from the real language services) become the CLI arguments of a run, which the bundled
 * CLI really runs; no vscode.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { URI } from 'langium';
import { parseHelper } from 'langium/test';
import { declarationsOf } from '../../server/features/declarations.js';
import { Nas } from '../server/services.js';
import type { DeclarationInfo } from '../../protocol/lsp.js';
import { missingSearchMessage, planSearchFrom, searchChoices, searchFromArg, searchFromArgs, searchFromRunName, sourceRunOf } from '../../client/commands/search-from.js';
import { freshRunDir } from '../../client/runs/run-dirs.js';
import { bundledCli } from '../cli-bundle.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const fixture = join(root, 'test', 'fixtures', 'run', 'search-start.nas');
const work = mkdtempSync(join(tmpdir(), 'lissnas-search-from-'));
after(() => rmSync(work, { recursive: true, force: true }));

const ARCH = '|nor_conv_3x3~0|+|nor_conv_3x3~0|skip_connect~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|';
const parse = parseHelper(Nas);

/** The declarations the language server answers for `text`, as if it were the file at `path`. */
async function declarations(text: string, path: string): Promise<DeclarationInfo[]> {
    const document = await parse(text, { documentUri: URI.file(path).toString() });
    return declarationsOf(document);
}

describe('the lissnas.search argument', () => {
    test('an object with seedArch is a "search from here" request; the command\'s other forms are not; a malformed one says why', () => {
        const request = { uri: fixture, seedArch: ARCH, seedKey: '3,3,1,1,3,3', runDir: '/runs/x' };
        assert.deepEqual(searchFromArg(request), request);
        assert.equal(searchFromArg(undefined), undefined);
        assert.equal(searchFromArg('file:///a.nas'), undefined);
        assert.equal(searchFromArg({ fsPath: '/a.nas', scheme: 'file' }), undefined);
        assert.deepEqual(searchFromArg({ uri: fixture, seedArch: 42 }), { problem: 'argument.seedArch: expected a string, got an integer' });
        assert.deepEqual(searchFromArg({ uri: fixture, seedArch: '' }), { problem: 'argument.seedArch: expected one line of text' });
        assert.deepEqual(searchFromArg({ uri: fixture, seedArch: `${ARCH}\n--budget` }), { problem: 'argument.seedArch: expected one line of text' });
        assert.deepEqual(searchFromArg({ uri: fixture, seedArch: ARCH, runDir: 7 }), { problem: 'argument.runDir: expected a string, got an integer' });
    });
});

describe('from the declarations to the run', () => {
    test('local searches first, each saying where it starts; a search inside a policy says the start must be kept', async () => {
        const text = readFileSync(fixture, 'utf8') + '\nsearch Evo = evolution(NB201) { evaluate c10; budget 50 }\nsearch Rand = random(Small) { evaluate c10; budget 80 }\n';
        const decls = await declarations(text, join(dirname(fixture), 'search-from-1.nas'));
        // Evo moved before the others: the two local ones still come first, the rest keep their order.
        const reordered = [decls.find((d) => d.name === 'Evo')!, ...decls.filter((d) => d.name !== 'Evo')];
        const choices = searchChoices(reordered, ARCH);
        assert.deepEqual(choices.map((c) => c.label), ['Climb', 'Inside', 'Evo', 'Rand']);
        assert.deepEqual(choices.map((c) => c.description), ['local(NB201)', 'local(Small)', 'evolution(NB201)', 'random(Small)']);
        assert.equal(choices[0].detail, `climbs from ${ARCH}`);
        assert.equal(choices[1].detail, `climbs from ${ARCH}; it must be a member of the space policy Small keeps`);
        assert.equal(choices[2].detail, `evaluates first ${ARCH}`);
        assert.equal(choices[3].detail, `evaluates first ${ARCH}; it must be a member of the space policy Small keeps`);
        // An older server sends no `algorithm`: the detail still tells a local search.
        const old = reordered.map(({ algorithm: _a, target: _t, ...rest }) => rest);
        assert.deepEqual(searchChoices(old, ARCH).map((c) => c.label), ['Climb', 'Inside', 'Evo', 'Rand']);
        const plan = planSearchFrom({ uri: fixture, seedArch: ARCH }, decls, 'search-from-1.nas');
        assert.equal(plan.kind, 'choose');
    });

    test('when the run\'s space is known, searches of another space come last and say so', async () => {
        const text =
            readFileSync(fixture, 'utf8') +
            '\nspace Small3 { cell { nodes 3  edges all  ops NB201Ops } }\nsearch Other = local(Small3) { evaluate c10; budget 50 }\nsearch Evo = evolution(NB201) { evaluate c10; budget 50 }\n';
        const decls = await declarations(text, join(dirname(fixture), 'search-from-4.nas'));
        const choices = searchChoices(decls, ARCH, 'NB201');
        assert.deepEqual(choices.map((c) => c.label), ['Climb', 'Inside', 'Evo', 'Other']);
        assert.equal(choices[3].detail, `climbs from ${ARCH}; searches Small3, but the architecture comes from NB201`);
        // Without the run's space: local first, source order.
        assert.deepEqual(searchChoices(decls, ARCH).map((c) => c.label), ['Climb', 'Inside', 'Other', 'Evo']);
    });

    test('no search in the file: the message says what to add, with the file\'s space and the run\'s evaluator', async () => {
        const text = readFileSync(fixture, 'utf8').replace(/^search .*$/gm, '');
        const decls = await declarations(text, join(dirname(fixture), 'search-from-2.nas'));
        assert.equal(decls.filter((d) => d.kind === 'search').length, 0);
        // The run the architecture came from: a real shrinkage by the bundled CLI (its run.json names evaluator and space).
        const runDir = join(work, 'Small-20261202-150000');
        const shrink = spawnSync(process.execPath, [bundledCli(), 'shrink', fixture, '--policy', 'Small', '--out', runDir], { cwd: root, encoding: 'utf8' });
        assert.equal(shrink.status, 0, shrink.stderr);
        assert.deepEqual(sourceRunOf(runDir), { evaluator: 'c10', space: 'NB201' });
        assert.deepEqual(sourceRunOf(join(work, 'missing')), {});
        const notJson = join(work, 'broken');
        mkdirSync(notJson);
        writeFileSync(join(notJson, 'run.json'), '{ torn');
        assert.deepEqual(sourceRunOf(notJson), {});
        const plan = planSearchFrom({ uri: fixture, seedArch: ARCH, runDir }, decls, 'x.nas', sourceRunOf(runDir));
        assert.deepEqual(plan, {
            kind: 'none',
            message: 'x.nas declares no search to start from this architecture. Add one, for example `search Local = local(NB201) { evaluate c10; budget 100 }`, then use "Search from here" again.',
        });
        assert.match(missingSearchMessage('y.nas', [], undefined), /`search Local = local\(SPACE\) \{ evaluate E; budget 100 \}`/);
        // A named search that the file lacks is said too.
        const named = planSearchFrom({ uri: fixture, seedArch: ARCH, search: 'Nope' }, await declarations(readFileSync(fixture, 'utf8'), join(dirname(fixture), 'search-from-3.nas')), 'z.nas');
        assert.deepEqual(named, { kind: 'none', message: "z.nas has no search named 'Nope' (Climb, Inside)." });
    });

    test('the chosen search becomes `search FILE --search S --start ARCH --out <runs>/<S>-from-<stamp>`, and the bundled CLI runs it from ARCH', async () => {
        const decls = await declarations(readFileSync(fixture, 'utf8'), fixture);
        const plan = planSearchFrom({ uri: fixture, seedArch: ARCH, search: 'Climb' }, decls, 'search-start.nas');
        assert.equal(plan.kind, 'run');
        const chosen = plan.kind === 'run' ? plan.search : undefined;
        const runDir = freshRunDir(work, searchFromRunName(chosen!.name), new Date(2026, 11, 2, 15, 4, 5));
        assert.equal(basename(runDir), 'Climb-from-20261202-150405');
        const args = searchFromArgs(fixture, chosen!.name, ARCH, runDir);
        assert.deepEqual(args, ['search', fixture, '--search', 'Climb', '--start', ARCH, '--out', runDir]);
        const r = spawnSync(process.execPath, [bundledCli(), ...args, '--json'], { cwd: root, encoding: 'utf8' });
        assert.equal(r.status, 0, r.stderr);
        const result = JSON.parse(readFileSync(join(runDir, 'result.json'), 'utf8')) as { start?: string; name: string };
        // A search run read back as a source: its space through its target.
        assert.deepEqual(sourceRunOf(runDir), { evaluator: 'c10', space: 'NB201' });
        assert.equal(result.name, 'Climb');
        assert.equal(result.start, ARCH);
        const firstEval = readFileSync(join(runDir, 'journal.jsonl'), 'utf8').split('\n').find((l) => l.startsWith('{"type":"eval"'))!;
        assert.equal((JSON.parse(firstEval) as { key: string }).key, '3,3,1,1,3,3');
    });
});
