/**
 * Turns the study directories behind docs/results.md into its tables, so that no number there is typed by hand.
 *
 *   node --import tsx bench/results.ts --defaults runs/results/defaults --tuning runs/results/tuning-A,runs/results/tuning-B \
 *       --tuned runs/results/tuned-100,... --write docs/results.md
 *
 * Each table replaces the text between `<!-- results:NAME -->` and `<!-- /results:NAME -->` in the file given to
 * `--write` (without `--write`, every table is printed). `--emit-tuned FILE` writes the study file of the
 * configurations chosen on CIFAR-10 (from `--tuning`), which the third study runs on all three datasets.
 *
 * Numbers: mean ± sample standard deviation over seeds, read from each study's per-seed `runs`. A search's number
 * is `overallReport`: the test accuracy of the best architecture (by the searched validation metric) among all the
 * queries paid within the total budget, the shrinkage's included (engine/run/study.ts, `overallValues`).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TableEvaluator } from '../engine/evaluate/table.js';
import { referenceFromTable } from '../engine/metrics/reference.js';
import { shrinkMetrics, shrinkMetricValues } from '../engine/metrics/shrink.js';
import { nb201Space } from '../engine/space/nb201.js';
import type { StudyResult } from '../engine/report/study-result.js';

type Run = StudyResult['runs'][number];


function args(argv: string[]): Map<string, string> {
    const out = new Map<string, string>();
    for (let i = 0; i < argv.length; i++) {
        if (!argv[i].startsWith('--')) throw new Error(`unexpected argument ${argv[i]}`);
        out.set(argv[i].slice(2), argv[i + 1]);
        i++;
    }
    return out;
}

/** One study, or several (comma-separated folders, e.g. one per budget) merged: their runs concatenated. */
function load(dirs: string | undefined): StudyResult | undefined {
    if (!dirs) return undefined;
    const studies = dirs.split(',').map((dir) => JSON.parse(readFileSync(join(dir, 'study.json'), 'utf8')) as StudyResult);
    const merged = { ...studies[0], runs: studies.flatMap((x) => x.runs) };
    merged.datasets = [...new Set(studies.flatMap((x) => x.datasets))];
    merged.searches = [...new Set(studies.flatMap((x) => x.searches))];
    merged.policies = [...new Set(studies.flatMap((x) => x.policies))];
    return merged;
}

function stat(xs: number[]): { mean: number; std: number; n: number } | undefined {
    const ok = xs.filter((x) => Number.isFinite(x));
    if (ok.length === 0) return undefined;
    const mean = ok.reduce((a, b) => a + b, 0) / ok.length;
    const v = ok.length > 1 ? ok.reduce((a, x) => a + (x - mean) ** 2, 0) / (ok.length - 1) : 0;
    return { mean, std: Math.sqrt(v), n: ok.length };
}

const fmt = (s: { mean: number; std: number } | undefined, d: number, scale = 1): string =>
    s ? `${(s.mean * scale).toFixed(d)} ± ${(s.std * scale).toFixed(d)}` : '—';

// ---------------------------------------------------------------------------------------------- shrinkage metrics

/** [key in the runs, row title, digits, scale]; `size` is derived from fractionKept. */
const SHRINK_ROWS: Array<[string, string, number, number]> = [
    ['size', 'size (cells)', 0, 1],
    ['fractionKept', 'fraction kept (%)', 2, 100],
    ['optimumKept', 'global optimum kept (% of seeds)', 0, 100],
    ['recallTop0.1%', 'recall top 0.1 %', 3, 1],
    ['recallTop1%', 'recall top 1 %', 3, 1],
    ['recallTop5%', 'recall top 5 %', 3, 1],
    ['shrinkIndex', 'shrink index (top-1 % enrichment)', 1, 1],
    ['meanReport', 'mean test accuracy inside', 2, 1],
    ['medianReport', 'median test accuracy inside', 2, 1],
    ['kendallTau', 'Kendall tau (val vs test) inside', 3, 1],
    ['meanDistance', 'mean pairwise distance', 2, 1],
    ['pockets', 'pockets (components at distance 1)', 1, 1],
    ['queries', 'queries spent', 0, 1],
];

interface FullRow {
    values: Record<string, number>;
}

