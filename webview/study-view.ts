/**
 * The study view: for a study directory, box + strip plots of each shrinkage metric over seeds per policy, and
 * best-found against total budget with mean ± std bands per search and space; for "Compare Runs…", the runs'
 * curves (best and mean per iteration, space size, best-so-far of searches) and their metrics side by side.
 * Labels and digits come from engine/report/labels.ts, so the HTML report and this view agree.
 */
import { fmt, fmtInt, fmtMeanStd } from '../engine/report/html.js';
import { metricDigits, metricLabel } from '../engine/report/labels.js';
import { ToStudyCheck, type CompareResultData, type StudyData } from '../protocol/webview.js';
import { listen, saveState } from './bridge.js';
import { axis, base, boxOf, Chart, jitter, type Option } from './charts.js';
import { clear, el } from './dom.js';
import type { Theme } from './theme.js';
import { tickLabel } from './tick-label.js';

function chartBox(parent: HTMLElement, className = 'chart'): HTMLElement {
    const box = el('div', { className });
    parent.append(box);
    return box;
}

/** Per-seed values of every shrinkage metric, by policy (and dataset when the study has several). */
export function shrinkSamples(study: StudyData): { metrics: string[]; groups: string[]; values: Map<string, Map<string, number[]>> } {
    const several = new Set(study.runs.map((r) => r.dataset)).size > 1;
    const values = new Map<string, Map<string, number[]>>();
    const groups: string[] = [];
    for (const run of study.runs) {
        if (run.search !== undefined || run.policy === undefined || run.policy === 'full') continue;
        const group = several ? `${run.policy} · ${run.dataset}` : run.policy;
        if (!groups.includes(group)) groups.push(group);
        for (const [metric, value] of Object.entries(run.values)) {
            if (!Number.isFinite(value)) continue;
            const byGroup = values.get(metric) ?? new Map<string, number[]>();
            byGroup.set(group, [...(byGroup.get(group) ?? []), value]);
            values.set(metric, byGroup);
        }
    }
    return { metrics: [...values.keys()], groups, values };
}

function boxStripOption(t: Theme, title: string, groups: string[], byGroup: Map<string, number[]>, digits: number): Option {
    const data = groups.map((g) => byGroup.get(g) ?? []);
    return {
        ...base(t, { title }),
        grid: { left: 56, right: 16, top: 36, bottom: 40 },
        xAxis: [axis(t, '', { type: 'category', data: groups, scale: false }), { type: 'value', min: -0.5, max: groups.length - 0.5, show: false }],
        // The metric's own digits, unless the ticks are finer (a share kept of 0.0040 to 0.0045): then enough
        // significant digits that neighbouring ticks differ.
        yAxis: axis(t, '', { axisLabel: { color: t.muted, formatter: (v: number) => tickLabel(v, digits) } }),
        series: [
            { type: 'boxplot', name: 'over seeds', data: data.map((xs) => boxOf(xs) ?? []), itemStyle: { color: 'transparent', borderColor: t.muted } },
            { type: 'scatter', name: 'seeds', xAxisIndex: 1, data: data.flatMap((xs, i) => xs.map((x, j) => [i + jitter(j, 0.2), x])), symbolSize: 6, itemStyle: { color: t.palette[0], opacity: 0.7 } },
        ],
        tooltip: { ...(base(t).tooltip as Option), trigger: 'item' },
    };
}

function budgetOption(t: Theme, study: StudyData): Option {
    const severalDatasets = new Set(study.search.map((x) => x.dataset)).size > 1;
    const groups = new Map<string, StudyData['search']>();
    for (const row of study.search) {
        if (!row.bestReport) continue;
        const key = `${row.search} in ${row.space}${severalDatasets ? ` · ${row.dataset}` : ''}`;
        groups.set(key, [...(groups.get(key) ?? []), row]);
    }
    const series: Option[] = [];
    [...groups].forEach(([key, unsorted], k) => {
        const rows = [...unsorted].sort((a, b) => a.budget - b.budget);
        const colour = t.palette[k % t.palette.length];
        const stack = `band${k}`;
        // The band: an invisible lower line (mean - std) and, stacked on it, a filled 2·std.
        series.push({ type: 'line', name: key, data: rows.map((r) => [r.budget, r.bestReport!.mean - r.bestReport!.std]), stack, lineStyle: { opacity: 0 }, symbol: 'none', silent: true, tooltip: { show: false } });
        series.push({ type: 'line', name: key, data: rows.map((r) => [r.budget, 2 * r.bestReport!.std]), stack, lineStyle: { opacity: 0 }, symbol: 'none', areaStyle: { color: colour, opacity: 0.18 }, silent: true, tooltip: { show: false } });
        series.push({ type: 'line', name: key, data: rows.map((r) => [r.budget, r.bestReport!.mean, r.bestReport!.std, r.feasible]), itemStyle: { color: colour }, symbolSize: 6 });
    });
    return {
        ...base(t, { legend: true, title: 'Best found (report) against total budget, mean ± std over seeds' }),
        grid: { left: 56, right: 24, top: 56, bottom: 40 },
        xAxis: axis(t, 'total budget (queries, shrinkage included)', { type: 'value' }),
        yAxis: axis(t, metricLabel('bestReport')),
        series,
        tooltip: {
            ...(base(t).tooltip as Option),
            trigger: 'item',
            formatter: (p: { seriesName: string; data: number[] }) => `${p.seriesName}\nbudget ${fmtInt(p.data[0])}: ${fmtMeanStd(p.data[1], p.data[2])} (${p.data[3]} feasible seeds)`,
        },
    };
}

