// The goals block of docs/results.md (bench/results-uses.ts) decides each goal of issue 12 from per-seed runs:
// checked on small synthetic studies whose verdicts are known by construction (8 seeds whose paired differences
// are all positive and distinct have the exact two-sided Wilcoxon p = 2/256 < 0.05; mixed signs do not).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { STUDY_FORMAT, type StudyResult } from '../../engine/report/study-result.js';
import { goalsBlock } from '../../bench/results-uses.js';

type Run = StudyResult['runs'][number];
const SEEDS = [0, 1, 2, 3, 4, 5, 6, 7];
const BETTER = [0.5, 0.625, 0.75, 0.875, 1, 1.125, 1.25, 1.375]; // all positive, distinct: p = 2/256
const MIXED = [0.5, -0.625, 0.75, -0.875, 1, -1.125, 1.25, -1.375];

function study(policies: string[], datasets: string[], runs: Run[], transferFrom?: string): StudyResult {
    return { format: STUDY_FORMAT, engineVersion: 'test', file: 't.nas', seeds: SEEDS, datasets, ...(transferFrom ? { transferFrom } : {}), policies, searches: ['REA'], budgets: [100, 200], shrink: [], search: [], examples: [], runs };
}

const search = (dataset: string, policy: string, budget: number, seed: number, value: number): Run => ({ dataset, seed, policy, search: 'REA', budget, values: { overallReport: value } });
const shrink = (dataset: string, policy: string, seed: number, optimumKept: number, fractionKept: number): Run => ({ dataset, seed, policy, values: { optimumKept, fractionKept } });

/** Full space at 90 + seed / 10; `space` = full + the given differences, at every budget. */
function searches(dataset: string, space: string, diffs: number[]): Run[] {
    return [100, 200].flatMap((b) => SEEDS.flatMap((s) => [search(dataset, 'full', b, s, 90 + s / 10), search(dataset, space, b, s, 90 + s / 10 + diffs[s])]));
}

function goalLine(block: string, n: number): string {
    return block.split('\n').find((l) => l.startsWith(`**Goal ${n}:`))!;
}

test('goal 2 (cheap shrinking beats the full space with p < 0.05 on at least two datasets): met on two, not met on one', () => {
    const cheap = (c100: number[]) => study(['CheapParams'], ['c10', 'c100', 'in16'], [...searches('c10', 'CheapParams', BETTER), ...searches('c100', 'CheapParams', c100), ...searches('in16', 'CheapParams', MIXED)]);
    const met = goalsBlock({ cheap: cheap(BETTER) });
    assert.match(goalLine(met, 2), /— \*\*met for\*\* REA at 100; REA at 200; not at the other searches and costs/);
    assert.match(met, /\| REA \| LISSNAS with params \(cost 0\.001\) \| CIFAR-10, CIFAR-100 \| CIFAR-10, CIFAR-100 \|/);
    assert.match(goalLine(goalsBlock({ cheap: cheap(MIXED) }), 2), /— \*\*not met\*\*/);
});

test('goal 3 (transfer better at 100 and 200 on both targets): met only when every cell is significantly higher', () => {
    const transfer = (in16: number[]) => study(['L'], ['c100', 'in16'], [...searches('c100', 'L@c10', BETTER), ...searches('in16', 'L@c10', in16)], 'c10');
    const met = goalsBlock({ transfer: transfer(BETTER) });
    assert.match(goalLine(met, 3), /— \*\*met for\*\* REA in L shrunk on CIFAR-10; not for/);
    assert.match(met, /\| REA \| L shrunk on CIFAR-10 \| \+0\.94 ✓ \| \+0\.94 ✓ \| \+0\.94 ✓ \| \+0\.94 ✓ \| yes \|/);
    assert.match(goalLine(goalsBlock({ transfer: transfer(MIXED) }), 3), /— \*\*not met\*\*/);
});

test('goal 1 (optimum kept in at least 90 % of seeds with at most 5 % of the space) counts the datasets where both hold', () => {
    const runs = (keptSeeds: number, fraction: number, dataset: string) => SEEDS.map((s) => shrink(dataset, 'Lissnas', s, s < keptSeeds ? 1 : 0, fraction));
    // c10: 8/8 kept, 1 %: met; c100: 7/8 = 87.5 %: not; in16: 8/8 but 6 % of the space: not.
    const defaults = study(['Lissnas'], ['c10', 'c100', 'in16'], [...runs(8, 0.01, 'c10'), ...runs(7, 0.01, 'c100'), ...runs(8, 0.06, 'in16')]);
    const block = goalsBlock({ defaults });
    assert.match(goalLine(block, 1), /— \*\*not met\*\* \(the best space meets it on 1 of the 3 datasets\)/);
    assert.match(block, /\| LISSNAS \(defaults\) \| 100 % \/ 1\.00 % ✓ \| 88 % \/ 1\.00 % \| 100 % \/ 6\.00 % \| 1 of 3 \|/);
    const all = study(['Lissnas'], ['c10', 'c100', 'in16'], ['c10', 'c100', 'in16'].flatMap((d) => runs(8, 0.01, d)));
    assert.match(goalLine(goalsBlock({ defaults: all }), 1), /— \*\*met\*\*/);
});

test('the cheap policies of the study, synflow included, are candidates of goal 1 and rows of goal 2; absent ones are not listed', () => {
    const kept = (policy: string) => ['c10', 'c100', 'in16'].flatMap((d) => SEEDS.map((s) => shrink(d, policy, s, 1, 0.01)));
    const runs = [...kept('CheapParams'), ...kept('CheapSynflow'), ...['c10', 'c100', 'in16'].flatMap((d) => searches(d, 'CheapSynflow', BETTER))];
    const block = goalsBlock({ cheap: study(['CheapParams', 'CheapSynflow'], ['c10', 'c100', 'in16'], runs) });
    assert.match(block, /\| LISSNAS with synflow \| 100 % \/ 1\.00 % ✓ \| 100 % \/ 1\.00 % ✓ \| 100 % \/ 1\.00 % ✓ \| 3 of 3 \|/);
    assert.match(block, /\| LISSNAS with params \| 100 % \/ 1\.00 % ✓/);
    assert.doesNotMatch(block, /LISSNAS with FLOPs/, 'CheapFlops is not in this study');
    assert.match(block, /\| REA \| LISSNAS with synflow \(cost 0\.001\) \| CIFAR-10, CIFAR-100, ImageNet16-120 \| CIFAR-10, CIFAR-100, ImageNet16-120 \|/);
});
