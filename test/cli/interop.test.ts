import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { EXIT } from '../../cli/exit-codes.js';
import type { ArchTable } from '../../engine/export/architectures.js';
import type { ShrinkResult } from '../../engine/report/result.js';
import { NO_PYTHON, pyCompile, runPython } from '../engine/export/helpers.js';
import { bundledCli } from '../cli-bundle.js';

/**
 * `lissnas export` and `lissnas import` through the real bundled CLI (out/cli/main.cjs, rebuilt first when a
 * source is newer), on examples/tour.nas and on a real Lissnas shrinkage of it: the files it writes, its
 * warnings, its refusal to overwrite, its exit codes, and the round trip export -> import -> `lissnas check`.
 */
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
// The bundled CLI, rebuilt first when a source is newer (test/cli-bundle.ts).
const BUNDLE = bundledCli();
const TOUR = 'examples/tour.nas';
const tmp = mkdtempSync(join(tmpdir(), 'lissnas-interop-cli-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));
const runDir = join(tmp, 'lissnas-run');

function cli(...args: string[]) {
    return spawnSync(process.execPath, [BUNDLE, ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20 });
}

before(() => {
    const shrink = cli('shrink', TOUR, '--policy', 'Lissnas', '--out', runDir);
    assert.equal(shrink.status, 0, shrink.stderr);
});

describe('lissnas export / import (bundled CLI)', () => {
    test('NNI, W&B and Katib files of tour spaces: exit 0, and their import checks clean with `lissnas check`', () => {
        // Every tour space goes through every format in-process (test/engine/export/formats.test.ts); here the real process.
        const written: string[] = [];
        for (const space of ['Training', 'Joint']) {
            for (const [to, ext, from] of [['nni', 'json', 'nni'], ['wandb', 'yaml', 'wandb'], ['katib', 'yaml', 'katib']]) {
                const file = join(tmp, `${space}-${to}.${ext}`);
                const out = cli('export', TOUR, '--space', space, '--to', to, '--out', file);
                assert.equal(out.status, 0, out.stderr);
                const nas = join(tmp, `${space}-${to}.nas`);
                const back = cli('import', file, '--from', from, '--out', nas);
                assert.equal(back.status, 0, `${space} ${to}: ${back.stderr}`);
                assert.match(back.stderr, new RegExp(`wrote .*${space}-${to}\\.nas: space \\w+ with \\d+ parameters`));
                written.push(nas);
            }
        }
        const check = cli('check', ...written);
        assert.equal(check.status, 0, `${check.stdout}${check.stderr}`);
    });

    test('--out never overwrites: an existing file is refused with exit 3 and left as it was', () => {
        const file = join(tmp, 'taken.py');
        writeFileSync(file, 'mine\n');
        const r = cli('export', TOUR, '--space', 'Training', '--to', 'optuna', '--out', file);
        assert.equal(r.status, EXIT.fileSystem);
        assert.match(r.stderr, /taken\.py already exists; lissnas does not overwrite files/);
        assert.equal(readFileSync(file, 'utf8'), 'mine\n');
        const nas = join(tmp, 'taken.nas');
        writeFileSync(nas, 'mine\n');
        const json = join(tmp, 'for-import.json');
        assert.equal(cli('export', TOUR, '--space', 'Training', '--to', 'nni', '--out', json).status, 0);
        const i = cli('import', json, '--out', nas);
        assert.equal(i.status, EXIT.fileSystem);
        assert.equal(readFileSync(nas, 'utf8'), 'mine\n');
    });

    test('usage errors exit 2: missing --to, unknown format, two sources, unknown space, json without a run', () => {
        const cases: Array<[string[], RegExp]> = [
            [['export', TOUR, '--space', 'NB201'], /missing --to FORMAT/],
            [['export', TOUR, '--space', 'NB201', '--to', 'hyperopt'], /unknown format 'hyperopt'/],
            [['export', TOUR, '--space', 'NB201', '--policy', 'ABS', '--to', 'nni'], /give one of --space, --policy, --run/],
            [['export', TOUR, '--space', 'Nope', '--to', 'nni'], /no space named 'Nope'/],
            [['export', TOUR, '--space', 'NB201', '--to', 'csv'], /exports the architectures of a run: use --run DIR/],
            [['import', join(ROOT, 'package.json'), '--from', 'hyperopt'], /unknown format 'hyperopt'/],
        ];
        for (const [args, message] of cases) {
            const r = cli(...args);
            assert.equal(r.status, EXIT.usage, args.join(' '));
            assert.match(r.stderr, message);
        }
        const missing = cli('export', '--run', join(tmp, 'no-such-run'), '--to', 'nni');
        assert.equal(missing.status, EXIT.fileSystem);
    });

    test('--help of both commands lists the formats and examples', () => {
        const e = cli('export', '--help');
        assert.equal(e.status, 0);
        for (const f of ['nni', 'optuna', 'ray', 'wandb', 'katib', 'json', 'csv']) assert.match(e.stdout, new RegExp(`\\n  ${f} `));
        assert.match(e.stdout, /examples:\n {2}lissnas export/);
        const i = cli('import', '--help');
        assert.equal(i.status, 0);
        for (const f of ['nni', 'wandb', 'katib', 'optuna-json']) assert.match(i.stdout, new RegExp(`\\n  ${f} `));
    });

    test('--policy: the space the policy shrinks, with its evaluator as the objective (W&B metric, Katib objective)', () => {
        const w = cli('export', TOUR, '--policy', 'Lissnas', '--to', 'wandb');
        assert.equal(w.status, 0, w.stderr);
        assert.deepEqual(parseYaml(w.stdout).metric, { name: 'c10_val_naslib', goal: 'maximize' });
        const k = cli('export', TOUR, '--policy', 'Lissnas', '--to', 'katib');
        assert.deepEqual(parseYaml(k.stdout).spec.objective, { type: 'maximize', objectiveMetricName: 'c10_val_naslib', additionalMetricNames: ['c10_test'] });
        assert.match(w.stderr, /warning: cell cell: exported as one op choice per edge; isomorphic cells are not merged/);
    });

    test('--run: the shrunk space is one categorical over exactly its members, in every space format', () => {
        const result = JSON.parse(readFileSync(join(runDir, 'result.json'), 'utf8')) as ShrinkResult;
        const space = result.space as { pockets: Array<{ seed: string; members: string[] }> };
        const members = [...new Set(space.pockets.flatMap((p) => [p.seed, ...p.members]))].sort();
        assert.equal(String(members.length), result.size);
        const nni = cli('export', '--run', runDir, '--to', 'nni');
        assert.equal(nni.status, 0, nni.stderr);
        assert.deepEqual([...JSON.parse(nni.stdout).arch._value].sort(), members);
        assert.match(nni.stderr, /decode 'arch' with NB201 strings/);
        const wandb = cli('export', '--run', runDir, '--to', 'wandb');
        assert.deepEqual([...parseYaml(wandb.stdout).parameters.arch.values].sort(), members);
        assert.match(wandb.stdout, /^# Decode 'arch': NB201 strings/m);
        const katib = cli('export', '--run', runDir, '--to', 'katib');
        assert.deepEqual([...parseYaml(katib.stdout).spec.parameters[0].feasibleSpace.list].sort(), members);
        // Imported back: a choice over the same strings.
        const file = join(tmp, 'shrunk.json');
        writeFileSync(file, nni.stdout);
        const back = cli('import', file);
        assert.equal(back.status, 0, back.stderr);
        assert.ok(members.every((m) => back.stdout.includes(JSON.stringify(m))));
    });

    test('--run with optuna (and ray, compiled): the decoder turns each member string back into per-edge ops', { skip: NO_PYTHON }, () => {
        const ray = cli('export', '--run', runDir, '--to', 'ray');
        assert.equal(ray.status, 0, ray.stderr);
        pyCompile(ray.stdout);
        assert.match(ray.stdout, /"arch": tune\.choice\(\[\n/);
        const py = cli('export', '--run', runDir, '--to', 'optuna');
        assert.equal(py.status, 0, py.stderr);
        const out = runPython(
            { 'space.py': py.stdout },
            `
import json, space
class Trial:
    def suggest_categorical(self, name, choices):
        self.choices = choices
        return choices[0]
t = Trial()
params = space.suggest(t)
decoded = [space.decode({"arch": c})["arch"] for c in t.choices]
print(json.dumps({"n": len(t.choices), "first": {"%d-%d" % k: v for k, v in decoded[0]["edges"].items()}, "strings": [d["string"] for d in decoded]}))
`,
        ) as { n: number; first: Record<string, string>; strings: string[] };
        const result = JSON.parse(readFileSync(join(runDir, 'result.json'), 'utf8')) as ShrinkResult;
        assert.equal(String(out.n), result.size);
        assert.equal(Object.keys(out.first).length, 6);
        const [g1, g2, g3] = out.strings[0].split('+').map((g) => g.slice(1, -1).split('|'));
        assert.deepEqual(out.first, { '0-1': g1[0].split('~')[0], '0-2': g2[0].split('~')[0], '1-2': g2[1].split('~')[0], '0-3': g3[0].split('~')[0], '1-3': g3[1].split('~')[0], '2-3': g3[2].split('~')[0] });
    });

    test('--run --to json / csv: every member with its pockets, and every evaluated architecture with its metrics', () => {
        const result = JSON.parse(readFileSync(join(runDir, 'result.json'), 'utf8')) as ShrinkResult;
        const file = join(tmp, 'archs.json');
        const j = cli('export', '--run', runDir, '--to', 'json', '--out', file);
        assert.equal(j.status, 0, j.stderr);
        const table = JSON.parse(readFileSync(file, 'utf8')) as ArchTable;
        assert.equal(table.format, 'lissnas-architectures/1');
        assert.equal(String(table.rows.filter((r) => r.member).length), result.size);
        assert.equal(table.pockets.length, result.pockets.length);
        const journal = readFileSync(join(runDir, 'journal.jsonl'), 'utf8').split('\n').filter((l) => l.includes('"type":"eval"')).map((l) => JSON.parse(l) as { key: string; metric?: number });
        const measured = new Set(journal.filter((e) => e.metric !== undefined).map((e) => e.key));
        const evaluated = table.rows.filter((r) => r.metric !== undefined);
        assert.equal(evaluated.length, measured.size, 'one row with a metric per distinct evaluated architecture');
        const best = table.rows.find((r) => r.arch === result.best!.arch)!;
        assert.equal(best.metric, result.best!.metric);
        for (const [i, p] of result.pockets.entries()) assert.ok(table.rows.find((r) => r.arch === p.seed)!.pockets.includes(i));
        const c = cli('export', '--run', runDir, '--to', 'csv');
        const lines = c.stdout.trim().split('\n');
        assert.equal(lines[0], 'arch,member,seed,pockets,c10_val_naslib,c10_test,error');
        assert.equal(lines.length - 1, table.rows.length);
    });

    test('import: a file of unknown format is a usage error (exit 2); nothing importable is exit 1 with every problem located', () => {
        const empty = join(tmp, 'empty.json');
        writeFileSync(empty, '{}\n');
        const r = cli('import', empty);
        assert.equal(r.status, EXIT.usage);
        assert.match(r.stderr, /cannot tell the format of .*empty\.json; give --from/);
        const bad = join(tmp, 'bad.json');
        writeFileSync(bad, JSON.stringify({ x: { _type: 'mutable_layer', _value: [] } }));
        const b = cli('import', bad, '--from', 'nni');
        assert.equal(b.status, EXIT.failed);
        assert.match(b.stderr, /bad\.json:x: warning: _type 'mutable_layer' has no \.nas equivalent; skipped/);
        assert.match(b.stderr, /no parameter could be imported \(read as nni\)/);
        assert.equal(b.stdout, '');
    });

    test('a shrink run without result.json: no shrunk space to export (exit 1), but json/csv list what it evaluated', () => {
        const cut = join(tmp, 'cut-run');
        cpSync(runDir, cut, { recursive: true });
        rmSync(join(cut, 'result.json'));
        const r = cli('export', '--run', cut, '--to', 'nni');
        assert.equal(r.status, EXIT.failed);
        assert.match(r.stderr, /the run has not finished \(no result\.json\)/);
        const c = cli('export', '--run', cut, '--to', 'csv');
        assert.equal(c.status, 0, c.stderr);
        assert.match(c.stderr, /warning: .* no members or pockets, only what it evaluated/);
        const rows = c.stdout.trim().split('\n').slice(1);
        assert.ok(rows.length > 0 && rows.every((l) => l.split(',')[1] === 'false'));
    });
});
