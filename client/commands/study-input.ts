/**
 * The questions of `lissnas.study`, one step after the other with the CLI's defaults filled in: policies (all
 * preselected), searches (optional), where the policies shrink (each dataset, or once on one for a transfer study;
 * only with searches), seeds (5), datasets (c10; under transfer, every other one), budgets (optional: each
 * search's own `budget`).
 * Escape at any step cancels the study.
 */
import * as vscode from 'vscode';
import type { DeclarationInfo } from '../../protocol/lsp.js';
import { parseBudgets, seedsProblem, type StudyAnswers } from './study-args.js';

export const STUDY_DATASETS = [
    { id: 'c10', label: 'CIFAR-10' },
    { id: 'c100', label: 'CIFAR-100' },
    { id: 'in16', label: 'ImageNet16-120' },
] as const;
export const DEFAULT_SEEDS = 5;

export async function askStudy(declarations: readonly DeclarationInfo[]): Promise<StudyAnswers | undefined> {
    const policyNames = declarations.filter((d) => d.kind === 'policy');
    const searchNames = declarations.filter((d) => d.kind === 'search');
    // Steps are named, not numbered: the budgets step only comes when a search was chosen.
    const title = (step: string) => `Run Study: ${step}`;

    const policies = await vscode.window.showQuickPick(
        policyNames.map((d) => ({ label: d.name, description: d.detail, picked: true })),
        { title: title('Policies'), placeHolder: 'Policies to compare (seeds x datasets each)', canPickMany: true },
    );
    if (!policies || policies.length === 0) return undefined;

    let searches: string[] = [];
    if (searchNames.length > 0) {
        const picked = await vscode.window.showQuickPick(
            searchNames.map((d) => ({ label: d.name, description: d.detail, picked: false })),
            { title: title('Searches'), placeHolder: 'Searches to run in the full and every shrunk space (optional: none)', canPickMany: true },
        );
        if (!picked) return undefined;
        searches = picked.map((p) => p.label);
    }

    // Transfer (docs/cli.md, "Transfer"): shrink once on one dataset, search the others with the whole budget.
    let transferFrom: string | undefined;
    if (searches.length > 0) {
        const where = await vscode.window.showQuickPick(
            [
                { label: 'On every dataset', description: 'each dataset shrinks and searches on its own', id: undefined as string | undefined },
                ...STUDY_DATASETS.map((d) => ({ label: `Once on ${d.id}`, description: `shrink on ${d.label} only, then search the other datasets with the whole budget (transfer)`, id: d.id as string | undefined })),
            ],
            { title: title('Shrink on'), placeHolder: 'Where the policies shrink' },
        );
        if (!where) return undefined;
        transferFrom = where.id;
    }

    const seeds = await vscode.window.showInputBox({ title: title('Seeds'), prompt: 'Number of seeds (0..N-1) per policy and dataset', value: String(DEFAULT_SEEDS), validateInput: seedsProblem });
    if (seeds === undefined) return undefined;

    const datasets = await vscode.window.showQuickPick(
        STUDY_DATASETS.filter((d) => d.id !== transferFrom).map((d) => ({ label: d.id, description: d.label, picked: transferFrom !== undefined || d.id === 'c10' })),
        {
            title: title('Datasets'),
            placeHolder: transferFrom !== undefined ? `Datasets to search on, inside the spaces shrunk on ${transferFrom}` : 'Datasets (switches the table columns: c10_val_naslib -> c100_val_naslib, ...)',
            canPickMany: true,
        },
    );
    if (!datasets || datasets.length === 0) return undefined;

    let budgets: number[] = [];
    if (searches.length > 0) {
        const text = await vscode.window.showInputBox({
            title: title('Budgets'),
            prompt: 'Total budgets in cost units (query_cost per query; 1 by default, so queries), comma-separated (empty: each search uses its own budget)',
            placeHolder: '100,200,500',
            validateInput: (value) => {
                const parsed = parseBudgets(value);
                return typeof parsed === 'string' ? parsed : undefined;
            },
        });
        if (text === undefined) return undefined;
        budgets = parseBudgets(text) as number[];
    }
    return { policies: policies.map((p) => p.label), searches, seeds: Number(seeds.trim()), datasets: datasets.map((d) => d.label), budgets, ...(transferFrom !== undefined ? { transferFrom } : {}) };
}
