// The editor and the engine agree on every setting: for every key of every kind in the registry, valid and invalid
// values (from the key's shape) are written into real .nas files; `lissnas check`'s verdict (dsl/load.ts) and the
// engine's (the compiled spec through the engine's readers) must be the same. Plus the six disagreements that a
// review found before the registry existed.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDocuments, type LoadedDocument } from '../../dsl/load.js';
import { KINDS, settingsOf, type KindDeclaration } from '../../engine/registry/index.js';
import { createEvaluator, validateEvaluatorSettings } from '../../engine/evaluate/create.js';
import { validatePolicySettings } from '../../engine/policy/run.js';
import { readSearchSettings } from '../../engine/search/run.js';

const SPACE = 'space S { cell { nodes 4 ops [none, skip_connect, nor_conv_3x3, nor_conv_1x1, avg_pool_3x3] } }';
const TABLE = 'evaluator E = table("t.csv") { key arch as nb201; metric acc }';

/** A document declaring one `kind` with `setting` in its body (plus what the kind needs to be complete). */
function documentFor(kind: KindDeclaration, key: string, setting: string): string {
    const required = (k: string, text: string) => (k === key ? '' : `${text}; `);
    switch (kind.category) {
        case 'evaluator': {
            const head = { table: 'table("t.csv")', command: 'command("echo {arch}")', proxy: 'proxy(synflow)', train: 'train(fashion_mnist)' }[kind.kind];
            const base = kind.kind === 'table' ? required('key', 'key arch as nb201') + required('metric', 'metric acc') : '';
            return `${SPACE}\nevaluator X = ${head} { ${base}${setting} }\n`;
        }
        case 'policy': {
            const base = kind.kind === 'random_shrink' ? (key === 'keep' ? '' : 'keep 5%; ') : 'evaluate E; ';
            return `${SPACE}\n${TABLE}\npolicy P = ${kind.kind}(S) { ${base}${setting} }\n`;
        }
        case 'search':
            return `${SPACE}\n${TABLE}\nsearch R = ${kind.kind}(S) { evaluate E; budget 10; ${key === 'budget' ? '' : ''}${setting} }\n`.replace('budget 10; budget', 'budget');
        case 'network':
            // A key that cell networks do not read (the registry's `architectures`) is checked in a chain space.
            if (kind.settings[key]?.architectures?.includes('cell') === false) return `space S { layers 3 { kernel choice [3, 5]; expand choice [3, 6] } network { ${setting} } }\n`;
            return `space S { cell { nodes 4 ops [none, skip_connect] } network { ${setting} } }\n`;
    }
}

/** The engine's verdict on a loaded document: its readers in throwing mode (or collecting, for kinds it cannot build). */
function engineAccepts(loaded: LoadedDocument, kind: KindDeclaration, compileProblems: boolean): string | undefined {
    try {
        if (kind.category === 'network') return compileProblems ? 'compile problem' : undefined;
        if (kind.category === 'evaluator') {
            const spec = loaded.spec.evaluators.find((e) => e.name === 'X')!;
            if (!kind.implemented) return validateEvaluatorSettings(spec)[0]?.message;
            createEvaluator(spec);
            return undefined;
        }
        if (kind.category === 'policy') return validatePolicySettings(loaded.spec.policies.find((p) => p.name === 'P')!)[0]?.message;
        const search = loaded.spec.searches.find((s) => s.name === 'R')!;
        readSearchSettings('search R', search.kind, [...search.settings, { key: 'evaluate', values: [{ kind: 'word', value: search.evaluator ?? '' }] }]);
        return undefined;
    } catch (e) {
        return (e as Error).message;
    }
}

interface Case {
    name: string;
    kind: KindDeclaration;
    text: string;
    /** What the value should get, from the shape's samples (undefined: only agreement is checked). */
    expect?: 'valid' | 'invalid';
}

