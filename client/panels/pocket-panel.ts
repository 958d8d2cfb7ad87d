/**
 * The pocket view's host side: asks the bundled CLI for the run's map (`lissnas map RUN_DIR --json`, the
 * embedding lives in the engine, which the client may not import), checks it (PocketMapCheck) and hands it to
 * the webview. The map is computed once per panel and kept, so a webview reload only re-sends it.
 */
import * as vscode from 'vscode';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PocketMapCheck, type PocketMap } from '../../protocol/pocket-map.js';
import { ToPocketsCheck, type FromWebview, type ToPockets } from '../../protocol/webview.js';
import type { Ctx } from '../ctx.js';
import { runCli } from '../runs/cli-process.js';
import { PanelHost } from './panel-host.js';

/** The map of a run directory from the CLI, or the reason there is none (in words for the panel). */
export async function loadPocketMap(cliPath: string, runDir: string, signal?: AbortSignal): Promise<PocketMap | { error: string }> {
    const { code, stdout, stderr } = await runCli(['map', runDir, '--json'], { cliPath, cwd: runDir, signal });
    if (code !== 0) return { error: `lissnas map exited with ${code}: ${stderr.trim().split('\n').slice(-3).join(' ') || 'no message'}` };
    let value: unknown;
    try {
        value = JSON.parse(stdout);
    } catch {
        return { error: 'lissnas map printed something that is not JSON' };
    }
    const problem = PocketMapCheck.problem(value);
    return problem ? { error: `lissnas map printed a malformed map: ${problem}` } : (value as PocketMap);
}

export class PocketPanel extends PanelHost<ToPockets> {
    private map: Promise<PocketMap | { error: string }> | undefined;
    private readonly abort = new AbortController();

    constructor(panel: vscode.WebviewPanel, ctx: Ctx, readonly runDir: string) {
        super(panel, ctx, 'pockets', ToPocketsCheck);
        this.disposables.push({ dispose: () => this.abort.abort() });
    }

    protected async sendSnapshot(): Promise<void> {
        if (!this.map) {
            this.post({ type: 'pockets/loading', runDir: this.runDir, message: 'Computing the map of evaluated architectures…' });
            this.map = loadPocketMap(this.ctx.extension.asAbsolutePath('out/cli/main.cjs'), this.runDir, this.abort.signal).catch((error: unknown) => ({
                error: error instanceof Error ? error.message : String(error),
            }));
        }
        const map = await this.map;
        if ('error' in map) {
            this.map = undefined; // try again on the next open or reload
            this.log(map.error);
            this.post({ type: 'pockets/error', runDir: this.runDir, message: map.error });
        } else {
            this.post({ type: 'pockets/map', runDir: this.runDir, map });
        }
    }

    /**
     * "Search from here": runs the `lissnas.search` command on the run's source file with the architecture as the
     * seed. The run launcher owns that command; it receives `{ uri, seedArch, seedKey, runDir }`.
     */
    protected override searchFrom(message: Extract<FromWebview, { type: 'searchFrom' }>): void {
        const source = sourceOf(this.runDir);
        if (!source) {
            void vscode.window.showWarningMessage(`LISSNAS: cannot search from here: ${this.runDir}/run.json does not name the .nas file the run came from.`);
            return;
        }
        void vscode.commands.executeCommand('lissnas.search', { uri: vscode.Uri.file(source), seedArch: message.arch, seedKey: message.key, runDir: this.runDir });
    }
}

function sourceOf(runDir: string): string | undefined {
    const path = join(runDir, 'run.json');
    if (!existsSync(path)) return undefined;
    try {
        const source = (JSON.parse(readFileSync(path, 'utf8')) as { source?: unknown }).source;
        return typeof source === 'string' && existsSync(source) ? source : undefined;
    } catch {
        return undefined;
    }
}