/** The full space measured exactly like a shrunk one (all 15,625 cells kept, 0 queries). */
function fullSpaceRow(dataset: string): FullRow {
    const space = nb201Space();
    const table = new TableEvaluator({ path: 'data/nb201/nb201.csv', keyColumn: 'arch', keyFormat: 'nb201', metric: `${dataset}_val_naslib`, report: `${dataset}_test` });
    const reference = referenceFromTable(table, space);
    const m = shrinkMetrics({ space, members: reference.entries.map((e) => e.genotype), reference, queries: 0 });
    return { values: { size: m.size, ...shrinkMetricValues(m), queries: 0 } };
}

function shrinkRuns(r: StudyResult, dataset: string, policy: string): Run[] {
    return r.runs.filter((x) => x.dataset === dataset && x.policy === policy && x.search === undefined);
}

function valueOf(run: Run, key: string): number {
    if (key === 'size') return Math.round((run.values.fractionKept ?? NaN) * 15625);
    return run.values[key] ?? NaN;
}

function shrinkTable(r: StudyResult, dataset: string, policies: string[], titles: Record<string, string>): string {
    const full = fullSpaceRow(dataset);
    const head = `| measure | full space | ${policies.map((p) => titles[p] ?? p).join(' | ')} |`;
    const lines = [head, `|---|---:|${policies.map(() => '---:').join('|')}|`];
    for (const [key, title, d, scale] of SHRINK_ROWS) {
        const fullValue = full.values[key];
        const fullText = Number.isFinite(fullValue) ? (fullValue * scale).toFixed(key === 'meanDistance' ? 3 : d) : '—';
        const cells = policies.map((p) => fmt(stat(shrinkRuns(r, dataset, p).map((x) => valueOf(x, key))), d, scale));
        lines.push(`| ${title} | ${fullText} | ${cells.join(' | ')} |`);
    }
    const n = shrinkRuns(r, dataset, policies[0]).length;
    lines.push('', `${n} seeds. Full space: exact values over the 15,625 cells (mean pairwise distance over 200,000 sampled pairs, seed 0).`);
    return lines.join('\n');
}

// ------------------------------------------------------------------------------------------------------ searches

function searchRuns(r: StudyResult, dataset: string, search: string, space: string, budget: number): Run[] {
    return r.runs.filter((x) => x.dataset === dataset && x.search === search && x.policy === space && x.budget === budget);
}

function budgetsOf(r: StudyResult): number[] {
    return [...new Set(r.runs.filter((x) => x.budget !== undefined).map((x) => x.budget!))].sort((a, b) => a - b);
}

function searchCell(runs: Run[], key = 'overallReport', digits = 2): { text: string; mean?: number } {
    const ok = runs.filter((x) => !x.values.infeasible);
    if (ok.length === 0) return { text: 'n/a' };
    const s = stat(ok.map((x) => x.values[key] ?? NaN));
    return { text: fmt(s, digits) + (ok.length < runs.length ? ` (${ok.length}/${runs.length})` : '') + stopsText(ok), mean: ok.length === runs.length ? s?.mean : undefined };
}

/** The searches that stopped before spending their budget, and why: ` [exhausted 12]`; empty when all spent it. */
function stopsText(runs: Run[]): string {
    const counts = new Map<string, number>();
    for (const r of runs) if (r.stoppedBy !== undefined && r.stoppedBy !== 'budget') counts.set(r.stoppedBy, (counts.get(r.stoppedBy) ?? 0) + 1);
    return counts.size > 0 ? ` [${[...counts].sort().map(([reason, n]) => `${reason} ${n}`).join(', ')}]` : '';
}

/** Rows: (search, space); columns: budgets; the best complete mean of each (search, budget) in bold. */
function searchTable(r: StudyResult, dataset: string, spaces: string[], titles: Record<string, string>): string {
    const budgets = budgetsOf(r);
    const lines = [`| search | space | ${budgets.map((b) => `${b} queries`).join(' | ')} |`, `|---|---|${budgets.map(() => '---:').join('|')}|`];
    for (const search of r.searches) {
        const cells = spaces.map((sp) => budgets.map((b) => searchCell(searchRuns(r, dataset, search, sp, b))));
        const best = budgets.map((_, j) => Math.max(...cells.map((row) => row[j].mean ?? -Infinity)));
        spaces.forEach((sp, i) => {
            const row = cells[i].map((c, j) => (c.mean !== undefined && c.mean === best[j] ? `**${c.text}**` : c.text));
            lines.push(`| ${search} | ${titles[sp] ?? sp} | ${row.join(' | ')} |`);
        });
    }
    return lines.join('\n');
}

