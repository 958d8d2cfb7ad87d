// The Runs view's tree (client/views/runs-tree.ts) with VS Code replaced by test/client/fake-vscode.ts (bundled
// with esbuild, `vscode` resolved to the fake) and everything else real: run directories written, resumed and
// interrupted by the bundled CLI. What is checked is what the workbench is told: the change event fires only for
// what shows differently (a row re-rendered in the workbench drops a click on its previous render), with the
// changed rows alone when the list is the same, and for the whole view (or a folder) when rows come or go.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as Tree from '../../client/views/runs-tree.js';
import type * as Fake from './fake-vscode.js';
import { withFakeVscode } from './with-fake-vscode.js';
import { root } from '../architecture/sources.js';
import { ensureBundle } from './bundle.js';

const { cli } = ensureBundle();
const NAS = join(root, 'examples', 'nb201.nas');
const work = mkdtempSync(join(tmpdir(), 'lissnas-runs-tree-'));
const runs = join(work, 'runs');
mkdirSync(runs);
const shrink = (out: string) => execFileSync(process.execPath, [cli, 'shrink', NAS, '--policy', 'Lissnas', '--out', out], { stdio: 'ignore' });
const finished = join(runs, 'Lissnas-finished');
shrink(finished);

// client/views/runs-tree.ts and the fake in one bundle, so they share the fake's module state.
const m = await withFakeVscode<typeof Tree & typeof Fake>('client/views/runs-tree.ts', work);

type Node = Tree.RunsNode;
m.workspace.workspaceFolders = [{ uri: m.Uri.file(work), name: 'work', index: 0 }];
// The poll is the test's to drive (refresh() by hand): an hour, so that it never fires between two steps.
const DEBOUNCE_MS = 20;
const tree = new m.RunsTree(undefined, { debounceMs: DEBOUNCE_MS, pollMs: 3_600_000 });
const events: Array<Node | Node[] | undefined> = [];
tree.onDidChangeTreeData((e) => void events.push(e));
test.after(() => {
    tree.dispose();
    rmSync(work, { recursive: true, force: true });
});

const item = (node: Node) => tree.getTreeItem(node);
const byDir = (nodes: Node[], dir: string) => nodes.find((n) => n.type === 'entry' && n.runDir === dir);
/** Events since the last call. */
const take = () => events.splice(0);
/** Exactly one event since the last call, with this very node (the workbench finds rows by object). */
function firedOnce(node: Node | undefined, why: string): void {
    const fired = take();
    assert.equal(fired.length, 1, `${why}: one change event, got ${fired.length}`);
    assert.ok(node && fired[0] === node, `${why}: the event names the node the workbench has`);
}

async function until(what: string, ok: () => boolean): Promise<void> {
    const deadline = Date.now() + 60_000;
    while (!ok()) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 20));
    }
}

test('the rows of a folder, each with its directory as its id', () => {
    const rows = tree.getChildren();
    assert.deepEqual(rows.map((n) => n.type), ['entry']);
    const row = item(rows[0]);
    assert.equal(row.id, finished);
    assert.equal(row.contextValue, 'lissnas-run-finished');
    assert.deepEqual(row.command?.arguments, [finished]);
});

test('a file event after which every row shows the same fires nothing, and the rows keep their objects', async () => {
    const before = tree.getChildren();
    take();
    // run.json written again as it was: a real change event of a watched file, which changes no row.
    const manifest = join(finished, 'run.json');
    writeFileSync(manifest, readFileSync(manifest));
    const watcher = m.recorded.watchers.find((w) => w.pattern.pattern.endsWith('study.json}'));
    assert.ok(watcher, 'the view watches the run files');
    watcher.fire('change', m.Uri.file(manifest));
    // The debounce timer was set first, so it runs before this one.
    await new Promise((r) => setTimeout(r, DEBOUNCE_MS * 3));
    tree.refresh();
    assert.deepEqual(take(), [], 'no change event');
    const after = tree.getChildren();
    assert.equal(after.length, 1);
    assert.equal(after[0], before[0], 'the same node object (the workbench finds rows by it)');
});

