import { isAbsolute, relative } from 'node:path';
import { HumanReporter, JsonReporter, type RunReporter } from '../engine/run/progress.js';
import type { RunOutcome } from '../engine/run/execute.js';
import { backendText, type SearchResult, type ShrinkResult } from '../engine/report/result.js';
import { sizeText } from '../engine/report/run-report.js';
import type { CliIo } from './io.js';
import { textTable } from './text-table.js';
import { describeStopReason } from '../engine/stop-reason.js';

export function reporterFor(json: boolean, io: CliIo): RunReporter {
    return json ? new JsonReporter(io.stdout) : new HumanReporter(io.stderr);
}

const f2 = (x: number | undefined): string => (x === undefined || !Number.isFinite(x) ? '-' : x.toFixed(2));

/** What a person sees on stdout after a run (the JSON mode prints events only). */
export function printOutcome(outcome: RunOutcome, io: CliIo): void {
    const r = outcome.result;
    const lines: string[] = [];
    if (r.command === 'shrink') lines.push(...shrinkSummary(r));
    else {
        if (r.shrink) lines.push(...shrinkSummary(r.shrink), '');
        lines.push(...searchSummary(r));
    }
    if (r.command === 'shrink' && r.comparison && r.comparison.length > 0) {
        lines.push('');
        lines.push(
            textTable(
                ['space', 'kind', 'size', 'queries', 'mean test', 'top-1% kept', 'optimum kept'],
                r.comparison.map((c) => [c.name, c.kind, sizeText(c.size, c.sizeLog10), String(c.queries), f2(c.metrics.meanReport), f2(c.metrics['recallTop1%']), c.metrics.optimumKept === 1 ? 'yes' : c.metrics.optimumKept === 0 ? 'no' : '-']),
            ),
        );
    }
    lines.push(...failureLines(r));
    const backend = r.backend ?? (r.command === 'search' ? r.shrink?.backend : undefined);
    if (backend) lines.push('', `back-end: ${backendText(backend)}${backend.python ? ` (${backend.python})` : ''}`);
    lines.push('', `run directory: ${shortPath(outcome.dir, io.cwd)}  (report: ${shortPath(outcome.files[1] ?? '', io.cwd)})`);
    io.stdout.write(lines.join('\n') + '\n');
}

/**
 * Failed evaluations, shrinkage and search apart: the count, its share of the queries, the first reasons, and
 * where the rest are (they cost queries and told the policy nothing, so they must not pass unseen).
 */
export function failureLines(r: ShrinkResult | SearchResult): string[] {
    const parts: Array<[string, { count: number; first: Array<{ arch: string; error: string }> } | undefined, number]> =
        r.command === 'shrink' ? [['policy', r.failures, r.queries]] : [['shrinkage', r.shrink?.failures, r.shrinkQueries], ['search', r.failures, r.queries]];
    const out: string[] = [];
    for (const [what, failures, queries] of parts) {
        if (!failures) continue;
        const share = queries > 0 ? ` (${((100 * failures.count) / queries).toFixed(0)}% of its ${queries} queries)` : '';
        out.push('', `warning: ${failures.count} failed evaluation(s) in the ${what}${share}; first:`);
        for (const f of failures.first) out.push(`  ${f.arch}: ${f.error}`);
        out.push('  all of them are in journal.jsonl (lines with "error"); `lissnas check` warns about bad table cells');
    }
    return out;
}

function shrinkSummary(r: ShrinkResult): string[] {
    return [
        `policy ${r.name} (${r.policy}, seed ${r.seed}${r.dataset ? `, ${r.dataset}` : ''}): ${sizeText(r.fullSize, r.fullSizeLog10)} -> ${sizeText(r.size, r.sizeLog10)} architectures, ${r.queries} queries, ${r.history.length} iteration(s), ${r.pockets.length} pocket(s)`,
        ...(r.best ? [`  best evaluated: ${r.best.arch}  metric ${f2(r.best.metric)}  report ${f2(r.best.report)}`] : []),
        ...(r.stopReason ? [`  stopped: ${describeStopReason(r.stopReason)}${chosenText(r)}`] : []),
        ...pocketLine(r.metrics),
    ];
}

/**
 * The separate regions behind the declared pockets (components at distance 1, docs/metrics.md "Pockets and distinct
 * good regions"): declared pockets overlap, so their count alone says nothing about diversity.
 */
function pocketLine(m: Record<string, number>): string[] {
    if (m.pockets === undefined || m.pocketSizeMax === undefined) return [];
    const sizes = m.pockets === 1 ? `${m.pocketSizeMax} cells` : `sizes ${m.pocketSizeMin}–${m.pocketSizeMax}, median ${m.pocketSizeMedian}`;
    const gap = Number.isFinite(m.pocketGap) ? `, closest members ${f2(m.pocketGap)} apart on average` : '';
    const regions = m.topRegionsKept === undefined || !Number.isFinite(m.topRegionShare) ? '' : `; top-1 % regions kept: ${m.topRegionsKept} (${(100 * m.topRegionShare).toFixed(0)}% of them)`;
    return [`  separate regions: ${m.pockets} (${sizes}${gap}), ${m.goodPockets} holding a top-1 % cell${regions}`];
}

/** Says which iteration's space was kept when it is not the last one run (the plateau rule went back). */
function chosenText(r: ShrinkResult): string {
    if (r.chosenIteration === undefined || r.policy !== 'lissnas') return '';
    const last = r.history.length;
    return r.chosenIteration < last
        ? `; kept the space built by iteration ${r.chosenIteration} of ${last} (the last one whose sample improved the mean)`
        : `; kept the space built by iteration ${r.chosenIteration}`;
}

function searchSummary(r: SearchResult): string[] {
    return [
        `search ${r.name} (${r.search} in ${r.target}, seed ${r.seed}): budget ${r.budget} = ${r.shrinkQueries} shrinkage + ${r.queries} search queries`,
        ...(r.start !== undefined ? [`  started at: ${r.start}`] : []),
        ...(r.best ? [`  best: ${r.best.arch}  metric ${f2(r.best.metric)}  report ${f2(r.best.report)}`] : ['  no successful evaluation']),
        ...(r.stopReason ? [`  stopped: ${describeStopReason(r.stopReason)}${unspentText(r)}`] : []),
    ];
}

function unspentText(r: SearchResult): string {
    const left = r.budget - r.shrinkQueries - r.queries;
    return left > 0 ? `; ${left} of the budget ${r.budget} left unspent` : '';
}

/** Relative to the working directory when inside it, absolute otherwise. */
export function shortPath(path: string, cwd: string): string {
    const rel = relative(cwd, path);
    return rel === '' ? '.' : rel.startsWith('..') || isAbsolute(rel) ? path : rel;
}
