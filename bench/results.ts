/**
 * Turns the study directories behind docs/results.md into its tables, so that no number there is typed by hand.
 *
 *   node --import tsx bench/results.ts --defaults runs/results/defaults --tuning runs/results/tuning-A,runs/results/tuning-B \
 *       --tuned runs/results/tuned-100,... --cheap runs/results/cheap --transfer runs/results/transfer \
 *       --apart runs/results/apart --budget runs/results/budget --relative runs/results/relative --write docs/results.md
 *
 * Each table replaces the text between `<!-- results:NAME -->` and `<!-- /results:NAME -->` in the file given to
 * `--write` (without `--write`, every table is printed). `--emit-tuned FILE` writes the study file of the
 * configurations chosen on CIFAR-10 (from `--tuning`), which the third study runs on all three datasets.
 *
 * Charts (best found vs total budget, SVG) go to `--charts DIR`, by default `results/` next to the `--write` page
 * (docs/results/), and are linked from the search blocks; no charts without either. Paired comparisons of the
 * spaces, seed by seed, follow each search table (bench/results-paired.ts).
 *
 * Numbers: mean ± sample standard deviation over seeds, read from each study's per-seed `runs`. A search's number
 * is `overallReport`: the test accuracy of the best architecture (by the searched validation metric) among all the
 * queries paid within the total budget, the shrinkage's included (engine/run/study.ts, `overallValues`).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import type { StudyResult } from '../engine/report/study-result.js';
import { compileSpace } from '../engine/space/compile.js';
import type { SearchSpace } from '../engine/space/types.js';
import { loadDocuments } from '../dsl/load.js';
import { bestFoundChart, chartLinks, writeCharts, type ChartLine } from './results-charts.js';
import { comparePaired, pairedTable, type PairedRow } from './results-paired.js';
import { apartBlock, CHEAP_TITLES, cheapBlock, goalsBlock, relativeBlock, transferBlock, transferSpaces, transferTitle } from './results-uses.js';
import { budgetsOf, fmt, searchCell, searchRuns, searchTable, shrinkRuns, shrinkTable, stat, valueOf } from './results-tables.js';



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

/** The rows of the tuned tables: a title and the space (policy name) it stands for at a budget's choices. */
const TUNED_KINDS: Array<[string, (c: Choice) => string]> = [
    ['full space', () => 'full'],
    ['LISSNAS (tuned for the budget)', (c) => c.lissnas],
    ['op_pruning (tuned for the budget)', (c) => c.abs],
    ['random_shrink (size of tuned LISSNAS)', (c) => (c.lissnas ? `R_${c.lissnas}` : '')],
];

/** Budget-matched table: at each budget, the configurations chosen for it on CIFAR-10. */
function tunedTable(r: StudyResult, t: StudyResult, dataset: string): string {
    const choices = tuningChoices(t);
    const budgets = choices.map((c) => c.budget);
    const lines = [`| search | space | ${budgets.map((b) => `${b} queries`).join(' | ')} |`, `|---|---|${budgets.map(() => '---:').join('|')}|`];
    for (const search of r.searches) {
        const cells = TUNED_KINDS.map(([, space]) => choices.map((c) => searchCell(searchRuns(r, dataset, search, space(c), c.budget))));
        const best = budgets.map((_, j) => Math.max(...cells.map((row) => row[j].mean ?? -Infinity)));
        TUNED_KINDS.forEach(([title], i) => {
            const row = cells[i].map((c, j) => (c.mean !== undefined && c.mean === best[j] ? `**${c.text}**` : c.text));
            lines.push(`| ${search} | ${title} | ${row.join(' | ')} |`);
        });
    }
    lines.push('', `Configurations per budget: ${choices.map((c) => `${c.budget} → ${c.lissnas} / ${c.abs}`).join('; ')}.`);
    lines.push('', tunedPairedTable(r, dataset, choices));
    return lines.join('\n');
}

/**
 * Per seed, each tuned space minus the full space, and tuned LISSNAS minus its same-size random control (same
 * search, seed and budget): engine/metrics/paired.ts through bench/results-paired.ts.
 */
function tunedPairedTable(r: StudyResult, dataset: string, choices: Choice[]): string {
    const rows: PairedRow[] = [];
    for (const search of r.searches) {
        for (const [title, space] of TUNED_KINDS.slice(1)) {
            for (const c of choices) if (space(c)) rows.push(comparePaired(search, `${title} − full space`, c.budget, searchRuns(r, dataset, search, space(c), c.budget), searchRuns(r, dataset, search, 'full', c.budget)));
        }
        for (const c of choices) {
            if (c.lissnas) rows.push(comparePaired(search, 'LISSNAS (tuned) − random_shrink (its size)', c.budget, searchRuns(r, dataset, search, c.lissnas, c.budget), searchRuns(r, dataset, search, `R_${c.lissnas}`, c.budget)));
        }
    }
    return pairedTable(rows);
}