test('a run that changes state fires one event, with its row alone; a new run renders the whole view', async () => {
    // A slow shrink caught while its process holds the lock (LISSNAS_EVAL_DELAY_MS per evaluation).
    const slow = join(runs, 'Lissnas-slow');
    const child = spawn(process.execPath, [cli, 'shrink', NAS, '--policy', 'Lissnas', '--out', slow], {
        env: { ...process.env, LISSNAS_EVAL_DELAY_MS: '30' },
        stdio: 'ignore',
    });
    const exited = new Promise((r) => child.on('exit', r));
    await until('the slow run to take its lock and journal', () => existsSync(join(slow, 'run.lock')) && existsSync(join(slow, 'journal.jsonl')));
    take();
    tree.refresh();
    assert.deepEqual(take(), [undefined], 'a row came: the whole view');
    tree.refresh();
    assert.deepEqual(take(), [undefined], 'not asked for since: asked again, nothing read');
    const rows = tree.getChildren();
    const running = byDir(rows, slow);
    assert.ok(running && item(running).contextValue === 'lissnas-run-running', 'the new run shows running');
    const other = byDir(rows, finished);

    child.kill('SIGTERM');
    await exited;
    tree.refresh();
    firedOnce(running, 'the run stopped');
    assert.equal(item(running).contextValue, 'lissnas-run-interrupted');
    assert.equal(byDir(tree.getChildren(), finished), other, 'the unchanged row keeps its object');
    tree.refresh();
    assert.deepEqual(take(), [], 'read again: nothing changed');

    rmSync(slow, { recursive: true, force: true });
    tree.refresh();
    assert.deepEqual(take(), [undefined], 'a row went: the whole view');
    assert.deepEqual(tree.getChildren().map((n) => item(n).id), [finished]);
});

test('several folders: a row that changes fires alone, a folder whose rows come or go fires as a folder, ids are unique', async () => {
    const second = join(work, 'second');
    mkdirSync(join(second, 'runs'), { recursive: true });
    const interrupted = join(runs, 'Lissnas-interrupted');
    const child = spawn(process.execPath, [cli, 'shrink', NAS, '--policy', 'Lissnas', '--out', interrupted], {
        env: { ...process.env, LISSNAS_EVAL_DELAY_MS: '30' },
        stdio: 'ignore',
    });
    const exited = new Promise((r) => child.on('exit', r));
    await until('a lock and a journal', () => existsSync(join(interrupted, 'run.lock')) && existsSync(join(interrupted, 'journal.jsonl')));
    child.kill('SIGTERM');
    await exited;

    m.workspace.workspaceFolders = [
        { uri: m.Uri.file(work), name: 'work', index: 0 },
        { uri: m.Uri.file(second), name: 'second', index: 1 },
    ];
    take();
    m.changeWorkspaceFolders();
    assert.deepEqual(take(), [undefined]);
    const folders = tree.getChildren();
    assert.deepEqual(folders.map((n) => n.type), ['folder', 'folder']);
    const [first, other] = folders;
    const inFirst = tree.getChildren(first);
    assert.deepEqual(tree.getChildren(other), []);
    const ids = [...folders, ...inFirst].map((n) => item(n).id);
    assert.equal(new Set(ids).size, ids.length, `unique ids: ${ids.join(', ')}`);
    assert.ok(ids.every((id) => typeof id === 'string' && id !== ''));

    tree.refresh();
    assert.deepEqual(take(), [], 'nothing changed');

    // `lissnas resume` finishes the interrupted run: its row alone changes.
    execFileSync(process.execPath, [cli, 'resume', interrupted], { stdio: 'ignore' });
    const row = byDir(inFirst, interrupted);
    assert.ok(row);
    tree.refresh();
    firedOnce(row, 'the run resumed to its end');
    assert.equal(item(row).contextValue, 'lissnas-run-finished');

    // A run in the second folder: that folder renders again, with its rows.
    shrink(join(second, 'runs', 'Lissnas-second'));
    tree.refresh();
    firedOnce(other, 'a run came in the second folder');
    assert.deepEqual(tree.getChildren(other).map((n) => n.type === 'entry' && n.runDir), [join(second, 'runs', 'Lissnas-second')]);
    tree.refresh();
    assert.deepEqual(take(), []);
});
