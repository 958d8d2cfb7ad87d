/**
 * The progress panel: per-iteration distribution of the sampled metric (box + strip), best and mean curves,
 * space size (log10) per iteration, queries against the budget, evaluations per second, ETA, failures, a log
 * pane; for searches, the best-so-far against queries; for `command` evaluators, the Trials section (trials-view.ts). Live events arrive in batches; drawing is throttled to
 * one frame.
 */
import { fmt, fmtInt } from '../engine/report/html.js';
import { ToProgressCheck, type ProgressInit, type RunStateName } from '../protocol/webview.js';
import { listen, post, saveState } from './bridge.js';
import { axis, base, boxOf, Chart, jitter, type Option } from './charts.js';
import { button, clear, el } from './dom.js';
import { ProgressModel } from './progress-model.js';
import type { Theme } from './theme.js';
import { TrialsModel } from './trials-model.js';
import { trialsSection } from './trials-view.js';

interface Run {
    init: ProgressInit;
    model: ProgressModel;
    trials: TrialsModel;
    state: RunStateName;
    live: boolean;
    ended?: number;
}

function duration(seconds: number): string {
    if (!Number.isFinite(seconds)) return 'n/a';
    if (seconds < 90) return `${Math.round(seconds)} s`;
    if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
    return `${(seconds / 3600).toFixed(1)} h`;
}

export function startProgress(root: HTMLElement): void {
    const header = el('div', { className: 'header' });
    const cards = el('div', { className: 'cards' });
    const bar = el('div', { className: 'bar' }, el('div', { className: 'bar-fill' }));
    const distEl = el('div', { className: 'chart chart-tall' });
    const sizeEl = el('div', { className: 'chart' });
    const logEl = el('div', { className: 'log', title: 'log' });
    const trials = trialsSection(() => schedule());
    root.append(header, cards, bar, distEl, sizeEl, trials.element, el('h3', { text: 'Log' }), logEl);
    let run: Run | undefined;
    let dist: Chart | undefined;
    let size: Chart | undefined;
    let scheduled = false;
    let logShown = 0;

    const draw = () => {
        scheduled = false;
        if (!run) return;
        const { model, init } = run;
        const now = Date.now();
        const live = run.live && (run.state === 'running' || run.state === 'starting');
        clear(header);
        header.append(
            el('h2', { text: `${model.name || init.name} · ${model.command}` }),
            el('span', { className: `state state-${run.state}`, text: run.state }),
            el('span', { className: 'path', text: init.runDir, title: init.runDir }),
        );
        if (run.state === 'finished' && model.command !== 'study') header.append(button('Pockets', 'graph-scatter', () => post({ type: 'open', view: 'pockets', runDir: init.runDir })));
        const q = model.queries();
        const rate = model.rate(now, live, init.started, run.ended);
        const eta = model.eta(rate);
        clear(cards);
        const card = (label: string, value: string, warn = false) => cards.append(el('div', { className: warn ? 'card warn' : 'card' }, el('div', { className: 'card-label', text: label }), el('div', { className: 'card-value', text: value })));
        card(model.command === 'study' ? 'cells' : 'queries', q.total !== undefined ? `${fmtInt(q.done)} / ${fmtInt(q.total)}` : fmtInt(q.done));
        card('evaluations / s', rate === undefined ? 'n/a' : rate >= 100 ? fmtInt(Math.round(rate)) : rate.toFixed(1));
        card('ETA', eta === undefined ? (model.finished ? 'done' : 'n/a') : duration(eta));
        card('failed evaluations', fmtInt(model.failed), model.failed > 0);
        card('best metric', fmt(model.best));
        if (model.iterations.length > 0) card('iterations', String(model.iterations.length));
        const fill = bar.firstElementChild as HTMLElement;
        // CSSOM, not a style attribute: allowed under the CSP without 'unsafe-inline'.
        fill.style.width = q.total ? `${Math.min(100, (100 * q.done) / q.total).toFixed(1)}%` : model.finished ? '100%' : '0%';
        // A search (also one inside a shrunk space) shows best-so-far against queries; a shrinkage, its iterations.
        const shrinkLike = model.command === 'shrink' || (model.command !== 'search' && model.iterations.length > 0);
        if (model.command !== 'study') {
            dist ??= new Chart(distEl, () => ({}));
            dist.render((t) => (shrinkLike ? distributionOption(t, model) : searchOption(t, model)));
        }
        distEl.hidden = model.command === 'study';
        sizeEl.hidden = model.iterations.length === 0;
        if (!sizeEl.hidden) {
            size ??= new Chart(sizeEl, () => ({}));
            size.render((t) => sizeOption(t, model));
        }
        trials.draw(run.trials, now, live);
        for (; logShown < model.logs.length; logShown++) {
            const line = model.logs[logShown];
            logEl.append(el('div', { className: `log-${line.level}`, text: line.message }));
        }
        logEl.scrollTop = logEl.scrollHeight;
    };
    const schedule = () => {
        if (scheduled) return;
        scheduled = true;
        requestAnimationFrame(draw);
    };
    // ETA and rate move with the clock while live.
    setInterval(() => run?.live && schedule(), 1000);

    listen(ToProgressCheck, (message) => {
        if (message.type === 'progress/init') {
            const model = new ProgressModel(message.budget);
            model.add(message.events, Date.now(), false);
            const trialRows = new TrialsModel();
            trialRows.add(message.events, Date.now());
            run = { init: message, model, trials: trialRows, state: message.state, live: message.live, ended: message.ended };
            logShown = 0;
            clear(logEl);
            saveState({ view: 'progress', runDir: message.runDir });
        } else {
            if (!run || run.init.runDir !== message.runDir) return;
            run.model.add(message.events, Date.now(), true);
            run.trials.add(message.events, Date.now());
            run.state = message.state;
            run.ended = message.ended;
            run.live = message.state === 'running' || message.state === 'starting';
        }
        schedule();
    });
}

