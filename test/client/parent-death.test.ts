/**
 * A run whose editor dies: the extension host forks the CLI (an IPC channel) and is then killed without cancelling
 * it (a crash, a killed window). The CLI must notice the closed channel, stop like SIGTERM (exit 143, finished
 * evaluations journaled, lock released) and leave a directory that `lissnas resume` completes. A real chain of
 * processes: this test -> a stand-in extension host (plain Node, forking exactly as cli-process.ts does) -> the CLI.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundledCli, ROOT } from '../cli-bundle.js';

const alive = (pid: number): boolean => {
    try {
        process.kill(pid, 0);
        return true;
    } catch {
        return false;
    }
};

async function until(what: string, probe: () => boolean, ms = 30_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!probe()) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 50));
    }
}

test('a forked run stops like SIGTERM when its parent dies, and resume completes it', async () => {
    const cli = bundledCli();
    const work = mkdtempSync(join(tmpdir(), 'lissnas-parent-'));
    try {
        cpSync(join(ROOT, 'examples'), join(work, 'examples'), { recursive: true });
        cpSync(join(ROOT, 'data'), join(work, 'data'), { recursive: true });
        const runDir = join(work, 'runs', 'orphan');
        // The stand-in host forks the CLI with an IPC channel (as cli-process.ts does), prints the child's pid, and
        // relays nothing: its death is what is tested.
        const host = `
            const { fork } = require('node:child_process');
            const child = fork(${JSON.stringify(cli)}, ['shrink', 'examples/nb201.nas', '--policy', 'Lissnas', '--out', ${JSON.stringify(runDir)}, '--json'],
                { cwd: ${JSON.stringify(work)}, stdio: ['ignore', 'ignore', 'ignore', 'ipc'], env: { ...process.env, LISSNAS_EVAL_DELAY_MS: '20' } });
            console.log(child.pid);
            setInterval(() => {}, 1000);`;
        const parent = spawn(process.execPath, ['-e', host], { stdio: ['ignore', 'pipe', 'inherit'] });
        const childPid = await new Promise<number>((resolve) => parent.stdout.once('data', (d: Buffer) => resolve(Number(String(d).trim()))));
        const journal = join(runDir, 'journal.jsonl');
        await until('some journaled evaluations', () => existsSync(journal) && readFileSync(journal, 'utf8').split('\n').length > 20);
        parent.kill('SIGKILL');
        await until('the orphaned CLI to stop', () => !alive(childPid), 20_000);
        assert.ok(!existsSync(join(runDir, 'result.json')), 'the run stopped before its end');
        assert.ok(!existsSync(join(runDir, 'run.lock')), 'the lock was released (a SIGTERM-like stop, not a kill)');
        const kept = readFileSync(journal, 'utf8').trim().split('\n').length;
        const resumed = spawnSync(process.execPath, [cli, 'resume', runDir], { cwd: work, encoding: 'utf8' });
        assert.equal(resumed.status, 0, resumed.stderr);
        assert.ok(existsSync(join(runDir, 'result.json')));
        assert.ok(readFileSync(journal, 'utf8').trim().split('\n').length >= kept, 'resume kept the journal');
    } finally {
        rmSync(work, { recursive: true, force: true });
    }
});
