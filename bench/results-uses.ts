/**
 * The sections of docs/results.md about the three uses of a shrunk space (issue 12) and its goals: cheap shrinking
 * at equal total cost, shrinking once on CIFAR-10 and searching the other datasets, seeds apart (separate pockets),
 * settings relative to the space; then the goals, each decided from the same per-seed runs with the paired test of
 * bench/results-paired.ts. Every function returns a markdown block for bench/results.ts to place.
 */
import type { StudyResult } from '../engine/report/study-result.js';
import type { SearchSpace } from '../engine/space/types.js';
import { transferLabel } from '../engine/run/study.js';
import { ALPHA, comparePaired, pairedTable, type PairedRow } from './results-paired.js';
import { budgetsOf, searchRuns, searchTable, SHRINK_ROWS, shrinkRuns, shrinkTable, stat } from './results-tables.js';

const DATASET_NAMES: Record<string, string> = { c10: 'CIFAR-10', c100: 'CIFAR-100', in16: 'ImageNet16-120' };
const name = (d: string): string => DATASET_NAMES[d] ?? d;

// ------------------------------------------------------------------------------------------------ cheap shrinking

export const CHEAP_TITLES: Record<string, string> = {
    full: 'full space',
    Expensive: 'LISSNAS with the table (cost 1 a query)',
    CheapParams: 'LISSNAS with params (cost 0.001)',
    CheapFlops: 'LISSNAS with FLOPs (cost 0.001)',
    CheapSynflow: 'LISSNAS with synflow (cost 0.001)',
};

const COST_ROWS: Array<[string, string, number, number]> = [
    ...SHRINK_ROWS.filter(([key]) => ['size', 'fractionKept', 'optimumKept', 'recallTop1%', 'shrinkIndex', 'meanReport', 'pockets', 'queries'].includes(key)),
    ['shrinkCost', 'cost of the shrinkage (budget units)', 1, 1],
];

/** `shrinkCost` is not a metric of the run: it is the cell's `cost.shrink` (query_cost × queries). */
function withCost(r: StudyResult): StudyResult {
    return { ...r, runs: r.runs.map((x) => (x.search === undefined && x.cost ? { ...x, values: { ...x.values, shrinkCost: x.cost.shrink } } : x)) };
}

export function cheapBlock(r: StudyResult, dataset: string): string {
    const policies = r.policies;
    const rows: PairedRow[] = [];
    for (const search of r.searches) {
        for (const p of policies) for (const b of budgetsOf(r)) rows.push(comparePaired(search, `${CHEAP_TITLES[p] ?? p} − full space`, b, searchRuns(r, dataset, search, p, b), searchRuns(r, dataset, search, 'full', b)));
    }
    return [
        shrinkTable(withCost(r), dataset, policies, CHEAP_TITLES, COST_ROWS),
        '',
        searchTable(r, dataset, ['full', ...policies], CHEAP_TITLES, 'cost'),
        '',
        pairedTable(rows),
    ].join('\n');
}

// ------------------------------------------------------------------------------------------------------- transfer

export function transferTitle(space: string): string {
    if (space === 'full') return 'full space';
    const [policy, source] = space.split('@');
    return `${policy} shrunk on ${name(source)}`;
}

/** The spaces searched on a target: the full space, then every `<policy>@<source>` in the study's order. */
export function transferSpaces(r: StudyResult): string[] {
    return ['full', ...r.policies.map((p) => transferLabel(p, r.transferFrom!))];
}

export function transferBlock(r: StudyResult, dataset: string): string {
    const spaces = transferSpaces(r);
    const titles = Object.fromEntries(spaces.map((s) => [s, transferTitle(s)]));
    const rows: PairedRow[] = [];
    for (const search of r.searches) {
        for (const sp of spaces.slice(1)) for (const b of budgetsOf(r)) rows.push(comparePaired(search, `${titles[sp]} − full space`, b, searchRuns(r, dataset, search, sp, b), searchRuns(r, dataset, search, 'full', b)));
    }
    return [searchTable(r, dataset, spaces, titles), '', pairedTable(rows)].join('\n');
}

// ---------------------------------------------------------------------------------------------------- seeds apart

export const APART_TITLES: Record<string, string> = { Lissnas: 'LISSNAS (defaults)', Apart2: 'seeds apart 2', Apart3: 'seeds apart 3', Random: 'random_shrink (LISSNAS size)', full: 'full space' };

const POCKET_ROWS: Array<[string, string, number, number]> = [
    ...SHRINK_ROWS.filter(([key]) => ['size', 'optimumKept', 'recallTop1%', 'shrinkIndex', 'meanReport', 'pockets'].includes(key)),
    ['pocketSizeMedian', 'median pocket size (cells)', 0, 1],
    ['pocketGap', 'distance between pockets (closest members)', 2, 1],
    ['goodPockets', 'pockets holding a top-1 % cell', 1, 1],
    ['topRegionsKept', "the space's top-1 % regions touched", 1, 1],
    ['topRegionShare', "share of the space's top-1 % regions touched (%)", 0, 100],
];