async function verdicts(cases: Case[]): Promise<Array<{ c: Case; check: string | undefined; engine: string | undefined }>> {
    const dir = mkdtempSync(join(tmpdir(), 'lissnas-agreement-'));
    try {
        writeFileSync(join(dir, 't.csv'), 'arch,acc\n|none~0|+|none~0|none~1|+|none~0|none~1|none~2|,1.5\n');
        const paths = cases.map((c, i) => {
            const path = join(dir, `case${i}.nas`);
            writeFileSync(path, c.text);
            return path;
        });
        const loaded = await loadDocuments(paths);
        return loaded.map((l, i) => {
            const errors = l.diagnostics.filter((d) => d.severity === 'error');
            const compileProblem = errors.length > 0 && l.spec.spaces.length > 0;
            return { c: cases[i], check: errors[0]?.message, engine: engineAccepts(l, cases[i].kind, compileProblem) };
        });
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
}

describe('lissnas check and the engine agree on every setting the registry declares', () => {
    test('valid and invalid values of every key of every kind', async () => {
        const cases: Case[] = [];
        for (const kind of KINDS) {
            for (const s of settingsOf(kind)) {
                for (const expect of ['valid', 'invalid'] as const) {
                    for (const value of s.shape.samples[expect]) {
                        const setting = `${s.key} ${value}`.trim();
                        cases.push({ name: `${kind.kind} ${kind.category}: \`${setting}\``, kind, text: documentFor(kind, s.key, setting), expect });
                    }
                }
            }
        }
        assert.ok(cases.length > 200, `${cases.length} cases generated`);
        const disagreements: string[] = [];
        for (const { c, check, engine } of await verdicts(cases)) {
            if ((check === undefined) !== (engine === undefined)) disagreements.push(`${c.name}: check ${check ?? 'accepts'}; engine ${engine ?? 'accepts'}`);
            else if (c.expect === 'invalid' && check === undefined) disagreements.push(`${c.name}: both accept a value the shape calls invalid`);
        }
        assert.deepEqual(disagreements, []);
    });

    test('the six disagreements found before the registry: both sides now give the same answer', async () => {
        const kind = (k: string) => KINDS.find((x) => x.kind === k)!;
        const six: Array<Case & { accepted: boolean }> = [
            // `maximize` is the default, written out: accepted by both (with `minimize` too: rejected by both).
            { name: 'maximize on a table', kind: kind('table'), text: documentFor(kind('table'), 'maximize', 'maximize'), accepted: true },
            { name: 'minimize and maximize', kind: kind('command'), text: documentFor(kind('command'), 'maximize', 'minimize; maximize'), accepted: false },
            // The trial protocol retries a failed trial (issue 11): `retries` is a command setting, accepted by both.
            { name: 'retries on a command', kind: kind('command'), text: documentFor(kind('command'), 'retries', 'retries 2'), accepted: true },
            // `max_iterations` says it; `stop` is the plateau test only.
            { name: 'stop iterations(3)', kind: kind('lissnas'), text: documentFor(kind('lissnas'), 'stop', 'stop iterations(3)'), accepted: false },
            // Seeds are the best of the sample: `seeds top 3`; a bare count is refused with that hint.
            { name: 'seeds 3 without top', kind: kind('lissnas'), text: documentFor(kind('lissnas'), 'seeds', 'seeds 3'), accepted: false },
            { name: 'timeout 500ms', kind: kind('command'), text: documentFor(kind('command'), 'timeout', 'timeout 500ms'), accepted: true },
            // `batch` is implemented by random search (evaluation batches): accepted; `sample_size` is not a setting.
            { name: 'batch on a random search', kind: kind('random'), text: documentFor(kind('random'), 'batch', 'batch 8'), accepted: true },
            { name: 'sample_size on evolution', kind: kind('evolution'), text: documentFor(kind('evolution'), 'sample_size', 'sample_size 3'), accepted: false },
        ];
        for (const { c, check, engine } of await verdicts(six)) {
            const expected = (c as (typeof six)[number]).accepted;
            assert.equal(check === undefined, expected, `${c.name}: check says ${check ?? 'fine'}`);
            // A syntax error (an unknown key is not a keyword) never reaches the engine's readers through a file.
            if (c.name !== 'sample_size on evolution') assert.equal(engine === undefined, expected, `${c.name}: engine says ${engine ?? 'fine'}`);
        }
        // The engine's own reader refuses it too, given the setting directly (as a spec written by hand would carry it).
        const settings = [
            { key: 'budget', values: [{ kind: 'number' as const, value: 10 }] },
            { key: 'sample_size', values: [{ kind: 'number' as const, value: 3 }] },
            { key: 'evaluate', values: [{ kind: 'word' as const, value: 'E' }] },
        ];
        assert.throws(() => readSearchSettings('search R', 'evolution', settings), /sample_size/);
        assert.doesNotThrow(() => readSearchSettings('search R', 'evolution', settings.filter((s) => s.key !== 'sample_size')), 'the same settings without it are read');
    });
});