// -------------------------------------------------------------------------------------------------------- tuning

interface Choice {
    budget: number;
    lissnas: string;
    abs: string;
}

function tuningChoices(t: StudyResult): Choice[] {
    const pick = (prefix: string, budget: number): string => {
        let best = '';
        let bestMean = -Infinity;
        for (const p of t.policies.filter((x) => x.startsWith(prefix))) {
            const runs = searchRuns(t, 'c10', 'REA', p, budget);
            if (runs.length === 0 || runs.some((x) => x.values.infeasible)) continue;
            const s = stat(runs.map((x) => x.values.overallMetric ?? NaN));
            if (s && s.mean > bestMean) {
                bestMean = s.mean;
                best = p;
            }
        }
        return best;
    };
    return budgetsOf(t).map((budget) => ({ budget, lissnas: pick('L_', budget), abs: pick('ABS_', budget) }));
}

function tuningTable(t: StudyResult): string {
    const budgets = budgetsOf(t);
    const choices = tuningChoices(t);
    const lines = [
        `| configuration | queries | size | ${budgets.map((b) => `${b}: val / test`).join(' | ')} |`,
        `|---|---:|---:|${budgets.map(() => '---:').join('|')}|`,
    ];
    const row = (space: string, queries: string, size: string): string => {
        const cells = budgets.map((b) => {
            const runs = searchRuns(t, 'c10', 'REA', space, b);
            const ok = runs.filter((x) => !x.values.infeasible);
            if (ok.length === 0) return 'n/a';
            const v = stat(ok.map((x) => x.values.overallMetric ?? NaN));
            const te = stat(ok.map((x) => x.values.overallReport ?? NaN));
            const chosen = choices.some((c) => c.budget === b && (c.lissnas === space || c.abs === space));
            const text = `${v?.mean.toFixed(2)} / ${te?.mean.toFixed(2)}${ok.length < runs.length ? ` (${ok.length}/${runs.length})` : ''}`;
            return chosen ? `**${text}**` : text;
        });
        return `| ${space} | ${queries} | ${size} | ${cells.join(' | ')} |`;
    };
    lines.push(row('full', '0', '15625'));
    for (const p of t.policies) {
        const runs = shrinkRuns(t, 'c10', p);
        lines.push(row(p, fmt(stat(runs.map((x) => x.values.queries)), 0), stat(runs.map((x) => valueOf(x, 'size')))!.mean.toFixed(0)));
    }
    lines.push('', `Mean over ${t.seeds.length} seeds of the best architecture found by REA (all queries of the total budget, shrinkage included): its c10_val_naslib (what was selected on) / its c10_test. Bold: the configuration chosen for that budget (highest mean val among the configurations that fit the budget on every seed).`);
    lines.push('', '| total budget | LISSNAS configuration chosen | op_pruning configuration chosen |', '|---:|---|---|');
    for (const c of choices) lines.push(`| ${c.budget} | ${c.lissnas || '—'} | ${c.abs || '—'} |`);
    return lines.join('\n');
}

/** The `.nas` settings a grid name stands for (names are written by the grid: L_s<S>_k<K>_t<T>[_d<D>], ABS_s<S>). */
function settingsOf(name: string): string {
    if (name === 'L_default') return 'lissnas(NB201) { evaluate c10; sample 100; seeds top 10; neighbors distance 1; stop plateau(patience: 1, delta: 0.05); max_iterations 10 }';
    const l = /^L_s(\d+)_k(\d+)_t(\d+)(?:_d(\d+))?$/.exec(name);
    if (l) return `lissnas(NB201) { evaluate c10; sample ${l[1]}; seeds top ${l[2]}; neighbors distance ${l[4] ?? 1}; stop plateau(patience: 1, delta: 0.05); max_iterations ${l[3]} }`;
    const a = /^ABS_s(\d+)$/.exec(name);
    if (a) return `op_pruning(NB201) { evaluate c10; sample ${a[1]}; keep 2 per edge }`;
    throw new Error(`unknown grid name ${name}`);
}

