import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseRunEvent } from '../../protocol/run-events.js';
import { run } from './in-process.js';

const tmp = mkdtempSync(join(tmpdir(), 'lissnas-cli-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));


describe('lissnas CLI', () => {
    test('usage errors exit 2 with a clear message', async () => {
        let r = await run();
        assert.equal(r.code, 2);
        assert.match(r.err, /usage: lissnas <command>/);
        r = await run('frobnicate');
        assert.equal(r.code, 2);
        assert.match(r.err, /unknown command 'frobnicate'/);
        r = await run('shrink', 'examples/nb201.nas', '--polcy', 'Lissnas');
        assert.equal(r.code, 2);
        assert.match(r.err, /lissnas shrink: unknown option '--polcy'/);
        r = await run('shrink', 'examples/nb201.nas');
        assert.equal(r.code, 2);
        assert.match(r.err, /missing --policy NAME/);
        r = await run('resume');
        assert.equal(r.code, 2);
        assert.match(r.err, /missing argument \(usage: lissnas resume <dir>/);
        r = await run('report', 'a', 'b');
        assert.equal(r.code, 2);
        assert.match(r.err, /too many arguments: b/);
        r = await run('study', 'examples/nb201.nas', '--policies', 'Lissnas', '--datasets', 'mnist');
        assert.equal(r.code, 2);
        assert.match(r.err, /unknown dataset 'mnist'/);
    });

    test('--help for the CLI and every command', async () => {
        const main = await run('--help');
        assert.equal(main.code, 0);
        for (const name of ['check', 'size', 'shrink', 'search', 'resume', 'report', 'map', 'study', 'demo']) {
            assert.ok(main.out.includes(`  ${name} `), name);
            const r = await run(name, '--help');
            assert.equal(r.code, 0, name);
            assert.match(r.out, new RegExp(`^usage: lissnas ${name}`), name);
            assert.match(r.out, /examples:\n {2}lissnas /, name);
        }
    });

    test('check: diagnostics as file:line:col: severity: message, exit 1 on errors', async () => {
        const ok = await run('check', 'examples/nb201.nas');
        assert.equal(ok.code, 0, ok.out + ok.err);
        assert.equal(ok.out, '');
        const bad = join(tmp, 'bad.nas');
        writeFileSync(bad, 'space S {\n  cell { nodes 4; edges all; ops [a, b] }\n}\npolicy P = lissnas(Nowhere) { }\n');
        const r = await run('check', bad);
        assert.equal(r.code, 1);
        assert.match(r.out, /bad\.nas:4:\d+: error: .*Nowhere/);
        const json = await run('check', bad, '--json');
        const parsed = JSON.parse(json.out) as { errors: number; diagnostics: Array<{ line: number; severity: string }> };
        assert.ok(parsed.errors >= 1);
        assert.ok(parsed.diagnostics.some((d) => d.line === 4 && d.severity === 'error'));
        const missing = await run('check', join(tmp, 'missing.nas'));
        assert.equal(missing.code, 3, 'a missing file is a file-system problem (docs/cli.md exit codes)');
        assert.match(missing.err, /no such file/);
    });

    test('size: exact digit strings and log10', async () => {
        const r = await run('size', 'examples/nb201.nas', '--json');
        assert.equal(r.code, 0, r.err);
        const { spaces } = JSON.parse(r.out) as { spaces: Array<{ space: string; raw: string; unique: string; log10Raw: number; exact: boolean }> };
        assert.equal(spaces.length, 1);
        assert.equal(spaces[0].space, 'NB201');
        assert.equal(spaces[0].raw, '15625');
        assert.equal(spaces[0].unique, '6466', 'the NAS-Bench-201 paper count of unique cells');
        assert.equal(spaces[0].exact, true);
        assert.ok(Math.abs(spaces[0].log10Raw - Math.log10(15625)) < 1e-9);
        const text = await run('size', 'examples/nb201.nas');
        assert.match(text.out, /NB201\s+15625\s+6466/);
        const none = await run('size', 'examples/nb201.nas', '--space', 'Nope');
        assert.equal(none.code, 2);
        assert.match(none.err, /no space named 'Nope' \(spaces: NB201\)/);
    });

    test('shrink --json: every stdout line is a valid event; report rewrites report.html', async () => {
        const dir = join(tmp, 'shrink');
        const r = await run('shrink', 'examples/nb201.nas', '--policy', 'ABS', '--out', dir, '--json', '--seed', '3');
        assert.equal(r.code, 0, r.err);
        const lines = r.out.trim().split('\n');
        const events = lines.map(parseRunEvent);
        assert.ok(events.every((e) => e !== undefined), lines.find((l) => !parseRunEvent(l)));
        assert.equal(events[0]!.event, 'start');
        assert.equal(events[events.length - 1]!.event, 'done');
        assert.equal(events.filter((e) => e!.event === 'evaluation').length, 200, 'ABS samples 200');
        const done = events[events.length - 1]!;
        assert.ok(done.event === 'done' && done.evaluated === 200 && done.files.length === 2);
        const result = JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8')) as { seed: number; policy: string };
        assert.equal(result.seed, 3);
        assert.equal(result.policy, 'op_pruning');

        rmSync(join(dir, 'report.html'));
        const rep = await run('report', dir);
        assert.equal(rep.code, 0, rep.err);
        assert.ok(existsSync(join(dir, 'report.html')));
        assert.match(readFileSync(join(dir, 'report.html'), 'utf8'), /<h2>Comparison with baselines<\/h2>/);

        const again = await run('resume', dir, '--json');
        assert.equal(again.code, 0, again.err);
        const last = parseRunEvent(again.out.trim().split('\n').pop()!);
        assert.ok(last?.event === 'done' && last.evaluated === 0 && last.reused === 200, 'a finished run resumes without evaluating');
    });

    test('unknown names exit 2, non-run directories 3 (and emit an error event with --json)', async () => {
        const r = await run('shrink', 'examples/nb201.nas', '--policy', 'Nope', '--out', join(tmp, 'nope'), '--json');
        assert.equal(r.code, 2);
        assert.match(r.err, /no policy named 'Nope'/);
        const e = parseRunEvent(r.out.trim().split('\n').pop()!);
        assert.ok(e?.event === 'error' && /no policy named 'Nope'/.test(e.message));
        assert.ok(!existsSync(join(tmp, 'nope')), 'nothing created for a refused command');
        const notRun = await run('resume', tmp);
        assert.equal(notRun.code, 3);
        assert.match(notRun.err, /not a run or study directory/);
    });

    test('study: tables, files, equal total budgets', async () => {
        const dir = join(tmp, 'study');
        const r = await run('study', 'examples/nb201.nas', '--policies', 'ABS,Random', '--searches', 'RS', '--seeds', '2', '--budgets', '150,300', '--datasets', 'c100', '--out', dir);
        assert.equal(r.code, 0, r.err);
        for (const f of ['study.json', 'study.md', 'report.html']) assert.ok(existsSync(join(dir, f)), f);
        const study = JSON.parse(readFileSync(join(dir, 'study.json'), 'utf8')) as {
            seeds: number[];
            shrink: Array<{ policy: string; stats: Record<string, { mean: number; n: number }> }>;
            search: Array<{ space: string; budget: number; feasible: number; bestReport?: { mean: number; n: number }; stops?: Record<string, number> }>;
        };
        assert.deepEqual(study.seeds, [0, 1]);
        assert.equal(study.shrink.length, 2);
        assert.equal(study.shrink[0].stats.queries.mean, 200);
        assert.ok(study.shrink[0].stats.meanReport.mean < 75, 'CIFAR-100 test accuracies (best is 73.51)');
        // ABS spends 200 queries: infeasible at a total budget of 150, feasible at 300.
        const abs150 = study.search.find((s) => s.space === 'ABS' && s.budget === 150)!;
        const abs300 = study.search.find((s) => s.space === 'ABS' && s.budget === 300)!;
        assert.equal(abs150.feasible, 0);
        assert.equal(abs300.feasible, 2);
        assert.equal(study.search.filter((s) => s.space === 'full').length, 2);
        assert.match(r.out, /budget 150\s+budget 300/);
        // Stop reasons per row: ABS keeps 64 architectures, fewer than the 100 queries left at 300, so both
        // seeds' searches run out of space; an infeasible row ran no search and counts none.
        assert.deepEqual(abs300.stops, { exhausted: 2 });
        assert.equal(abs150.stops, undefined);
        assert.match(r.out, /\d+\.\d\d ± \d+\.\d\d \[exhausted 2\]/);
        assert.match(readFileSync(join(dir, 'study.md'), 'utf8'), /\| RS \| ABS \| n\/a \| \d+\.\d\d ± \d+\.\d\d \[exhausted 2\] \|/);
        const html = readFileSync(join(dir, 'report.html'), 'utf8');
        assert.match(html, /Search at equal total budget/);
        assert.doesNotMatch(html, /https?:\/\//);
    });
});
