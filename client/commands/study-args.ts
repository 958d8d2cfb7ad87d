/**
 * The `lissnas study` command line of the study input's answers, and the checks of its typed answers (no
 * `vscode`: tested without an editor, and with the real CLI in test/client/run-tracker.test.ts).
 */
export interface StudyAnswers {
    policies: string[];
    searches: string[];
    seeds: number;
    datasets: string[];
    /** Empty: each search uses its own `budget`. */
    budgets: number[];
    /** Transfer: the policies shrink once on this dataset, the searches run on `datasets` (`--transfer-from`). */
    transferFrom?: string;
}

/** A positive integer, or the reason it is not (shown under the input box). */
export function seedsProblem(text: string): string | undefined {
    return /^\s*[1-9]\d{0,5}\s*$/.test(text) ? undefined : 'a whole number of seeds, at least 1';
}

/** Empty (each search's own budget) or a comma list of positive integers; a string says what is wrong. */
export function parseBudgets(text: string): number[] | string {
    const parts = text.split(',').map((p) => p.trim()).filter((p) => p !== '');
    for (const part of parts) if (!/^[1-9]\d*$/.test(part)) return `'${part}' is not a positive whole number; write budgets like 100,200,500`;
    return parts.map(Number);
}

/** `study FILE --policies .. [--searches ..] --seeds N --datasets .. [--transfer-from D] [--budgets ..] --out DIR` (the manager adds `--json`). */
export function studyArgs(file: string, answers: StudyAnswers, runDir: string): string[] {
    const args = ['study', file, '--policies', answers.policies.join(',')];
    if (answers.searches.length > 0) args.push('--searches', answers.searches.join(','));
    args.push('--seeds', String(answers.seeds), '--datasets', answers.datasets.join(','));
    if (answers.transferFrom !== undefined) args.push('--transfer-from', answers.transferFrom);
    if (answers.budgets.length > 0) args.push('--budgets', answers.budgets.join(','));
    args.push('--out', runDir);
    return args;
}