function tunedStudyFile(t: StudyResult, tuningFile: string, tuningDirs: string): { text: string; commands: string[] } {
    const choices = tuningChoices(t);
    const source = readFileSync(tuningFile, 'utf8');
    const prelude = source.slice(source.indexOf('ops NB201Ops'), source.indexOf('\npolicy '));
    const lissnas = [...new Set(choices.map((c) => c.lissnas).filter(Boolean))];
    const abs = [...new Set(choices.map((c) => c.abs).filter(Boolean))];
    const lines = [
        `// GENERATED by \`node --import tsx bench/results.ts --tuning ${tuningDirs} --emit-tuned examples/study-nb201-tuned.nas\`:`,
        '// the configurations chosen on CIFAR-10 (examples/study-nb201-tuning.nas), one per total budget, applied unchanged',
        '// to CIFAR-100 and ImageNet16-120, each with a random shrink of the same size as a control.',
        ...choices.map((c) => `//   budget ${c.budget}: ${c.lissnas}, ${c.abs}`),
        '',
        prelude.trimEnd(),
        '',
        ...lissnas.map((p) => `policy ${p} = ${settingsOf(p)}`),
        ...abs.map((p) => `policy ${p} = ${settingsOf(p)}`),
        ...lissnas.map((p) => `policy R_${p} = random_shrink(NB201) { match ${p} }`),
        '',
        'search REA = evolution(NB201) { evaluate c10; population 20; tournament 5; budget 500 }',
        'search RS  = random(NB201)    { evaluate c10; budget 500 }',
        '',
    ];
    // One study per group of budgets sharing their chosen configurations (a study runs every policy at every budget).
    const groups = new Map<string, number[]>();
    for (const c of choices) {
        const policies = [c.lissnas, c.abs, c.lissnas ? `R_${c.lissnas}` : ''].filter(Boolean).join(',');
        groups.set(policies, [...(groups.get(policies) ?? []), c.budget]);
    }
    const commands = [...groups].map(
        ([policies, budgets]) =>
            `node --import tsx cli/main.ts study examples/study-nb201-tuned.nas --policies ${policies} --searches REA,RS --seeds 30 --datasets c10,c100,in16 --budgets ${budgets.join(',')} --out runs/results-tuned-${budgets.join('-')}`,
    );
    return { text: lines.join('\n'), commands };
}

/** Budget-matched table: at each budget, the configurations chosen for it on CIFAR-10. */
function tunedTable(r: StudyResult, t: StudyResult, dataset: string): string {
    const choices = tuningChoices(t);
    const budgets = choices.map((c) => c.budget);
    const lines = [`| search | space | ${budgets.map((b) => `${b} queries`).join(' | ')} |`, `|---|---|${budgets.map(() => '---:').join('|')}|`];
    const kinds: Array<[string, (c: Choice) => string]> = [
        ['full space', () => 'full'],
        ['LISSNAS (tuned for the budget)', (c) => c.lissnas],
        ['op_pruning (tuned for the budget)', (c) => c.abs],
        ['random_shrink (size of tuned LISSNAS)', (c) => (c.lissnas ? `R_${c.lissnas}` : '')],
    ];
    for (const search of r.searches) {
        const cells = kinds.map(([, space]) => choices.map((c) => searchCell(searchRuns(r, dataset, search, space(c), c.budget))));
        const best = budgets.map((_, j) => Math.max(...cells.map((row) => row[j].mean ?? -Infinity)));
        kinds.forEach(([title], i) => {
            const row = cells[i].map((c, j) => (c.mean !== undefined && c.mean === best[j] ? `**${c.text}**` : c.text));
            lines.push(`| ${search} | ${title} | ${row.join(' | ')} |`);
        });
    }
    lines.push('', `Configurations per budget: ${choices.map((c) => `${c.budget} → ${c.lissnas} / ${c.abs}`).join('; ')}.`);
    lines.push('', pairedTable(r, dataset, choices));
    return lines.join('\n');
}

