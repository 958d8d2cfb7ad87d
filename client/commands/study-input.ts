/**
 * The questions of `lissnas.study`, one step after the other with the CLI's defaults filled in: policies (all
 * preselected), searches (optional), seeds (5), datasets (c10), budgets (optional: each search's own `budget`).
 * Escape at any step cancels the study.
 */
import * as vscode from 'vscode';
import type { DeclarationInfo } from '../../protocol/lsp.js';

export interface StudyAnswers {
    policies: string[];
    searches: string[];
    seeds: number;
    datasets: string[];
    budgets: number[];
}

export const STUDY_DATASETS = [
    { id: 'c10', label: 'CIFAR-10' },
    { id: 'c100', label: 'CIFAR-100' },
    { id: 'in16', label: 'ImageNet16-120' },
] as const;
export const DEFAULT_SEEDS = 5;

/** A positive integer, or the reason it is not (shown under the input box). */
export function seedsProblem(text: string): string | undefined {
    return /^\s*[1-9]\d{0,5}\s*$/.test(text) ? undefined : 'a whole number of seeds, at least 1';
}

/** Empty (each search's own budget) or a comma list of positive integers. */
export function parseBudgets(text: string): number[] | string {
    const parts = text.split(',').map((p) => p.trim()).filter((p) => p !== '');
    for (const part of parts) if (!/^[1-9]\d*$/.test(part)) return `'${part}' is not a positive whole number; write budgets like 100,200,500`;
    return parts.map(Number);
}

export async function askStudy(declarations: readonly DeclarationInfo[]): Promise<StudyAnswers | undefined> {
    const policyNames = declarations.filter((d) => d.kind === 'policy');
    const searchNames = declarations.filter((d) => d.kind === 'search');
    const steps = searchNames.length > 0 ? 5 : 3;
    let step = 0;
    const title = () => `Run Study (${++step}/${steps})`;

    const policies = await vscode.window.showQuickPick(
        policyNames.map((d) => ({ label: d.name, description: d.detail, picked: true })),
        { title: title(), placeHolder: 'Policies to compare (seeds x datasets each)', canPickMany: true },
    );
    if (!policies || policies.length === 0) return undefined;

    let searches: string[] = [];
    if (searchNames.length > 0) {
        const picked = await vscode.window.showQuickPick(
            searchNames.map((d) => ({ label: d.name, description: d.detail, picked: false })),
            { title: title(), placeHolder: 'Searches to run in the full and every shrunk space (optional: none)', canPickMany: true },
        );
        if (!picked) return undefined;
        searches = picked.map((p) => p.label);
    }

    const seeds = await vscode.window.showInputBox({ title: title(), prompt: 'Number of seeds (0..N-1) per policy and dataset', value: String(DEFAULT_SEEDS), validateInput: seedsProblem });
    if (seeds === undefined) return undefined;

    const datasets = await vscode.window.showQuickPick(
        STUDY_DATASETS.map((d) => ({ label: d.id, description: d.label, picked: d.id === 'c10' })),
        { title: title(), placeHolder: 'Datasets (switches the table columns: c10_val_naslib -> c100_val_naslib, ...)', canPickMany: true },
    );
    if (!datasets || datasets.length === 0) return undefined;

    let budgets: number[] = [];
    if (searches.length > 0) {
        const text = await vscode.window.showInputBox({
            title: title(),
            prompt: 'Total query budgets, comma-separated (empty: each search uses its own budget)',
            placeHolder: '100,200,500',
            validateInput: (value) => {
                const parsed = parseBudgets(value);
                return typeof parsed === 'string' ? parsed : undefined;
            },
        });
        if (text === undefined) return undefined;
        budgets = parseBudgets(text) as number[];
    }
    return { policies: policies.map((p) => p.label), searches, seeds: Number(seeds.trim()), datasets: datasets.map((d) => d.label), budgets };
}
