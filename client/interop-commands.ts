/**
 * "Export Search Space…" and "Import Search Space…": the editor side of `lissnas export` / `lissnas import`
 * (docs/interop.md). The client does not read .nas files itself: it runs the bundled CLI and writes what the
 * CLI printed. Export writes next to the .nas file under a new name, or asks where when that name is taken (the
 * save dialog confirms any overwrite: never silent); import opens the produced .nas text in an untitled editor.
 */
import * as vscode from 'vscode';
import { dirname, join } from 'node:path';
import type { Ctx } from './ctx.js';
import { runCli } from './runs/cli-process.js';

const SPACE_FORMATS: Array<{ id: string; ext: string; label: string }> = [
    { id: 'nni', ext: 'json', label: 'NNI search space (JSON)' },
    { id: 'optuna', ext: 'py', label: 'Optuna module (suggest(trial))' },
    { id: 'ray', ext: 'py', label: 'Ray Tune module (param_space)' },
    { id: 'wandb', ext: 'yaml', label: 'W&B sweep (YAML)' },
    { id: 'katib', ext: 'yaml', label: 'Katib Experiment (YAML)' },
];
const TABLE_FORMATS = [
    { id: 'json', ext: 'json', label: 'Architectures with pockets and metrics (JSON)' },
    { id: 'csv', ext: 'csv', label: 'Architectures with pockets and metrics (CSV)' },
];

interface SourceItem extends vscode.QuickPickItem {
    args: string[];
    stem: string;
    run?: boolean;
}

function cliOptions(ctx: Ctx, cwd: string) {
    return { cliPath: ctx.extension.asAbsolutePath('out/cli/main.cjs'), cwd };
}

/** The .nas file to export from: the argument (explorer menu), the active editor, or one picked. */
async function nasFile(arg: unknown): Promise<vscode.Uri | undefined> {
    if (arg instanceof vscode.Uri) return arg;
    const editor = vscode.window.activeTextEditor;
    if (editor?.document.languageId === 'nas' && editor.document.uri.scheme === 'file') {
        if (editor.document.isDirty) await editor.document.save();
        return editor.document.uri;
    }
    const picked = await vscode.window.showOpenDialog({ canSelectMany: false, filters: { 'NAS files': ['nas'] }, openLabel: 'Export from' });
    return picked?.[0];
}

/** `lissnas.exportSpace`: pick a space, a policy or a run directory, then a format; write a new file. */
export function exportSpace(ctx: Ctx) {
    return async (arg?: unknown): Promise<void> => {
        const file = await nasFile(arg);
        if (!file) return;
        const cwd = dirname(file.fsPath);
        const sizes = await runCli(['size', file.fsPath, '--json'], cliOptions(ctx, cwd));
        if (sizes.code !== 0) {
            void vscode.window.showErrorMessage(`lissnas cannot read ${vscode.workspace.asRelativePath(file)}: ${sizes.stderr.trim().split('\n')[0] ?? ''}`);
            return;
        }
        const spaces = (JSON.parse(sizes.stdout) as { spaces: Array<{ space: string }> }).spaces.map((s) => s.space);
        // Policy names: the declarations of the file itself (imports only bring spaces, ops and evaluators).
        const text = (await vscode.workspace.openTextDocument(file)).getText();
        const policies = [...text.matchAll(/^\s*policy\s+([A-Za-z_]\w*)\s*=/gm)].map((m) => m[1]);
        const items: SourceItem[] = [
            ...spaces.map((s) => ({ label: `$(symbol-namespace) ${s}`, description: 'space', args: [file.fsPath, '--space', s], stem: s })),
            ...policies.map((p) => ({ label: `$(filter) ${p}`, description: 'the space this policy shrinks', args: [file.fsPath, '--policy', p], stem: p })),
            { label: '$(folder) Run directory…', description: 'the shrunk space or architectures of a finished run', args: [], stem: 'run', run: true },
        ];
        const source = await vscode.window.showQuickPick(items, { placeHolder: 'What to export' });
        if (!source) return;
        if (source.run) {
            const dir = await vscode.window.showOpenDialog({ canSelectFiles: false, canSelectFolders: true, defaultUri: vscode.Uri.file(cwd), openLabel: 'Export this run' });
            if (!dir?.[0]) return;
            source.args = ['--run', dir[0].fsPath];
            source.stem = dir[0].path.split('/').pop() ?? 'run';
        }
        const formats = source.run ? [...SPACE_FORMATS, ...TABLE_FORMATS] : SPACE_FORMATS;
        const format = await vscode.window.showQuickPick(
            formats.map((f) => ({ label: f.id, description: f.label, format: f })),
            { placeHolder: 'Format' },
        );
        if (!format) return;
        const result = await runCli(['export', ...source.args, '--to', format.format.id], cliOptions(ctx, cwd));
        if (result.code !== 0) {
            void vscode.window.showErrorMessage(`lissnas export failed: ${result.stderr.trim()}`);
            return;
        }
        const suggested = vscode.Uri.file(join(cwd, `${source.stem}-${format.format.id}.${format.format.ext}`));
        const target = (await exists(suggested))
            ? await vscode.window.showSaveDialog({ defaultUri: suggested, saveLabel: 'Export', title: `${vscode.workspace.asRelativePath(suggested)} exists: where to export` })
            : suggested;
        if (!target) return;
        await vscode.workspace.fs.writeFile(target, Buffer.from(result.stdout, 'utf8'));
        await vscode.window.showTextDocument(target);
        const warnings = warningLines(result.stderr);
        if (warnings.length > 0) {
            for (const w of warnings) ctx.outputChannel.appendLine(`export ${vscode.workspace.asRelativePath(target)}: ${w}`);
            void vscode.window.showWarningMessage(`Exported with ${warnings.length} warning(s): ${warnings[0]}`, 'Show All').then((choice) => choice && ctx.outputChannel.show());
        }
    };
}

/** `lissnas.importSpace`: pick an NNI/W&B/Katib/Optuna file; the .nas text opens in an untitled editor. */
export function importSpace(ctx: Ctx) {
    return async (arg?: unknown): Promise<void> => {
        const picked = arg instanceof vscode.Uri ? [arg] : await vscode.window.showOpenDialog({ canSelectMany: false, filters: { 'Search spaces': ['json', 'yaml', 'yml'] }, openLabel: 'Import' });
        const file = picked?.[0];
        if (!file) return;
        const result = await runCli(['import', file.fsPath], cliOptions(ctx, dirname(file.fsPath)));
        if (result.code !== 0) {
            void vscode.window.showErrorMessage(`lissnas import failed: ${result.stderr.trim()}`);
            return;
        }
        const document = await vscode.workspace.openTextDocument({ language: 'nas', content: result.stdout });
        await vscode.window.showTextDocument(document);
        const warnings = warningLines(result.stderr);
        if (warnings.length > 0) {
            for (const w of warnings) ctx.outputChannel.appendLine(`import: ${w}`);
            void vscode.window.showWarningMessage(`${warnings.length} construct(s) not imported (listed at the top of the file): ${warnings[0]}`);
        }
    };
}

function warningLines(stderr: string): string[] {
    return stderr.split('\n').filter((l) => l.includes('warning: '));
}

async function exists(uri: vscode.Uri): Promise<boolean> {
    try {
        await vscode.workspace.fs.stat(uri);
        return true;
    } catch {
        return false;
    }
}