/** Per seed, tuned LISSNAS minus the full space (same search, same seed, same budget): mean ± std, wins/ties/losses. */
function pairedTable(r: StudyResult, dataset: string, choices: Choice[]): string {
    const lines = [`| search: tuned LISSNAS − full space | ${choices.map((c) => `${c.budget}`).join(' | ')} |`, `|---|${choices.map(() => '---:').join('|')}|`];
    for (const search of r.searches) {
        const cells = choices.map((c) => {
            const a = searchRuns(r, dataset, search, c.lissnas, c.budget);
            const b = searchRuns(r, dataset, search, 'full', c.budget);
            const diffs: number[] = [];
            for (const x of a) {
                const y = b.find((z) => z.seed === x.seed);
                if (!x.values.infeasible && y && x.values.overallReport !== undefined && y.values.overallReport !== undefined) diffs.push(x.values.overallReport - y.values.overallReport);
            }
            if (diffs.length === 0) return 'n/a';
            const w = diffs.filter((d) => d > 1e-9).length;
            const l = diffs.filter((d) => d < -1e-9).length;
            return `${fmt(stat(diffs), 2)} (${w}/${diffs.length - w - l}/${l})`;
        });
        lines.push(`| ${search} | ${cells.join(' | ')} |`);
    }
    lines.push('', 'Paired by seed: test-accuracy difference (points), then wins / ties / losses of LISSNAS over the seeds.');
    return lines.join('\n');
}

// ------------------------------------------------------------------------------------------------------- output

function replaceBlocks(file: string, blocks: Map<string, string>): void {
    let text = readFileSync(file, 'utf8');
    for (const [name, body] of blocks) {
        const open = `<!-- results:${name} -->`;
        const close = `<!-- /results:${name} -->`;
        const i = text.indexOf(open);
        const j = text.indexOf(close);
        if (i < 0 || j < i) {
            process.stderr.write(`${file}: no block ${name}; skipped\n`);
            continue;
        }
        text = text.slice(0, i + open.length) + '\n' + body + '\n' + text.slice(j);
    }
    writeFileSync(file, text);
}

function main(): void {
    const a = args(process.argv.slice(2));
    const defaults = load(a.get('defaults'));
    const tuning = load(a.get('tuning'));
    const tuned = load(a.get('tuned'));
    const blocks = new Map<string, string>();
    if (tuning && a.has('emit-tuned')) {
        const { text, commands } = tunedStudyFile(tuning, a.get('tuning-file') ?? 'examples/study-nb201-tuning.nas', a.get('tuning')!);
        writeFileSync(a.get('emit-tuned')!, text);
        process.stdout.write(`wrote ${a.get('emit-tuned')}; run:\n${commands.join('\n')}\n`);
    }
    if (defaults) {
        const titles: Record<string, string> = { Lissnas: 'LISSNAS (defaults)', ABS: 'op_pruning (200 samples)', Random: 'random_shrink (LISSNAS size)', full: 'full space' };
        for (const d of defaults.datasets) {
            blocks.set(`shrink-${d}`, shrinkTable(defaults, d, defaults.policies, titles));
            blocks.set(`search-${d}`, searchTable(defaults, d, ['full', ...defaults.policies], titles));
        }
    }
    if (tuning) {
        blocks.set('tuning', tuningTable(tuning));
        const lissnas = tuningChoices(tuning).map((c) => c.lissnas).filter((x, i, xs) => x && xs.indexOf(x) === i);
        blocks.set('shrink-tuned-c10', shrinkTable(tuning, 'c10', lissnas, {}));
    }
    if (tuned && tuning) {
        const lissnas = tuningChoices(tuning).map((c) => c.lissnas).filter((x, i, xs) => x && xs.indexOf(x) === i);
        for (const d of tuned.datasets) {
            blocks.set(`tuned-${d}`, tunedTable(tuned, tuning, d));
            if (d !== 'c10') blocks.set(`shrink-tuned-${d}`, shrinkTable(tuned, d, lissnas, {}));
        }
    }
    const out = a.get('write');
    if (out) replaceBlocks(out, blocks);
    else for (const [name, body] of blocks) process.stdout.write(`<!-- results:${name} -->\n${body}\n<!-- /results:${name} -->\n\n`);
}

main();