/** Defaults: each shrunk space minus the full space, and LISSNAS minus random_shrink (its same-size control). */
function defaultsPairedTable(r: StudyResult, dataset: string, titles: Record<string, string>): string {
    const rows: PairedRow[] = [];
    const budgets = budgetsOf(r);
    for (const search of r.searches) {
        for (const p of r.policies) {
            for (const b of budgets) rows.push(comparePaired(search, `${titles[p] ?? p} − full space`, b, searchRuns(r, dataset, search, p, b), searchRuns(r, dataset, search, 'full', b)));
        }
        if (r.policies.includes('Lissnas') && r.policies.includes('Random')) {
            for (const b of budgets) rows.push(comparePaired(search, `${titles.Lissnas ?? 'Lissnas'} − ${titles.Random ?? 'Random'}`, b, searchRuns(r, dataset, search, 'Lissnas', b), searchRuns(r, dataset, search, 'Random', b)));
        }
    }
    return pairedTable(rows);
}

// -------------------------------------------------------------------------------------------------------- charts

const CHART_CAPTION =
    'Charts: mean over seeds of the test accuracy of the best architecture found (by validation) for the total budget; band and whiskers: 95 % percentile bootstrap interval of that mean (10,000 resamples, seed 0). ' +
    'A space has a point only at the budgets where the shrinkage left budget on every seed; dashed: the full space.';

/** One chart per search: a line per space (`full` first, dashed), named `<prefix>-<dataset>-<search>`. */
function spaceCharts(r: StudyResult, dataset: string, prefix: string, spaces: string[], titles: Record<string, string>, charts: Map<string, string>, what = 'total budget', xLabel?: string): void {
    for (const search of r.searches) {
        const lines: ChartLine[] = spaces.map((space) => ({ name: titles[space] ?? space, runs: (b) => searchRuns(r, dataset, search, space, b), dashed: space === 'full' }));
        charts.set(`${prefix}-${dataset}-${search}`, bestFoundChart(`${dataset}, ${search}: best found vs ${what} (${r.seeds.length} seeds)`, budgetsOf(r), lines, 'overallReport', xLabel));
    }
}

function tunedCharts(r: StudyResult, dataset: string, choices: Choice[], charts: Map<string, string>): void {
    for (const search of r.searches) {
        const lines: ChartLine[] = TUNED_KINDS.map(([name, space], i) => ({
            name,
            runs: (b) => {
                const c = choices.find((x) => x.budget === b);
                return c && space(c) ? searchRuns(r, dataset, search, space(c), b) : [];
            },
            dashed: i === 0,
        }));
        charts.set(`tuned-${dataset}-${search}`, bestFoundChart(`${dataset}, ${search}, tuned per budget: best found vs total budget (${r.seeds.length} seeds)`, choices.map((c) => c.budget), lines));
    }
}

/** The statistics paragraph of the protocol (block `statistics`). */
const STATISTICS_TEXT = [
    '- **Statistics.** Each comparison of two spaces pairs their runs by seed (same dataset, search, total budget and',
    '  seed) and reports the mean of the differences A − B, its 95 % percentile bootstrap interval (10,000 resamples of',
    '  the seeds, fixed seed, so regeneration is byte-identical), the two-sided Wilcoxon signed-rank p-value (zero',
    '  differences dropped; exact permutation distribution up to 50 non-zero differences, ties included) and the wins /',
    '  ties / losses of A. A p below 0.05 is in bold; there is one test per row and no correction for the number of',
    '  rows, so about 1 row in 20 can be marked by chance alone when the spaces do not differ. The charts show the mean',
    '  best found per total budget with the 95 % bootstrap interval of that mean as a band, only at budgets where every',
    '  seed\'s search ran. Definitions: docs/metrics.md, "Paired comparisons" (engine/metrics/paired.ts).',
].join('\n');

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

/** The space a study's policies shrink, compiled from its .nas file (the first policy's; a study has one). */
async function studySpace(study: StudyResult): Promise<SearchSpace> {
    const [loaded] = await loadDocuments([study.file]);
    if (loaded.hasErrors) throw new Error(`${study.file}: ${loaded.diagnostics.map((d) => d.message).join('; ')}`);
    return compileSpace(loaded.spec.policies[0].space);
}

