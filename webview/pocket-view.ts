/**
 * The pocket view: every evaluated architecture on the run's 2-D map (ECharts scatter on a canvas), coloured by
 * metric; members of the shrunk space and dropped ones apart (full vs faint, smaller); each pocket's members
 * ringed in the pocket's colour; the best pinned. Hover: architecture and metrics. Click: a side pane draws the
 * architecture with its numbers and actions. Below: the pockets table and a virtualised table of architectures.
 */
import { fmt, NA } from '../engine/report/html.js';
import type { MapPoint, PocketMap } from '../protocol/pocket-map.js';
import { ToPocketsCheck } from '../protocol/webview.js';
import { listen, post, saveState } from './bridge.js';
import { axis, base, Chart, type Option } from './charts.js';
import { drawArchitecture } from './dag.js';
import { button, clear, el } from './dom.js';
import type { Theme } from './theme.js';
import { VirtualTable } from './virtual-table.js';

interface State {
    runDir: string;
    map: PocketMap;
    selected?: MapPoint;
}

/** `metric (c10_val_naslib)`: the evaluator's column names are shown as written (they are what the .nas file says). */
function label(map: PocketMap, which: 'metric' | 'report'): string {
    const name = which === 'metric' ? map.metricName : map.reportName;
    return name ? `${which} (${name})` : which;
}

/** Series data rows: [x, y, metric, index into map.points]. */
type Row = [number, number, number | null, number];

export function mapOption(t: Theme, map: PocketMap): Option {
    const rows = (filter: (p: MapPoint) => boolean): Row[] => map.points.flatMap((p, i) => (filter(p) ? [[p.x, p.y, p.metric ?? null, i] as Row] : []));
    const metrics = map.points.map((p) => p.metric).filter((m): m is number => m !== undefined);
    // reduce, not Math.min(...xs): spreading a very large map would exceed the argument limit.
    const min = metrics.length ? metrics.reduce((a, b) => Math.min(a, b)) : 0;
    const max = metrics.length ? metrics.reduce((a, b) => Math.max(a, b)) : 1;
    const pocketColour = (k: number) => t.palette[k % t.palette.length];
    const pocketSeries = map.pockets.map((_pocket, k) => ({
        type: 'scatter',
        name: `pocket ${k + 1}`,
        data: rows((p) => p.member && p.pocket === k && p.metric !== undefined),
        symbolSize: 8,
        itemStyle: { borderColor: pocketColour(k), borderWidth: 2, opacity: 0.95 },
    }));
    const best = map.bestKey ? map.points.findIndex((p) => p.key === map.bestKey) : -1;
    const series: Option[] = [
        // Dropped first (drawn under the members), faint and small; `large` keeps thousands cheap.
        { type: 'scatter', name: 'dropped', data: rows((p) => !p.member && p.metric !== undefined), symbolSize: 5, itemStyle: { opacity: 0.35 }, large: true, largeThreshold: 2000 },
        { type: 'scatter', name: 'members', data: rows((p) => p.member && p.pocket === undefined && p.metric !== undefined), symbolSize: 8, itemStyle: { opacity: 0.95, borderColor: t.foreground, borderWidth: 1 } },
        ...pocketSeries,
        { type: 'scatter', name: 'failed', data: rows((p) => p.metric === undefined), symbol: 'triangle', symbolSize: 7, itemStyle: { color: t.error, opacity: 0.7 } },
    ];
    const colourSeries = series.map((_, i) => i).filter((i) => series[i].name !== 'failed');
    if (best >= 0) {
        const p = map.points[best];
        series.push({ type: 'scatter', name: 'best', data: [[p.x, p.y, p.metric ?? null, best]], symbol: 'pin', symbolSize: 34, symbolOffset: [0, '-40%'], itemStyle: { color: t.palette[4] }, z: 10 });
    }
    return {
        ...base(t),
        legend: { top: 0, right: 0, type: 'scroll', textStyle: { color: t.foreground }, data: series.map((x) => x.name) },
        grid: { left: 40, right: 90, top: 36, bottom: 30 },
        xAxis: axis(t, `MDS 1 (${(100 * map.embedding.explained).toFixed(0)} % of the distance variance on both axes)`, { type: 'value' }),
        yAxis: axis(t, 'MDS 2', { type: 'value', nameGap: 24 }),
        dataZoom: [{ type: 'inside', xAxisIndex: 0 }, { type: 'inside', yAxisIndex: 0 }],
        visualMap: {
            type: 'continuous',
            min,
            max,
            dimension: 2,
            seriesIndex: colourSeries,
            right: 0,
            top: 'middle',
            calculable: true,
            // The handles show the range's ends (no `text`: it would print them a second time over the handles).
            formatter: (value: number) => fmt(value),
            textStyle: { color: t.foreground },
            inRange: { color: ['#3b4cc0', '#8db0fe', '#dddddd', '#f49a7b', '#b40426'] },
        },
        series,
        tooltip: {
            ...(base(t).tooltip as Option),
            trigger: 'item',
            formatter: (params: { data?: Row }) => {
                const p = params.data ? map.points[params.data[3]] : undefined;
                if (!p) return '';
                const where = p.member ? (p.pocket !== undefined ? `member of pocket ${p.pocket + 1}` : 'member') : 'dropped (not in the shrunk space)';
                return [p.arch, p.error ? `failed: ${p.error}` : `${label(map, 'metric')}: ${fmt(p.metric)}   ${label(map, 'report')}: ${fmt(p.report)}`, `${where}${p.iteration !== undefined ? ` · first evaluated in iteration ${p.iteration}` : ''}`].join('\n');
            },
        },
    };
}

