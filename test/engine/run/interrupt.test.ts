import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Interrupting a run with REAL slow processes: `test/fixtures/run/slow.nas` searches with a `command` evaluator
 * running 4 processes at a time (test/fixtures/run/slow-evaluator.mjs: sleeps, then logs its key, prints a
 * number and exits, in one step). The run is interrupted while some evaluations have finished and others are
 * in flight (one batch of 16), then resumed:
 * - every evaluation that finished (the evaluator's own log) is in the journal, and nothing else;
 * - SIGINT / SIGTERM: the run stops its evaluator processes (none outlives it), prints how to continue and
 *   exits 130 / 143; SIGKILL: whatever finished was journaled while the batch was still running;
 * - `resume` evaluates none of the journaled architectures again and ends with the result.json of an
 *   uninterrupted run;
 * - one writer per run directory: a `resume` of the live run is refused, naming its pid; after a SIGKILL the
 *   stale lock is taken over.
 */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const NAS = join(ROOT, 'test/fixtures/run/slow.nas');
const CLI = ['--import', 'tsx', join(ROOT, 'cli/main.ts')];
const tmp = mkdtempSync(join(tmpdir(), 'lissnas-interrupt-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));

interface Finished {
    code: number | null;
    signal: NodeJS.Signals | null;
    stderr: string;
}

function lissnas(args: string[], log: string, env: Record<string, string> = {}): { child: ChildProcess; finished: Promise<Finished> } {
    const child = spawn(process.execPath, [...CLI, ...args], {
        cwd: ROOT,
        env: { ...process.env, LISSNAS_TEST_EVAL_LOG: log, ...env },
        stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    if (process.env.LISSNAS_TEST_VERBOSE) child.stderr!.pipe(process.stderr);
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const finished = new Promise<Finished>((done) => child.on('close', (code, signal) => done({ code, signal, stderr })));
    return { child, finished };
}

function lines(path: string): string[] {
    return existsSync(path) ? readFileSync(path, 'utf8').split('\n').filter((l) => l !== '') : [];
}

/** Keys of the journal's complete eval lines. */
function journalKeys(dir: string): string[] {
    return lines(join(dir, 'journal.jsonl'))
        .filter((line) => line.startsWith('{"type":"eval"') && line.endsWith('}'))
        .map((line) => (JSON.parse(line) as { key: string }).key);
}

async function until(what: string, condition: () => boolean, run?: { child: ChildProcess }): Promise<void> {
    const deadline = Date.now() + 120_000; // only a guard against hanging: the machine may be heavily loaded
    while (!condition()) {
        if (run && run.child.exitCode !== null) throw new Error(`the run exited (${run.child.exitCode}) while waiting for ${what}`);
        if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 10));
    }
}

/**
 * Pids of evaluator processes of this test's run (LISSNAS_TEST_EVAL_LOG=log in their environment) still alive:
 * from /proc where there is one, so that a process spawned but not yet started counts too; elsewhere the pids
 * the evaluator script logged.
 */
function evaluatorProcesses(log: string): number[] {
    if (!existsSync('/proc/self/environ')) return lines(`${log}.pids`).map(Number).filter(alive);
    const marker = `LISSNAS_TEST_EVAL_LOG=${log}\0`;
    return readdirSync('/proc')
        .filter((name) => /^\d+$/.test(name) && Number(name) !== process.pid)
        .filter((name) => {
            try {
                return readFileSync(`/proc/${name}/cmdline`, 'utf8').includes('slow-evaluator.mjs') && readFileSync(`/proc/${name}/environ`, 'utf8').includes(marker);
            } catch {
                return false; // gone meanwhile, or not ours
            }
        })
        .map(Number);
}

function alive(pid: number): boolean {
    try {
        process.kill(pid, 0);
        return true;
    } catch {
        return false;
    }
}

let reference: Promise<string> | undefined;
/** result.json of an uninterrupted run (computed once). */
function uninterrupted(): Promise<string> {
    reference ??= (async () => {
        const dir = join(tmp, 'clean');
        const run = await lissnas(['search', NAS, '--search', 'RS', '--out', dir], join(tmp, 'clean.log')).finished;
        assert.equal(run.code, 0, run.stderr);
        assert.equal(lines(join(tmp, 'clean.log')).length, 16, 'the uninterrupted run evaluates its whole budget');
        return readFileSync(join(dir, 'result.json'), 'utf8');
    })();
    return reference;
}

/** Resumes `dir`, checks it re-ran none of `journaled` and ended with the uninterrupted result. */
async function resumeAndCompare(dir: string, journaled: string[], name: string): Promise<Finished> {
    const log = join(tmp, `${name}.resume.log`);
    const resumed = await lissnas(['resume', dir], log).finished;
    assert.equal(resumed.code, 0, resumed.stderr);
    const again = lines(log).filter((key) => journaled.includes(key));
    assert.deepEqual(again, [], 'resume evaluated none of the journaled architectures again');
    assert.match(resumed.stderr, new RegExp(`${journaled.length} evaluations reused from the journal`));
    assert.equal(readFileSync(join(dir, 'result.json'), 'utf8'), await uninterrupted());
    assert.ok(!existsSync(join(dir, 'run.lock')), 'the lock is released at the end');
    return resumed;
}

for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
] as const) {
    test(`${signal} with 4 evaluator processes in flight: every finished evaluation journaled, no process left, exit ${code}, resume = uninterrupted`, async () => {
        const dir = join(tmp, signal);
        const log = join(tmp, `${signal}.log`);
        const run = lissnas(['search', NAS, '--search', 'RS', '--out', dir], log);
        await until('5 finished evaluations', () => lines(log).length >= 5);
        run.child.kill(signal);
        const stopped = await run.finished;

        assert.equal(stopped.code, code, stopped.stderr);
        assert.match(stopped.stderr, new RegExp(`interrupted; continue with: lissnas resume ${dir.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')}\\n`));
        const finished = lines(log);
        assert.ok(finished.length < 16, `interrupted inside the batch of 16 (${finished.length} finished)`);
        const keys = journalKeys(dir);
        assert.deepEqual([...keys].sort(), [...finished].sort(), 'the journal holds exactly the evaluations that finished');
        assert.deepEqual(evaluatorProcesses(log), [], 'no evaluator process outlives the run');
        assert.ok(!existsSync(join(dir, 'run.lock')), 'the lock is released on interrupt');

        await resumeAndCompare(dir, keys, signal);
    });
}

test('SIGKILL: finished evaluations are journaled while their batch still runs; a second writer is refused; the stale lock is taken over', async (t) => {
    const dir = join(tmp, 'SIGKILL');
    const log = join(tmp, 'SIGKILL.log');
    const gate = join(tmp, 'SIGKILL.gate');
    // The evaluations cannot finish until the gate opens: the run is surely alive while a second process tries it.
    const run = lissnas(['search', NAS, '--search', 'RS', '--out', dir], log, { LISSNAS_TEST_GATE: gate });
    // Whatever happens below, leave no process behind: open the gate, kill the run.
    t.after(() => {
        writeFileSync(gate, '');
        run.child.kill('SIGKILL');
    });
    await until('the run to take its lock and start evaluating', () => existsSync(`${log}.pids`), run);

    // A second process on the same directory is refused, and writes nothing.
    const before = readFileSync(join(dir, 'journal.jsonl'), 'utf8');
    const intruder = lissnas(['resume', dir], join(tmp, 'second.log'), { LISSNAS_TEST_GATE: gate });
    const second = await Promise.race([
        intruder.finished,
        // A guard, not a timing assertion: an accepted second writer would wait at the gate forever.
        new Promise<never>((_, reject) =>
            setTimeout(() => {
                intruder.child.kill('SIGKILL');
                reject(new Error('the second process on a live run directory was not refused (still running after 60 s)'));
            }, 60_000).unref(),
        ),
    ]);
    assert.equal(second.code, 1, second.stderr);
    assert.match(second.stderr, new RegExp(`is in use by process ${run.child.pid} \\(lissnas search, since [^)]+\\): wait for it to finish, or stop it \\(kill ${run.child.pid}\\)`));
    assert.equal(lines(join(tmp, 'second.log')).length, 0, 'the refused process evaluated nothing');
    assert.equal(readFileSync(join(dir, 'journal.jsonl'), 'utf8'), before, 'the refused process wrote nothing');
    writeFileSync(gate, '');

    // Every finished evaluation reaches the journal while the other processes still run: wait for a moment
    // where the journal has caught up with the evaluator's log, before the batch of 16 is over.
    await until('the journal to hold the 3+ finished evaluations', () => {
        const finished = lines(log);
        const keys = new Set(journalKeys(dir));
        return finished.length >= 3 && finished.every((k) => keys.has(k));
    });
    const atKill = journalKeys(dir);
    run.child.kill('SIGKILL');
    assert.ok(atKill.length < 16, `journaled before the batch of 16 returned (${atKill.length} journaled)`);

    const killed = await run.finished;
    assert.equal(killed.signal, 'SIGKILL');
    assert.ok(!existsSync(join(dir, 'result.json')), 'killed before the end');
    const keys = journalKeys(dir);
    assert.deepEqual(keys.slice(0, atKill.length), atKill, 'the journal lost nothing');
    assert.equal(new Set(keys).size, keys.length, 'no key journaled twice');

    const resumed = await resumeAndCompare(dir, keys, 'SIGKILL');
    assert.match(resumed.stderr, new RegExp(`taking over the lock of process ${run.child.pid} \\(lissnas search, since [^)]+\\), which is no longer running`));
});

// A SIGKILLed run cannot stop its evaluator processes. `resume` adopts them (engine/evaluate/local-trial-process.ts):
// it waits for the ones still running and reads the answers of the ones that finished meanwhile, so over both
// runs every trial process starts exactly once and none is left running.
for (const when of ['still running', 'finished meanwhile'] as const) {
    test(`SIGKILL with 4 evaluator processes in flight, ${when} at resume: adopted, none started twice, none left`, async (t) => {
        const name = `adopt-${when.split(' ')[0]}`;
        const dir = join(tmp, name);
        const log = join(tmp, `${name}.log`);
        const gate = join(tmp, `${name}.gate`);
        const run = lissnas(['search', NAS, '--search', 'RS', '--out', dir], log, { LISSNAS_TEST_GATE: gate });
        let resume: ReturnType<typeof lissnas> | undefined;
        t.after(() => {
            writeFileSync(gate, '');
            run.child.kill('SIGKILL');
            resume?.child.kill('SIGKILL');
        });
        const trials = join(dir, 'trials');
        const recorded = (): number => (existsSync(trials) ? readdirSync(trials).filter((id) => existsSync(join(trials, id, 'pid'))).length : 0);
        await until('4 evaluator processes, recorded', () => evaluatorProcesses(log).length === 4 && recorded() === 4, run);
        run.child.kill('SIGKILL');
        await run.finished;
        const orphans = evaluatorProcesses(log);
        assert.equal(orphans.length, 4, 'the SIGKILLed run left its 4 evaluator processes running');
        assert.deepEqual(journalKeys(dir), [], 'none had finished: the gate was closed');

        if (when === 'finished meanwhile') {
            writeFileSync(gate, '');
            await until('the orphans to finish on their own', () => lines(log).length === 4 && evaluatorProcesses(log).length === 0);
        }
        resume = lissnas(['resume', dir], log, { LISSNAS_TEST_GATE: gate });
        if (when === 'still running') {
            await until('the resume to take the lock', () => existsSync(join(dir, 'run.lock')) && readFileSync(join(dir, 'run.lock'), 'utf8').includes(`"pid":${resume!.child.pid}`), resume);
            // The resumed run's 4 lanes wait for the 4 adopted processes: nothing new starts while they run.
            await new Promise((r) => setTimeout(r, 1500));
            assert.deepEqual(evaluatorProcesses(log).sort(), [...orphans].sort(), 'while the orphans run, the resume starts no process');
            writeFileSync(gate, '');
        }
        const resumed = await resume.finished;
        assert.equal(resumed.code, 0, resumed.stderr);
        assert.equal(lines(`${log}.pids`).length, 16, 'over both runs, each of the 16 trials started exactly once');
        const finished = lines(log);
        assert.equal(finished.length, 16);
        assert.equal(new Set(finished).size, 16, 'no trial evaluated twice');
        assert.deepEqual([...journalKeys(dir)].sort(), [...finished].sort(), 'every evaluation journaled once');
        assert.deepEqual(evaluatorProcesses(log), [], 'no evaluator process is left running');
        assert.equal(readFileSync(join(dir, 'result.json'), 'utf8'), await uninterrupted());
    });
}
