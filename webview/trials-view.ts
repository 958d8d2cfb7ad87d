/**
 * The progress panel's Trials section: what each trial of a `command` evaluator reported so far (its
 * progress.jsonl, followed by the engine and sent as `trial` events): a chart of one field against the trial's
 * steps, one line per trial, the field picked in a select; and a table of the trials with their status, last
 * values and elapsed time. Hidden while the run has no trial events (table and neural evaluators have none).
 */
import { fmt } from '../engine/report/html.js';
import { axis, base, Chart, type Option } from './charts.js';
import { clear, el } from './dom.js';
import type { Theme } from './theme.js';
import { shortArch, wholeSteps, type TrialRow, type TrialsModel } from './trials-model.js';

/** Rows drawn in the table: the running trials come first, so they are never the ones cut. */
const MAX_TABLE_ROWS = 200;
/** Lines drawn in the chart: the running trials and the most recent finished ones. */
const MAX_CHART_LINES = 30;

export interface TrialsSection {
    element: HTMLElement;
    draw(model: TrialsModel, now: number, live: boolean): void;
}

export function trialsSection(onChange: () => void): TrialsSection {
    const summary = el('span', { className: 'trials-summary' });
    const select = el('select', { className: 'trials-field', title: 'the field the chart draws' });
    const chartEl = el('div', { className: 'chart' });
    const table = el('table', { className: 'data trials' });
    const element = el('section', { className: 'trials' }, el('h3', { text: 'Trials' }), el('div', { className: 'trials-bar' }, summary, el('label', { text: 'chart ' }, select)), chartEl, table);
    element.hidden = true;
    let chart: Chart | undefined;
    let chosen: string | undefined;
    select.addEventListener('change', () => {
        chosen = select.value;
        onChange();
    });

    const draw = (model: TrialsModel, now: number, live: boolean): void => {
        element.hidden = model.rows.size === 0;
        if (element.hidden) return;
        const counts = model.counts();
        summary.textContent = `${counts.running} running, ${counts.done} done, ${counts.failed} failed${counts.cancelled ? `, ${counts.cancelled} cancelled` : ''}`;
        const fields = model.fields();
        if (chosen === undefined || !fields.includes(chosen)) chosen = fields[0];
        if ([...select.options].map((o) => o.value).join('\n') !== fields.join('\n')) {
            clear(select);
            for (const f of fields) select.append(el('option', { text: f }));
        }
        if (chosen !== undefined) select.value = chosen;
        const rows = model.list();
        chartEl.hidden = chosen === undefined;
        if (chosen !== undefined) {
            chart ??= new Chart(chartEl, () => ({}));
            const field = chosen;
            chart.render((t) => trialChartOption(t, field, rows.slice(0, MAX_CHART_LINES)));
        }
        const valueFields = fields.filter((f) => f !== 'epoch').slice(0, 4);
        clear(table);
        table.append(
            el('thead', {}, el('tr', {}, ...['trial', 'architecture', 'status', 'step', ...valueFields, 'elapsed'].map((h) => el('th', { text: h })))),
            el('tbody', {}, ...rows.slice(0, MAX_TABLE_ROWS).map((row) => rowElement(row, valueFields, model.elapsed(row, now, live)))),
        );
    };
    return { element, draw };
}

function rowElement(row: TrialRow, fields: readonly string[], elapsed: number): HTMLElement {
    return el(
        'tr',
        { className: `trial-${row.status}` },
        el('td', { text: row.id }),
        el('td', { text: shortArch(row.arch), title: row.arch }),
        el('td', { text: row.status, title: row.error ?? '' }),
        el('td', { text: row.step === undefined ? '-' : String(row.step) }),
        ...fields.map((f) => el('td', { text: fmt(row.last[f]) })),
        el('td', { text: `${elapsed.toFixed(elapsed < 10 ? 1 : 0)} s` }),
    );
}

export function trialChartOption(t: Theme, field: string, rows: readonly TrialRow[]): Option {
    return {
        ...base(t, { legend: rows.length <= 12, title: `${field} per step` }),
        xAxis: axis(t, 'step', { type: 'value', ...(wholeSteps(rows, field) ? { minInterval: 1 } : {}) }),
        yAxis: axis(t, field),
        series: rows
            .filter((r) => r.series.has(field))
            .map((r) => ({ type: 'line', name: r.id, data: r.series.get(field), showSymbol: false, lineStyle: { width: r.status === 'running' ? 2 : 1, opacity: r.status === 'running' ? 1 : 0.6 } })),
        tooltip: { ...(base(t).tooltip as Option), trigger: 'axis' },
    };
}