export function startPockets(root: HTMLElement): void {
    const status = el('div', { className: 'status', text: 'Waiting for the map…' });
    const chartEl = el('div', { className: 'chart chart-map' });
    // The selection ring is a DOM element over the canvas, moved through the CSSOM: selecting a point costs no
    // chart update (an ECharts option change re-processes all 5,000 points, ~150 ms here).
    const ring = el('div', { className: 'ring' });
    ring.hidden = true;
    const chartWrap = el('div', { className: 'chart-wrap' }, chartEl, ring);
    const side = el('aside', { className: 'side' }, el('p', { className: 'muted', text: 'Click a point to draw its architecture.' }));
    const top = el('div', { className: 'map-row' }, chartWrap, side);
    const pocketsBox = el('div', { className: 'pockets-table' });
    const filter = document.createElement('vscode-textfield');
    filter.setAttribute('placeholder', 'Filter architectures (text of the architecture, "member", "dropped", "pocket 2")');
    const countLine = el('span', { className: 'muted' });
    const tabs = document.createElement('vscode-tabs');
    const tab = (title: string) => {
        const h = document.createElement('vscode-tab-header');
        h.setAttribute('slot', 'header');
        h.textContent = title;
        return h;
    };
    const panel = (...children: Node[]) => {
        const p = document.createElement('vscode-tab-panel');
        p.append(...children);
        return p;
    };
    let state: State | undefined;
    let chart: Chart | undefined;
    const table = new VirtualTable<MapPoint>(
        [
            { title: 'architecture', value: (p) => p.arch },
            { title: 'metric', value: (p) => p.metric, format: (p) => fmt(p.metric), numeric: true },
            { title: 'report', value: (p) => p.report, format: (p) => fmt(p.report), numeric: true },
            { title: 'member', value: (p) => (p.member ? 'yes' : 'no') },
            { title: 'pocket', value: (p) => (p.pocket === undefined ? undefined : p.pocket + 1), format: (p) => (p.pocket === undefined ? '' : String(p.pocket + 1)), numeric: true },
            { title: 'iteration', value: (p) => p.iteration, format: (p) => (p.iteration === undefined ? '' : String(p.iteration)), numeric: true },
        ],
        (p, f) => p.arch.toLowerCase().includes(f) || (f === 'member' && p.member) || (f === 'dropped' && !p.member) || (p.pocket !== undefined && f === `pocket ${p.pocket + 1}`),
        (p) => select(p, false),
    );
    filter.addEventListener('input', () => {
        table.setFilter((filter as unknown as { value: string }).value ?? '');
        countLine.textContent = `${table.count} shown`;
    });
    tabs.append(tab('Architectures'), panel(el('div', { className: 'toolbar' }, filter, countLine), table.element), tab('Pockets'), panel(pocketsBox));
    root.append(status, top, tabs);

    const select = (p: MapPoint, reveal: boolean) => {
        if (!state) return;
        state.selected = p;
        placeRing();
        if (reveal) table.reveal(p);
        drawSide(p);
    };

    const placeRing = () => {
        const p = state?.selected;
        if (!chart || !p) {
            ring.hidden = true;
            return;
        }
        const [px, py] = chart.instance.convertToPixel({ xAxisIndex: 0, yAxisIndex: 0 }, [p.x, p.y]) as number[];
        ring.hidden = !chart.instance.containPixel('grid', [px, py]);
        ring.style.transform = `translate(${px - 10}px, ${py - 10}px)`;
    };

    const drawSide = (p: MapPoint) => {
        if (!state) return;
        const map = state.map;
        clear(side);
        const facts = el(
            'dl',
            { className: 'facts' },
            el('dt', { text: label(map, 'metric') }),
            el('dd', { text: fmt(p.metric) }),
            el('dt', { text: label(map, 'report') }),
            el('dd', { text: fmt(p.report) }),
            el('dt', { text: 'in shrunk space' }),
            el('dd', { text: p.member ? `yes${p.pocket !== undefined ? `, pocket ${p.pocket + 1}` : ''}` : 'no (dropped)' }),
            el('dt', { text: 'first evaluated' }),
            el('dd', { text: p.iteration !== undefined ? `${map.command === 'search' ? 'query' : 'iteration'} ${p.iteration}` : NA }),
        );
        if (p.error) facts.append(el('dt', { text: 'error' }), el('dd', { className: 'error', text: p.error }));
        const actions = el(
            'div',
            { className: 'actions' },
            button('Copy', 'copy', () => post({ type: 'copy', text: p.arch, what: 'the architecture string' })),
            button('JSON', 'json', () => post({ type: 'copy', text: JSON.stringify({ arch: p.arch, key: p.key, metric: p.metric, report: p.report, member: p.member, pocket: p.pocket }, null, 2), what: 'the architecture as JSON' })),
            button('Reveal', 'list-selection', () => {
                (tabs as unknown as { selectedIndex: number }).selectedIndex = 0;
                table.reveal(p);
            }),
            button('Search from here', 'search', () => post({ type: 'searchFrom', runDir: state!.runDir, key: p.key, arch: p.arch })),
        );
        side.append(el('h3', { text: map.bestKey === p.key ? 'Best architecture' : 'Architecture' }), el('code', { className: 'arch', text: p.arch }), facts, actions, drawArchitecture(p.drawing));
    };

    const drawPockets = (map: PocketMap) => {
        clear(pocketsBox);
        const head = el('tr', {}, ...['#', 'seed', 'members', 'radius', `best ${map.metricName ?? 'metric'}`, `mean ${map.metricName ?? 'metric'}`].map((c) => el('th', { text: c })));
        const rows = map.pockets.map((pk, k) => {
            const tr = el('tr', { className: 'clickable' }, ...[String(k + 1), pk.seed, String(pk.members), String(pk.radius), fmt(pk.bestMetric), fmt(pk.meanMetric)].map((c) => el('td', { text: c })));
            tr.addEventListener('click', () => {
                const seed = map.points.find((p) => p.key === pk.seedKey);
                if (seed) select(seed, false);
            });
            return tr;
        });
        pocketsBox.append(map.pockets.length ? el('table', { className: 'data' }, el('thead', {}, head), el('tbody', {}, ...rows)) : el('p', { className: 'muted', text: 'This run has no pockets (a search, or nothing kept).' }));
    };

    listen(ToPocketsCheck, (message) => {
        saveState({ view: 'pockets', runDir: message.runDir });
        if (message.type !== 'pockets/map') {
            status.textContent = message.message;
            status.classList.toggle('error', message.type === 'pockets/error');
            return;
        }
        const map = message.map;
        state = { runDir: message.runDir, map };
        const members = map.points.filter((p) => p.member).length;
        status.classList.remove('error');
        status.textContent = `${map.command} ${map.name} in ${map.space}: ${map.points.length} evaluated architectures, ${members} in the shrunk space, ${map.pockets.length} pockets · embedding ${map.embedding.method} (${map.embedding.landmarks} landmarks)`;
        chart ??= new Chart(chartEl, () => ({}));
        chart.instance.off('click');
        chart.instance.on('click', (params: { data?: unknown }) => {
            const row = params.data as Row | undefined;
            const p = row ? map.points[row[3]] : undefined;
            if (p) select(p, true);
        });
        chart.render((t) => mapOption(t, map));
        // Zooming, resizing and theme changes move the points: the ring follows after each render.
        chart.instance.off('finished');
        chart.instance.on('finished', placeRing);
        table.setRows(map.points);
        countLine.textContent = `${table.count} shown`;
        drawPockets(map);
        const best = map.points.find((p) => p.key === map.bestKey);
        if (best) drawSide(best);
    });
}