async function main(): Promise<void> {
    const a = args(process.argv.slice(2));
    const defaults = load(a.get('defaults'));
    const tuning = load(a.get('tuning'));
    const tuned = load(a.get('tuned'));
    const blocks = new Map<string, string>();
    // Charts go to --charts, or next to the page written (docs/results/ for docs/results.md); linked from its blocks.
    const page = a.get('write');
    const chartsDir = a.get('charts') ?? (page ? join(dirname(page), 'results') : undefined);
    const charts = new Map<string, string>();
    const withCharts = (body: string, prefix: string): string => {
        const mine = new Map([...charts].filter(([name]) => name.startsWith(prefix)));
        if (!chartsDir || mine.size === 0) return body;
        return `${body}\n\n${chartLinks(relative(page ? dirname(page) : '.', chartsDir).split('\\').join('/'), mine, (name) => `best found vs total budget, ${name}`)}\n\n${CHART_CAPTION}`;
    };
    if (tuning && a.has('emit-tuned')) {
        const { text, commands } = tunedStudyFile(tuning, a.get('tuning-file') ?? 'examples/study-nb201-tuning.nas', a.get('tuning')!);
        writeFileSync(a.get('emit-tuned')!, text);
        process.stdout.write(`wrote ${a.get('emit-tuned')}; run:\n${commands.join('\n')}\n`);
    }
    if (defaults) {
        const titles: Record<string, string> = { Lissnas: 'LISSNAS (defaults)', ABS: 'op_pruning (200 samples)', Random: 'random_shrink (LISSNAS size)', full: 'full space' };
        for (const d of defaults.datasets) {
            blocks.set(`shrink-${d}`, shrinkTable(defaults, d, defaults.policies, titles));
            spaceCharts(defaults, d, 'search', ['full', ...defaults.policies], titles, charts);
            const body = `${searchTable(defaults, d, ['full', ...defaults.policies], titles)}\n\n${defaultsPairedTable(defaults, d, titles)}`;
            blocks.set(`search-${d}`, withCharts(body, `search-${d}-`));
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
            tunedCharts(tuned, d, tuningChoices(tuning), charts);
            blocks.set(`tuned-${d}`, withCharts(tunedTable(tuned, tuning, d), `tuned-${d}-`));
            if (d !== 'c10') blocks.set(`shrink-tuned-${d}`, shrinkTable(tuned, d, lissnas, {}));
        }
    }
    const cheap = load(a.get('cheap'));
    const transfer = load(a.get('transfer'));
    const apart = load(a.get('apart'));
    const budget = load(a.get('budget'));
    const relativeStudy = load(a.get('relative'));
    for (const d of cheap?.datasets ?? []) {
        spaceCharts(cheap!, d, 'cheap', ['full', ...cheap!.policies], CHEAP_TITLES, charts, 'total cost', 'total cost (query_cost x queries, shrinkage included)');
        blocks.set(`cheap-${d}`, withCharts(cheapBlock(cheap!, d), `cheap-${d}-`));
    }
    for (const d of transfer?.datasets ?? []) {
        const spaces = transferSpaces(transfer!);
        spaceCharts(transfer!, d, 'transfer', spaces, Object.fromEntries(spaces.map((x) => [x, transferTitle(x)])), charts, 'budget on the target', `budget on the target dataset (queries; the shrinkage on ${transfer!.transferFrom} is free)`);
        blocks.set(`transfer-${d}`, withCharts(transferBlock(transfer!, d), `transfer-${d}-`));
    }
    if (apart) for (const d of apart.datasets) blocks.set(`apart-${d}`, apartBlock(apart, d));
    if (budget) {
        const space = await studySpace(budget);
        for (const d of budget.datasets) blocks.set(`budget-${d}`, apartBlock(budget, d, space));
    }
    if (relativeStudy) for (const d of relativeStudy.datasets) blocks.set(`relative-${d}`, relativeBlock(relativeStudy, d));
    if (defaults || cheap || transfer || apart) blocks.set('goals', goalsBlock({ defaults, cheap, transfer, apart, relative: relativeStudy }));
    if (defaults || tuned) blocks.set('statistics', STATISTICS_TEXT);
    if (chartsDir && charts.size > 0) process.stderr.write(`charts: ${writeCharts(chartsDir, charts).join(', ')}\n`);
    const out = page;
    if (out) replaceBlocks(out, blocks);
    else for (const [name, body] of blocks) process.stdout.write(`<!-- results:${name} -->\n${body}\n<!-- /results:${name} -->\n\n`);
}

void main();