/** Seeds apart against the defaults; `space`: the study's own space when it is not NB201 itself (a constrained one). */
export function apartBlock(r: StudyResult, dataset: string, space?: SearchSpace): string {
    const rows: PairedRow[] = [];
    for (const search of r.searches) {
        for (const b of budgetsOf(r)) rows.push(comparePaired(search, `${APART_TITLES.Lissnas} − ${APART_TITLES.full}`, b, searchRuns(r, dataset, search, 'Lissnas', b), searchRuns(r, dataset, search, 'full', b)));
        for (const p of r.policies.filter((x) => x !== 'Lissnas')) for (const b of budgetsOf(r)) rows.push(comparePaired(search, `${APART_TITLES[p] ?? p} − LISSNAS (defaults)`, b, searchRuns(r, dataset, search, p, b), searchRuns(r, dataset, search, 'Lissnas', b)));
    }
    const parts = [shrinkTable(r, dataset, r.policies, APART_TITLES, POCKET_ROWS, space)];
    if (r.searches.length > 0) parts.push('', searchTable(r, dataset, ['full', ...r.policies], APART_TITLES), '', pairedTable(rows));
    return parts.join('\n');
}

// ------------------------------------------------------------------------------------------- relative settings

/** `Share4` → [`Share`, `4`]: the configuration and the space it ran on (no suffix: NB201 itself). */
function splitRelative(policy: string): [string, string] {
    const m = /^(.*?)([34]?)$/.exec(policy)!;
    return [m[1], m[2]];
}

const RELATIVE_SPACES: Array<[string, string]> = [
    ['', 'NB201 (5 ops, 15,625 cells)'],
    ['4', 'without `none` (4 ops, 4,096)'],
    ['3', 'skip + two convolutions (3 ops, 729)'],
];