function drawStudy(root: HTMLElement, title: string, study: StudyData): void {
    root.append(el('h2', { text: title }), el('p', { className: 'muted', text: `${study.file} · seeds ${study.seeds.join(', ')} · policies ${study.policies.join(', ')}${study.searches.length ? ` · searches ${study.searches.join(', ')}` : ''}` }));
    if (study.search.length > 0) new Chart(chartBox(root, 'chart chart-tall'), (t) => budgetOption(t, study));
    const samples = shrinkSamples(study);
    root.append(el('h3', { text: 'Shrinkage metrics over seeds, per policy' }));
    const grid = el('div', { className: 'chart-grid' });
    root.append(grid);
    for (const metric of samples.metrics) new Chart(chartBox(grid, 'chart chart-small'), (t) => boxStripOption(t, metricLabel(metric), samples.groups, samples.values.get(metric)!, metricDigits(metric)));
    // The aggregate table, the numbers the report prints (mean ± std).
    const metrics = [...new Set(study.shrink.flatMap((r) => Object.keys(r.stats)))];
    const head = el('tr', {}, el('th', { text: 'policy' }), el('th', { text: 'dataset' }), ...metrics.map((m) => el('th', { text: metricLabel(m) })));
    const rows = study.shrink.map((r) => el('tr', {}, el('td', { text: r.policy }), el('td', { text: r.dataset }), ...metrics.map((m) => el('td', { className: 'num', text: fmtMeanStd(r.stats[m]?.mean, r.stats[m]?.std, metricDigits(m)) }))));
    root.append(el('table', { className: 'data' }, el('thead', {}, head), el('tbody', {}, ...rows)));
}

function drawCompare(root: HTMLElement, title: string, runs: Array<{ label: string; result: CompareResultData }>): void {
    root.append(el('h2', { text: title }));
    const shrinks = runs.filter((r) => r.result.history && r.result.history.length > 0);
    const searches = runs.filter((r) => r.result.trajectory);
    if (shrinks.length > 0) {
        new Chart(chartBox(root), (t) => ({
            ...base(t, { legend: true, title: 'Sample best (solid) and mean (dashed) per iteration' }),
            xAxis: axis(t, 'iteration', { type: 'value', minInterval: 1 }),
            yAxis: axis(t, 'search metric'),
            series: shrinks.flatMap((r, i) => [
                { type: 'line', name: r.label, data: r.result.history!.map((h) => [h.iteration, h.sampleBest]), itemStyle: { color: t.palette[i % t.palette.length] } },
                { type: 'line', name: r.label, data: r.result.history!.map((h) => [h.iteration, h.sampleMean]), lineStyle: { type: 'dashed' }, itemStyle: { color: t.palette[i % t.palette.length] } },
            ]),
            tooltip: { ...(base(t).tooltip as Option), trigger: 'axis' },
        }));
        new Chart(chartBox(root), (t) => ({
            ...base(t, { legend: true, title: 'Space size (log10) per iteration' }),
            xAxis: axis(t, 'iteration', { type: 'value', minInterval: 1 }),
            yAxis: axis(t, 'log10 size', { min: 0 }),
            series: shrinks.map((r, i) => ({ type: 'line', name: r.label, data: r.result.history!.map((h) => [h.iteration, h.sizeLog10]), itemStyle: { color: t.palette[i % t.palette.length] } })),
            tooltip: { ...(base(t).tooltip as Option), trigger: 'axis' },
        }));
    }
    if (searches.length > 0) {
        new Chart(chartBox(root), (t) => ({
            ...base(t, { legend: true, title: 'Best so far (report) against queries' }),
            xAxis: axis(t, 'search queries', { type: 'value', min: 0 }),
            yAxis: axis(t, 'report of the best so far'),
            dataZoom: [{ type: 'inside' }],
            series: searches.map((r, i) => ({ type: 'line', name: r.label, step: 'end', showSymbol: false, data: r.result.trajectory!.map((v, q) => [q + 1, v]), itemStyle: { color: t.palette[i % t.palette.length] } })),
            tooltip: { ...(base(t).tooltip as Option), trigger: 'axis' },
        }));
    }
    const metricKeys = [...new Set(runs.flatMap((r) => Object.keys(r.result.metrics ?? {})))];
    const head = el('tr', {}, ...['run', 'command', 'seed', 'queries', 'best metric', 'best report', metricLabel('sizeLog10'), ...metricKeys.map(metricLabel)].map((c) => el('th', { text: c })));
    const rows = runs.map(({ label, result: r }) =>
        el(
            'tr',
            {},
            ...[label, r.command, String(r.seed), fmtInt(r.queries + (r.shrinkQueries ?? 0)), fmt(r.best?.metric), fmt(r.best?.report), fmt(r.sizeLog10), ...metricKeys.map((m) => fmt(r.metrics?.[m], metricDigits(m)))].map((c, i) => el('td', { className: i > 2 ? 'num' : '', text: c })),
        ),
    );
    root.append(el('h3', { text: 'Numbers' }), el('table', { className: 'data' }, el('thead', {}, head), el('tbody', {}, ...rows)));
}

export function startStudy(root: HTMLElement): void {
    root.append(el('p', { className: 'muted', text: 'Waiting for the study…' }));
    listen(ToStudyCheck, (message) => {
        clear(root);
        if (message.type === 'study/error') {
            root.append(el('p', { className: 'status error', text: message.message }));
            return;
        }
        if (message.type === 'study/data') {
            saveState({ view: 'study', dir: message.dir });
            drawStudy(root, message.title, message.study);
        } else {
            saveState({ view: 'compare', runDirs: message.runs.map((r) => r.runDir) });
            drawCompare(root, message.title, message.runs);
        }
    });
}