function distributionOption(t: Theme, model: ProgressModel): Option {
    const groups = model.groups();
    const cats = groups.map((g) => String(g.iteration));
    const strip = groups.flatMap((g, i) => g.metrics.map((m, j) => [i + jitter(j), m]));
    return {
        ...base(t, { legend: true, title: 'Sampled metric per iteration' }),
        // A second numeric x axis on the same grid carries the jittered strip (category axes cannot jitter).
        xAxis: [axis(t, 'iteration', { type: 'category', data: cats, scale: false }), { type: 'value', min: -0.5, max: Math.max(0.5, groups.length - 0.5), show: false }],
        yAxis: axis(t, 'search metric'),
        series: [
            { type: 'boxplot', name: 'distribution', data: groups.map((g) => boxOf(g.metrics) ?? []), itemStyle: { color: 'transparent', borderColor: t.muted } },
            { type: 'scatter', name: 'evaluations', xAxisIndex: 1, data: strip, symbolSize: 4, itemStyle: { color: t.palette[0], opacity: 0.45 }, large: true },
            // The open group (no iteration event yet) has no reported best/mean: computed from its evaluations so far.
            { type: 'line', name: 'best', data: groups.map((g) => g.sampleBest ?? (g.metrics.length ? g.metrics.reduce((a, b) => Math.max(a, b)) : null)), itemStyle: { color: t.palette[2] } },
            { type: 'line', name: 'mean', data: groups.map((g) => g.sampleMean ?? (g.metrics.length ? g.metrics.reduce((a, b) => a + b, 0) / g.metrics.length : null)), lineStyle: { type: 'dashed' }, itemStyle: { color: t.palette[1] } },
        ],
        tooltip: { ...(base(t).tooltip as Option), trigger: 'item' },
    };
}

function searchOption(t: Theme, model: ProgressModel): Option {
    const q = model.queries();
    return {
        ...base(t, { legend: true, title: 'Best so far against queries' }),
        xAxis: axis(t, 'queries', { type: 'value', min: 0, max: q.total, scale: false }),
        yAxis: axis(t, 'search metric'),
        dataZoom: [{ type: 'inside' }],
        series: [
            { type: 'scatter', name: 'evaluations', data: model.points, symbolSize: 3, itemStyle: { color: t.palette[0], opacity: 0.35 }, large: true },
            { type: 'line', name: 'best so far', data: model.bestSoFar, step: 'end', showSymbol: false, itemStyle: { color: t.palette[2] } },
        ],
        tooltip: { ...(base(t).tooltip as Option), trigger: 'axis' },
    };
}

function sizeOption(t: Theme, model: ProgressModel): Option {
    return {
        ...base(t, { title: 'Space size (log10) sampled per iteration' }),
        xAxis: axis(t, 'iteration', { type: 'category', data: model.iterations.map((g) => String(g.iteration)), scale: false }),
        yAxis: axis(t, 'log10 size', { min: 0 }),
        series: [{ type: 'line', name: 'log10 size', data: model.iterations.map((g) => g.sizeLog10 ?? null), itemStyle: { color: t.palette[3] } }],
        tooltip: { ...(base(t).tooltip as Option), trigger: 'axis' },
    };
}
