/**
 * The run manager's core (client/runs/run-tracker.ts) with the REAL bundled CLI, as the extension runs it: forked
 * with this process's runtime, `--json`, an explicit `--out`, on a temporary copy of examples/ and data/.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunTracker, type RunTrackerOptions } from '../../client/runs/run-tracker.js';
import type { TrackedRun } from '../../client/runs/run-feed.js';
import type { RunEvent } from '../../protocol/run-events.js';
import { bundledCli, ROOT } from '../cli-bundle.js';
import { commandEvaluatorsOfRunDir, resumableDirs } from '../../client/runs/run-dirs.js';
import { studyArgs } from '../../client/commands/study-args.js';

let work: string;
let cliPath: string;
let nb201: string;

before(() => {
    cliPath = bundledCli();
    work = mkdtempSync(join(tmpdir(), 'lissnas-runs-'));
    cpSync(join(ROOT, 'examples'), join(work, 'examples'), { recursive: true });
    cpSync(join(ROOT, 'data'), join(work, 'data'), { recursive: true });
    nb201 = join(work, 'examples', 'nb201.nas');
});
after(() => rmSync(work, { recursive: true, force: true }));

interface Logged {
    run: TrackedRun;
    stream: 'stdout' | 'stderr';
    line: string;
}

function tracker(options: Partial<RunTrackerOptions> = {}) {
    const logged: Logged[] = [];
    const seen: Array<{ run: TrackedRun; event: RunEvent }> = [];
    const changes: Array<{ run: TrackedRun; state: string }> = [];
    const runs = new RunTracker({
        cliPath,
        log: (run, stream, line) => logged.push({ run, stream, line }),
        onEvent: (run, event) => seen.push({ run, event }),
        onChange: (run) => changes.push({ run, state: run.state }),
        ...options,
    });
    return { runs, logged, seen, changes };
}

function shrink(runs: RunTracker, policy: string, dir: string): TrackedRun {
    const runDir = join(work, 'runs', dir);
    return runs.start({ kind: 'shrink', name: policy, source: nb201, runDir, args: ['shrink', nb201, '--policy', policy, '--out', runDir], cwd: work });
}

const names = (run: TrackedRun) => run.events.map((e) => e.event);

describe('run tracker with the real CLI', () => {
    test('a shrink run streams start, evaluation, iteration and done events and ends finished with result.json', async () => {
        const { runs, seen, changes, logged } = tracker();
        const run = shrink(runs, 'Lissnas', 'lissnas-clean');
        assert.equal(run.state, 'starting');
        assert.equal(run.id, run.runDir, 'the id is the run directory');
        await runs.ended(run);
        assert.equal(run.state, 'finished', JSON.stringify(run.exit));
        assert.deepEqual(run.exit, { code: 0, signal: null });
        assert.ok(run.ended! >= run.started);
        const first = run.events[0];
        assert.equal(first.event, 'start');
        assert.equal(first.event === 'start' && first.runDir, run.runDir, 'the CLI writes where --out said');
        assert.equal(run.events.at(-1)!.event, 'done');
        const iterations = run.events.filter((e) => e.event === 'iteration');
        assert.deepEqual(iterations.map((e) => e.event === 'iteration' && e.iteration), [1, 2, 3]);
        const result = JSON.parse(readFileSync(join(run.runDir, 'result.json'), 'utf8')) as { queries: number };
        assert.equal(run.events.filter((e) => e.event === 'evaluation').length, result.queries, 'one evaluation event per query');
        // onEvent saw exactly run.events, in order; the state went starting -> running -> finished.
        assert.deepEqual(seen.map((s) => s.event), run.events);
        assert.deepEqual(changes.map((c) => c.state), ['starting', 'running', 'finished']);
        assert.deepEqual(logged.filter((l) => l.stream === 'stdout'), [], 'every stdout line was an event');
        assert.equal(runs.find(run.runDir), run);
        assert.deepEqual(runs.active(), []);
        const progress = runs.progress(run);
        assert.equal(progress.iteration, 3);
        assert.equal(progress.queries, result.queries);
    });

    test('cancel mid-run: interrupted (143), no result; resume completes it with the result.json of an uninterrupted run', async () => {
        const { runs } = tracker({ env: { LISSNAS_EVAL_DELAY_MS: '20' } });
        const run = shrink(runs, 'Lissnas', 'lissnas-cancelled');
        const enough = new Promise<void>((resolve) => {
            const poll = setInterval(() => {
                if (run.events.filter((e) => e.event === 'evaluation').length >= 20 || run.state !== 'running' && run.state !== 'starting') {
                    clearInterval(poll);
                    resolve();
                }
            }, 5);
        });
        await enough;
        assert.equal(run.state, 'running');
        await runs.cancel(run);
        assert.equal(run.state, 'interrupted');
        assert.deepEqual(run.exit, { code: 143, signal: null }, 'the CLI handled SIGTERM itself (no SIGKILL needed)');
        assert.ok(!existsSync(join(run.runDir, 'result.json')), 'cancelled before the end');
        assert.ok(existsSync(join(run.runDir, 'journal.jsonl')) && !existsSync(join(run.runDir, 'run.lock')), 'resumable: journal kept, lock released');
        const journaled = readFileSync(join(run.runDir, 'journal.jsonl'), 'utf8').split('\n').filter((l) => l.startsWith('{"type":"eval"')).length;
        assert.ok(journaled >= 20, `journaled before the cancel: ${journaled}`);

        const listed = () => resumableDirs(join(work, 'runs')).map((r) => r.dir);
        assert.ok(listed().includes(run.runDir), 'offered by lissnas.resume');
        assert.deepEqual(commandEvaluatorsOfRunDir(run.runDir), [], 'a table run: resumable in a restricted workspace too');

        const resumed = runs.start({ kind: 'resume', name: 'Lissnas', source: nb201, runDir: run.runDir, args: ['resume', run.runDir], cwd: work });
        assert.equal(resumed.id, `${run.runDir}#2`, 'a directory run again gets a new id');
        assert.equal(runs.find(run.runDir), resumed, 'find returns the newest run of a directory');
        await runs.ended(resumed);
        assert.equal(resumed.state, 'finished', resumed.error);
        const start = resumed.events[0];
        assert.equal(start.event === 'start' && start.journaled, journaled, 'the resume found every journaled evaluation');
        const done = resumed.events.at(-1)!;
        assert.equal(done.event === 'done' && done.reused, journaled);

        assert.ok(!listed().includes(run.runDir), 'finished: no longer offered for resume');

        // The uninterrupted run of the same policy (no delay).
        const plain = tracker().runs;
        const clean = shrink(plain, 'Lissnas', 'lissnas-uninterrupted');
        await plain.ended(clean);
        assert.equal(clean.state, 'finished');
        assert.equal(readFileSync(join(run.runDir, 'result.json'), 'utf8'), readFileSync(join(clean.runDir, 'result.json'), 'utf8'));
    });

    test('two runs at once both finish, each with its own directory and its own events', async () => {
        const { runs, seen } = tracker();
        const abs = shrink(runs, 'ABS', 'abs-parallel');
        const random = shrink(runs, 'Random', 'random-parallel');
        assert.equal(runs.active().length, 2, 'both running at once');
        await Promise.all([runs.ended(abs), runs.ended(random)]);
        for (const run of [abs, random]) {
            assert.equal(run.state, 'finished', run.error);
            const start = run.events[0];
            assert.ok(start.event === 'start' && start.name === run.name && start.runDir === run.runDir);
            assert.ok(existsSync(join(run.runDir, 'result.json')));
            assert.deepEqual(seen.filter((s) => s.run === run).map((s) => s.event), run.events, 'no event went to the other run');
        }
        assert.notEqual(abs.runDir, random.runDir);
        assert.deepEqual(runs.runs(), [abs, random], 'oldest first');
    });

    test('a study with the command line lissnas.study builds: progress with a total, study.json with what was chosen', async () => {
        const { runs } = tracker();
        const runDir = join(work, 'runs', 'study-small');
        const answers = { policies: ['ABS', 'Random'], searches: ['RS'], seeds: 2, datasets: ['c10', 'c100'], budgets: [100] };
        const run = runs.start({ kind: 'study', name: 'study-small', source: nb201, runDir, args: studyArgs(nb201, answers, runDir), cwd: work });
        await runs.ended(run);
        assert.equal(run.state, 'finished', run.error);
        const manifest = JSON.parse(readFileSync(join(runDir, 'study-run.json'), 'utf8')) as Record<string, unknown>;
        assert.deepEqual(
            { policies: manifest.policies, searches: manifest.searches, seeds: manifest.seeds, datasets: manifest.datasets, budgets: manifest.budgets },
            answers,
        );
        assert.ok(existsSync(join(runDir, 'study.json')));
        const progress = runs.progress(run);
        assert.equal(progress.percent, 100, 'the last progress event says every cell is done');
        assert.ok(progress.total! > 1);
    });

    test('a transfer study from the study input: shrunk once on c10, searched on c100 in <policy>@c10 with the whole budget', async () => {
        const { runs } = tracker();
        const runDir = join(work, 'runs', 'study-transfer');
        const answers = { policies: ['ABS'], searches: ['RS'], seeds: 2, datasets: ['c100'], budgets: [100], transferFrom: 'c10' };
        const run = runs.start({ kind: 'study', name: 'study-transfer', source: nb201, runDir, args: studyArgs(nb201, answers, runDir), cwd: work });
        await runs.ended(run);
        assert.equal(run.state, 'finished', run.error);
        const study = JSON.parse(readFileSync(join(runDir, 'study.json'), 'utf8')) as { transferFrom?: string; runs: Array<{ dataset: string; policy: string; search?: string; values: Record<string, number> }> };
        assert.equal(study.transferFrom, 'c10');
        const inside = study.runs.filter((r) => r.search === 'RS' && r.policy === 'ABS@c10');
        assert.deepEqual(inside.map((r) => [r.dataset, r.values.shrinkQueries]), [['c100', 0], ['c100', 0]], 'searched on c100, the shrinkage free');
    });

    test('a failing run (unknown policy) is failed with the CLI message and exit code 2', async () => {
        const { runs, logged } = tracker();
        const run = shrink(runs, 'Nope', 'nope');
        await runs.ended(run);
        assert.equal(run.state, 'failed');
        assert.deepEqual(run.exit, { code: 2, signal: null });
        assert.equal(run.error, "--policy: no policy named 'Nope' in the file (policies: Lissnas, ABS, Random)");
        assert.deepEqual(names(run), ['error']);
        assert.ok(logged.some((l) => l.stream === 'stderr' && l.line.includes("no policy named 'Nope'")), 'stderr goes to the log');
        assert.ok(!existsSync(run.runDir));
    });

    test('an --out that already holds a run fails with exit code 3 and says to resume', async () => {
        const { runs } = tracker();
        const run = shrink(runs, 'ABS', 'abs-parallel');
        await runs.ended(run);
        assert.equal(run.state, 'failed');
        assert.equal(run.exit?.code, 3);
        assert.match(run.error!, /already holds a run: continue it with `lissnas resume/);
    });
});

describe('run tracker with a stand-in child (what the real CLI never does)', () => {
    function script(name: string, body: string): string {
        const path = join(work, name);
        writeFileSync(path, body);
        return path;
    }

    test('malformed stdout lines go to the log, not to the events; lines and UTF-8 split across chunks are joined', async () => {
        const cli = script(
            'noisy.cjs',
            `const w = (s) => process.stdout.write(s);
const tick = () => new Promise((r) => setTimeout(r, 30));
(async () => {
  w('not json\\n');
  w('{"event":"bogus"}\\n{"event":"progress","phase":"x"}\\n');
  w('{"event":"log","level":"info","message":"caf');
  await tick();
  w(Buffer.from('é', 'utf8').subarray(0, 1));
  await tick();
  w(Buffer.concat([Buffer.from('é', 'utf8').subarray(1), Buffer.from('"}\\r\\n')]));
  w('{"event":"progress","phase":"shrink","done":3,"total":6}\\n');
  w('{"event":"progress","phase":"shrink","done":6,"total":6}');
})();`,
        );
        const { runs, logged } = tracker({ cliPath: cli });
        const run = runs.start({ kind: 'shrink', name: 'x', runDir: join(work, 'noisy'), args: [], cwd: work });
        await runs.ended(run);
        assert.equal(run.state, 'finished');
        assert.deepEqual(run.events, [
            { event: 'log', level: 'info', message: 'café' },
            { event: 'progress', phase: 'shrink', done: 3, total: 6 },
            { event: 'progress', phase: 'shrink', done: 6, total: 6 },
        ], 'the last line without a newline still counts');
        assert.deepEqual(logged.map((l) => `${l.stream}: ${l.line}`), ['stdout: not json', 'stdout: {"event":"bogus"}', 'stdout: {"event":"progress","phase":"x"}']);
        assert.equal(runs.progress(run).percent, 100);
    });

    test("the child inherits the extension host's environment (LISSNAS_EVAL_DELAY_MS passes through) plus the tracker's", async () => {
        const cli = script(
            'env.cjs',
            `process.stdout.write(JSON.stringify({ event: 'log', level: 'info', message: [process.env.LISSNAS_EVAL_DELAY_MS, process.env.EXTRA, process.argv.slice(2).join(' ')].join('|') }) + '\\n');`,
        );
        const saved = process.env.LISSNAS_EVAL_DELAY_MS;
        process.env.LISSNAS_EVAL_DELAY_MS = '7';
        try {
            const { runs } = tracker({ cliPath: cli, env: { EXTRA: 'x' } });
            const run = runs.start({ kind: 'shrink', name: 'env', runDir: join(work, 'env'), args: ['shrink', 'f.nas'], cwd: work });
            await runs.ended(run);
            assert.deepEqual(run.events, [{ event: 'log', level: 'info', message: '7|x|shrink f.nas --json' }], 'and --json is always added');
        } finally {
            if (saved === undefined) delete process.env.LISSNAS_EVAL_DELAY_MS;
            else process.env.LISSNAS_EVAL_DELAY_MS = saved;
        }
    });

    test('a child that ignores SIGTERM is killed after the grace period and ends interrupted', async () => {
        const cli = script(
            'stubborn.cjs',
            `process.on('SIGTERM', () => process.stderr.write('ignoring SIGTERM\\n'));
process.stdout.write('{"event":"start","command":"shrink","name":"x","seed":0,"journaled":0}\\n');
setInterval(() => {}, 1000);`,
        );
        const { runs, logged } = tracker({ cliPath: cli });
        const run = runs.start({ kind: 'shrink', name: 'x', runDir: join(work, 'stubborn'), args: [], cwd: work });
        while (run.state === 'starting') await new Promise((r) => setTimeout(r, 10));
        const asked = Date.now();
        await runs.cancel(run, 300);
        assert.ok(Date.now() - asked >= 290, 'waited the grace period');
        assert.equal(run.state, 'interrupted');
        assert.deepEqual(run.exit, { code: null, signal: 'SIGKILL' });
        assert.ok(logged.some((l) => l.line === 'ignoring SIGTERM'), 'SIGTERM came first');
    });

    test('cancelAll stops every active run (the extension deactivating)', async () => {
        const cli = script('sleeper.cjs', `setTimeout(() => {}, 60000);`);
        const { runs } = tracker({ cliPath: cli });
        const a = runs.start({ kind: 'shrink', name: 'a', runDir: join(work, 'a'), args: [], cwd: work });
        const b = runs.start({ kind: 'search', name: 'b', runDir: join(work, 'b'), args: [], cwd: work });
        await new Promise((r) => setTimeout(r, 200));
        await runs.cancelAll(2000);
        assert.deepEqual([a.state, b.state], ['interrupted', 'interrupted']);
        assert.deepEqual([a.exit?.signal, b.exit?.signal], ['SIGTERM', 'SIGTERM'], 'a Node child without handlers dies of SIGTERM');
        assert.deepEqual(runs.active(), []);
    });
});
