import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PocketMapCheck, type PocketMap } from '../../protocol/pocket-map.js';
import { bundledCli } from '../cli-bundle.js';

/**
 * `lissnas map` through the real bundled CLI (out/cli/main.cjs, rebuilt first when a source is newer) on real
 * runs of examples/nb201.nas: a Lissnas shrinkage, a random search past the classical-MDS threshold, and a run
 * cut short (journal without result.json). Expected numbers are computed here from the run's own files.
 */
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
// The bundled CLI, rebuilt first when a source is newer (test/cli-bundle.ts).
const BUNDLE = bundledCli();
const tmp = mkdtempSync(join(tmpdir(), 'lissnas-map-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));

function cli(...args: string[]) {
    return spawnSync(process.execPath, [BUNDLE, ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20 });
}

/** Distinct evaluated keys of journal.jsonl, read directly (first occurrence order). */
function journalKeys(dir: string): string[] {
    const keys = readFileSync(join(dir, 'journal.jsonl'), 'utf8')
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((l) => JSON.parse(l) as { type: string; key?: string })
        .filter((e) => e.type === 'eval')
        .map((e) => e.key!);
    return [...new Set(keys)];
}

// NB201 key = op indices in arch-string order (edges by target, then source), written out independently of the engine.
const OPS = ['none', 'skip_connect', 'nor_conv_1x1', 'nor_conv_3x3', 'avg_pool_3x3'];
const keyOfArch = (arch: string): string => [...arch.matchAll(/([a-z_0-9]+)~\d/g)].map((m) => OPS.indexOf(m[1])).join(',');

/** Every file of a directory with its bytes: "map writes nothing" is checked against it. */
function snapshot(dir: string): Record<string, string> {
    return Object.fromEntries(readdirSync(dir).map((f) => [f, readFileSync(join(dir, f), 'latin1')]));
}

const shrinkDir = join(tmp, 'shrink');
const searchDir = join(tmp, 'search');

before(() => {
    const shrink = cli('shrink', 'examples/nb201.nas', '--policy', 'Lissnas', '--out', shrinkDir);
    assert.equal(shrink.status, 0, shrink.stderr);
    const search = cli('search', 'examples/nb201.nas', '--search', 'RS', '--budget', '620', '--out', searchDir);
    assert.equal(search.status, 0, search.stderr);
});

describe('lissnas map (bundled CLI)', () => {
    test('after a real shrink: one point per journaled key, members = the shrunk space, pockets, best, drawings', () => {
        const before = snapshot(shrinkDir);
        const r = cli('map', shrinkDir, '--json');
        assert.equal(r.status, 0, r.stderr);
        assert.equal(r.stdout.trim().split('\n').length, 1, 'one JSON line');
        const map = JSON.parse(r.stdout) as PocketMap;
        assert.equal(PocketMapCheck.problem(map), undefined);
        assert.deepEqual(snapshot(shrinkDir), before, 'map writes nothing into the run directory');

        const keys = journalKeys(shrinkDir);
        assert.deepEqual(map.points.map((p) => p.key), keys);
        const result = JSON.parse(readFileSync(join(shrinkDir, 'result.json'), 'utf8'));
        const memberKeys = new Set<string>();
        for (const p of result.space.pockets) for (const m of [p.seed, ...p.members]) memberKeys.add(keyOfArch(m));
        assert.equal(memberKeys.size, Number(result.size), 'the independent key reading agrees with result.json size');
        const expectedMembers = keys.filter((k) => memberKeys.has(k));
        assert.ok(expectedMembers.length > 0 && expectedMembers.length < keys.length);
        assert.deepEqual(map.points.filter((p) => p.member).map((p) => p.key), expectedMembers);

        assert.equal(map.bestKey, result.best.key);
        assert.equal(map.command, 'shrink');
        assert.equal(map.name, 'Lissnas');
        assert.equal(map.space, 'NB201');
        assert.equal(map.metricName, 'c10_val_naslib');
        assert.equal(map.reportName, 'c10_test');
        assert.equal(map.embedding.method, 'classical-mds', `${keys.length} points are under the classical threshold`);
        assert.ok(map.embedding.explained > 0 && map.embedding.explained <= 1);

        assert.deepEqual(map.pockets.map((p) => [p.seed, p.radius, p.members]), result.pockets.map((p: { seed: string; radius: number; members: number }) => [p.seed, p.radius, p.members]));
        for (const [k, pocket] of map.pockets.entries()) assert.equal(pocket.seedKey, keyOfArch(pocket.seed), `pocket ${k}`);
        // Every member lies within its pocket's radius of that seed, so every member point has a pocket.
        for (const p of map.points.filter((x) => x.member)) assert.notEqual(p.pocket, undefined, p.arch);
        // The pocket rule, checked by hand with Hamming distances: the nearest seed within its radius, lowest index on ties.
        const hamming = (a: string, b: string) => a.split(',').filter((x, i) => x !== b.split(',')[i]).length;
        for (const p of map.points) {
            let want: number | undefined;
            let nearest = Infinity;
            map.pockets.forEach((pocket, k) => {
                const d = hamming(p.key, pocket.seedKey);
                if (d <= pocket.radius && d < nearest) [want, nearest] = [k, d];
            });
            assert.equal(p.pocket, want, p.arch);
        }

        // Iterations: 1-based, every history row's queries reached in order.
        const lastQueries = result.history.at(-1).queries;
        assert.equal(keys.length, lastQueries, 'the journal holds exactly the policy queries');
        const counts = result.history.map((h: { iteration: number }) => map.points.filter((p) => p.iteration === h.iteration).length);
        const expected = result.history.map((h: { queries: number }, i: number) => h.queries - (i === 0 ? 0 : result.history[i - 1].queries));
        assert.deepEqual(counts, expected);

        const best = map.points.find((p) => p.key === map.bestKey)!;
        assert.equal(best.arch, result.best.arch);
        assert.equal(best.metric, result.best.metric);
        assert.equal(best.drawing.graphs[0].edges.length, 6);
        assert.deepEqual(best.drawing.graphs[0].edges.map((e) => e.label), result.best.arch.match(/[a-z_0-9]+(?=~)/g));

        const again = cli('map', shrinkDir, '--json');
        assert.equal(again.stdout, r.stdout, 'deterministic: byte-identical output');
    });

    test('the human summary: points, members, pockets, embedding, explained share, seconds', () => {
        const r = cli('map', shrinkDir);
        assert.equal(r.status, 0, r.stderr);
        const map = JSON.parse(cli('map', shrinkDir, '--json').stdout) as PocketMap;
        const members = map.points.filter((p) => p.member).length;
        assert.match(r.stdout, new RegExp(`map of shrink Lissnas in space NB201: ${map.points.length} points, ${members} members of the shrunk space, ${map.pockets.length} pockets`));
        assert.match(r.stdout, new RegExp(`embedding: classical MDS, explained ${(100 * map.embedding.explained).toFixed(1)} %`));
        assert.match(r.stdout, /built in \d+\.\d\d s/);
        assert.doesNotMatch(r.stdout, /has not finished/);
    });

    test('a search past the threshold: landmark MDS, --landmarks, no members, iteration = query index', () => {
        const r = cli('map', searchDir, '--json', '--landmarks', '40');
        assert.equal(r.status, 0, r.stderr);
        const map = JSON.parse(r.stdout) as PocketMap;
        assert.equal(PocketMapCheck.problem(map), undefined);
        const keys = journalKeys(searchDir);
        assert.ok(keys.length > 500, `${keys.length} evaluations`);
        assert.deepEqual(map.points.map((p) => p.key), keys);
        assert.deepEqual(map.embedding.method, 'landmark-mds');
        assert.equal(map.embedding.landmarks, 40);
        assert.equal(map.command, 'search');
        assert.ok(map.points.every((p) => !p.member));
        assert.deepEqual(map.pockets, []);
        assert.deepEqual(map.points.map((p) => p.iteration), keys.map((_, i) => i + 1));
        const result = JSON.parse(readFileSync(join(searchDir, 'result.json'), 'utf8'));
        assert.equal(map.bestKey, result.best.key);
        const text = cli('map', searchDir);
        assert.match(text.stdout, /embedding: landmark MDS \(200 landmarks\)/);
    });

    test('a run that has not finished (no result.json): the journal is mapped, no members or pockets, the summary says so', () => {
        const running = join(tmp, 'running');
        mkdirSync(running);
        copyFileSync(join(shrinkDir, 'run.json'), join(running, 'run.json'));
        // The first 40 journal lines: a run cut in the middle of its first iteration.
        const lines = readFileSync(join(shrinkDir, 'journal.jsonl'), 'utf8').split('\n').slice(0, 40);
        writeFileSync(join(running, 'journal.jsonl'), lines.join('\n') + '\n');
        const before = snapshot(running);
        const r = cli('map', running, '--json');
        assert.equal(r.status, 0, r.stderr);
        const map = JSON.parse(r.stdout) as PocketMap;
        assert.equal(PocketMapCheck.problem(map), undefined);
        assert.deepEqual(map.points.map((p) => p.key), journalKeys(running));
        assert.ok(map.points.length > 30);
        assert.ok(map.points.every((p) => !p.member && p.pocket === undefined));
        assert.deepEqual(map.pockets, []);
        // Without result.json the best is the highest journaled score (lowest key on ties).
        const scores = lines.filter((l) => l.includes('"type":"eval"')).map((l) => JSON.parse(l) as { key: string; score: number });
        const top = [...scores].sort((a, b) => b.score - a.score || (a.key < b.key ? -1 : 1))[0];
        assert.equal(map.bestKey, top.key);
        const text = cli('map', running);
        assert.match(text.stdout, /has not finished \(no result\.json\)/);
        assert.deepEqual(snapshot(running), before, 'map writes nothing into a running run either');
    });

    test('errors: not a directory, not a run directory (exit 3), damaged run.json (exit 1), bad --landmarks (exit 2)', () => {
        const missing = cli('map', join(tmp, 'nowhere'));
        assert.equal(missing.status, 3);
        assert.match(missing.stderr, /no such directory/);
        const empty = join(tmp, 'empty');
        mkdirSync(empty);
        const notRun = cli('map', empty);
        assert.equal(notRun.status, 3);
        assert.match(notRun.stderr, /not a run directory \(no run\.json\)/);
        const damaged = join(tmp, 'damaged');
        mkdirSync(damaged);
        writeFileSync(join(damaged, 'run.json'), '{ not json');
        const bad = cli('map', damaged, '--json');
        assert.equal(bad.status, 1);
        assert.match(bad.stderr, /run\.json is damaged/);
        assert.equal(JSON.parse(bad.stdout).event, 'error');
        const study = join(tmp, 'study');
        mkdirSync(study);
        writeFileSync(join(study, 'study-run.json'), '{}');
        const notStudy = cli('map', study);
        assert.equal(notStudy.status, 3, 'a study directory is not a run directory');
        assert.match(notStudy.stderr, /not a run directory \(no run\.json\)/);
        const damagedResult = join(tmp, 'damaged-result');
        mkdirSync(damagedResult);
        copyFileSync(join(shrinkDir, 'run.json'), join(damagedResult, 'run.json'));
        copyFileSync(join(shrinkDir, 'journal.jsonl'), join(damagedResult, 'journal.jsonl'));
        writeFileSync(join(damagedResult, 'result.json'), '{"format": "lissnas-result/1", ');
        const badResult = cli('map', damagedResult);
        assert.equal(badResult.status, 1);
        assert.match(badResult.stderr, /result\.json is damaged/);
        const zero = cli('map', shrinkDir, '--landmarks', '0');
        assert.equal(zero.status, 2);
        const help = cli('map', '--help');
        assert.equal(help.status, 0);
        assert.match(help.stdout, /^usage: lissnas map <run-dir>/);
        assert.match(help.stdout, /examples:\n {2}lissnas shrink examples\/nb201\.nas --policy Lissnas --out runs\/lissnas && lissnas map runs\/lissnas/);
    });
});