/** Configuration × space: cells kept / queries / mean test accuracy inside / recall of the top 1 % / optimum kept. */
export function relativeBlock(r: StudyResult, dataset: string): string {
    const configs = [...new Set(r.policies.map((p) => splitRelative(p)[0]))];
    const lines = [`| configuration | ${RELATIVE_SPACES.map(([, t]) => t).join(' | ')} |`, `|---|${RELATIVE_SPACES.map(() => '---|').join('')}`];
    for (const config of configs) {
        const cells = RELATIVE_SPACES.map(([suffix]) => {
            const runs = shrinkRuns(r, dataset, `${config}${suffix}`);
            if (runs.length === 0) return '—';
            const m = (key: string, d: number, scale = 1) => stat(runs.map((x) => (x.values[key] ?? NaN) * scale))?.mean.toFixed(d) ?? '—';
            const size = stat(runs.map((x) => 10 ** (x.values.sizeLog10 ?? NaN)))?.mean.toFixed(0) ?? '—';
            return `${size} / ${m('queries', 0)} / ${m('meanReport', 2)} / ${m('recallTop1%', 2)} / ${m('optimumKept', 0, 100)} %`;
        });
        lines.push(`| ${config} | ${cells.join(' | ')} |`);
    }
    lines.push('', `Means over ${r.seeds.length} seeds on ${name(dataset)} (search on ${dataset}_val_naslib, report ${dataset}_test): cells kept / queries / mean test accuracy inside / recall of the space's own top 1 % / global optimum (of the space) kept. Configurations: examples/study-relative-defaults.nas.`);
    return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------------------- goals

export interface GoalInputs {
    defaults?: StudyResult;
    relative?: StudyResult;
    cheap?: StudyResult;
    transfer?: StudyResult;
    apart?: StudyResult;
}

const significantlyHigher = (row: PairedRow): boolean => row.result.seeds.length > 0 && row.result.wilcoxon.p < ALPHA && row.result.meanDifference > 0;
const verdict = (met: boolean): string => (met ? '**met**' : '**not met**');

/** Goal 1: a shrunk space that keeps the global optimum in ≥ 90 % of seeds while holding ≤ 5 % of the space. */
function goalOptimum(inputs: GoalInputs): string[] {
    const candidates: Array<[string, StudyResult, string]> = [];
    if (inputs.defaults) candidates.push(['LISSNAS (defaults)', inputs.defaults, 'Lissnas'], ['op_pruning (200 samples)', inputs.defaults, 'ABS']);
    if (inputs.cheap) {
        const cheap = inputs.cheap;
        const titles: Array<[string, string]> = [['CheapParams', 'LISSNAS with params'], ['CheapFlops', 'LISSNAS with FLOPs'], ['CheapSynflow', 'LISSNAS with synflow']];
        for (const [policy, title] of titles) if (cheap.policies.includes(policy)) candidates.push([title, cheap, policy]);
    }
    if (inputs.apart) candidates.push(['seeds apart 2', inputs.apart, 'Apart2'], ['seeds apart 3', inputs.apart, 'Apart3']);
    if (inputs.relative) candidates.push(['relative settings (`Relative`)', inputs.relative, 'Relative'], ['sample 1 % min 20 max 200 (`Share`)', inputs.relative, 'Share']);
    const datasets = ['c10', 'c100', 'in16'];
    const lines = [`| space | ${datasets.map((d) => `${name(d)}: optimum kept / share kept`).join(' | ')} | met on |`, `|---|${datasets.map(() => '---:|').join('')}---:|`];
    let best = 0;
    for (const [title, study, policy] of candidates) {
        let met = 0;
        const cells = datasets.map((d) => {
            const runs = shrinkRuns(study, d, policy);
            if (runs.length === 0) return '—';
            const kept = stat(runs.map((x) => x.values.optimumKept ?? NaN))!.mean;
            const share = stat(runs.map((x) => x.values.fractionKept ?? NaN))!.mean;
            const ok = kept >= 0.9 && share <= 0.05;
            if (ok) met++;
            return `${(kept * 100).toFixed(0)} % / ${(share * 100).toFixed(2)} %${ok ? ' ✓' : ''}`;
        });
        best = Math.max(best, met);
        lines.push(`| ${title} | ${cells.join(' | ')} | ${met} of 3 |`);
    }
    return [
        `**Goal 1: the shrunk space keeps the global optimum in at least 90 % of seeds while holding at most 5 % of the space** — ${verdict(best === 3)} (the best space meets it on ${best} of the 3 datasets).`,
        '',
        ...lines,
    ];
}

/** Goal 2: at equal total cost, search after cheap shrinking beats search in the full space (p < 0.05) on ≥ 2 datasets. */
function goalCheap(cheap: StudyResult): string[] {
    const lines = ['| search | cheap shrinkage | ' + budgetsOf(cheap).map((b) => `cost ${b}`).join(' | ') + ' |', `|---|---|${budgetsOf(cheap).map(() => '---|').join('')}`];
    let met = false;
    const metAt: string[] = [];
    for (const search of cheap.searches) {
        for (const policy of cheap.policies.filter((p) => p.startsWith('Cheap'))) {
            const cells = budgetsOf(cheap).map((b) => {
                const better = cheap.datasets.filter((d) => significantlyHigher(comparePaired(search, '', b, searchRuns(cheap, d, search, policy, b), searchRuns(cheap, d, search, 'full', b))));
                if (better.length >= 2) {
                    met = true;
                    metAt.push(`${search} at ${b}`);
                }
                return better.length === 0 ? 'none' : better.map(name).join(', ');
            });
            lines.push(`| ${search} | ${CHEAP_TITLES[policy] ?? policy} | ${cells.join(' | ')} |`);
        }
    }
    return [
        `**Goal 2: at equal total cost, search after cheap shrinking beats search in the full space (p < 0.05) on at least two of the three datasets** — ${met ? `**met for** ${[...new Set(metAt)].join('; ')}; not at the other searches and costs` : verdict(false)}. Cells: the datasets where it is significantly better.`,
        '',
        ...lines,
    ];
}

/** Goal 3: a space shrunk on CIFAR-10 makes search on the other two datasets better than the full space at 100 and 200. */
function goalTransfer(transfer: StudyResult): string[] {
    const budgets = [100, 200].filter((b) => budgetsOf(transfer).includes(b));
    const lines = [`| search | space | ${transfer.datasets.flatMap((d) => budgets.map((b) => `${name(d)} ${b}`)).join(' | ')} | all |`, `|---|---|${transfer.datasets.flatMap(() => budgets.map(() => '---:|')).join('')}---|`];
    const metBy: string[] = [];
    for (const search of transfer.searches) {
        for (const policy of transfer.policies) {
            const space = transferLabel(policy, transfer.transferFrom!);
            const rows = transfer.datasets.flatMap((d) => budgets.map((b) => comparePaired(search, '', b, searchRuns(transfer, d, search, space, b), searchRuns(transfer, d, search, 'full', b))));
            const all = rows.every(significantlyHigher);
            if (all) metBy.push(`${search} in ${transferTitle(space)}`);
            const cells = rows.map((row) => `${row.result.meanDifference > 0 ? '+' : ''}${row.result.meanDifference.toFixed(2)}${significantlyHigher(row) ? ' ✓' : ''}`);
            lines.push(`| ${search} | ${transferTitle(space)} | ${cells.join(' | ')} | ${all ? 'yes' : 'no'} |`);
        }
    }
    return [
        `**Goal 3: a space shrunk on CIFAR-10 makes search on CIFAR-100 and ImageNet16-120 better than search in the full space at budgets 100 and 200** — ${metBy.length > 0 ? `**met for** ${metBy.join('; ')}; not for the other searches and spaces` : verdict(false)}. Cells: mean paired difference in test accuracy (points); ✓ significantly higher (Wilcoxon p < 0.05).`,
        '',
        ...lines,
    ];
}

export function goalsBlock(inputs: GoalInputs): string {
    const parts: string[][] = [goalOptimum(inputs)];
    if (inputs.cheap) parts.push(goalCheap(inputs.cheap));
    if (inputs.transfer) parts.push(goalTransfer(inputs.transfer));
    return parts.map((p) => p.join('\n')).join('\n\n');
}
