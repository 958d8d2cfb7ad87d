import { esc } from './html.js';

/**
 * Inline SVG line charts (no scripts, no external assets). Axis ticks are "nice" numbers; a `log10` axis takes
 * values that are already log10 (sizes of 10^300 do not fit a double otherwise) and labels ticks as powers of ten.
 */

export const PALETTE = ['#2f6fde', '#e0701f', '#1f9d55', '#c03a6b', '#7d55c7', '#8a7b12', '#158fa3', '#6b6f7a'];

export interface Series {
    name: string;
    points: Array<[number, number]>;
    color?: string;
    dashed?: boolean;
}

export interface ChartOptions {
    title: string;
    xLabel: string;
    yLabel: string;
    /** y values are log10 of the plotted quantity; ticks read 10^k. */
    log10?: boolean;
    width?: number;
    height?: number;
    /** Integer x ticks only (iterations, queries). */
    integerX?: boolean;
    /**
     * Vertical lines at given x values (the budget, the end of the shrinkage, the chosen iteration), each labelled
     * above the plot. The x axis always reaches every marker, so a budget the run did not spend stays visible.
     */
    markers?: ChartMarker[];
}

export interface ChartMarker {
    x: number;
    label: string;
    /** `budget` is drawn in the warning colour; the others in the text colour. */
    kind: 'budget' | 'stop' | 'phase' | 'chosen';
}

/** Round-numbered ticks whose first and last enclose [min, max] (the axis spans exactly the ticks). */
export function niceTicks(min: number, max: number, count = 5, integer = false): number[] {
    if (!Number.isFinite(min) || !Number.isFinite(max)) return [];
    if (min === max) {
        const pad = Math.abs(min) > 0 ? Math.abs(min) * 0.05 : 1;
        min -= pad;
        max += pad;
    }
    const raw = (max - min) / Math.max(1, count);
    const mag = 10 ** Math.floor(Math.log10(raw));
    const norm = raw / mag;
    let step = (norm < 1.5 ? 1 : norm < 3 ? 2 : norm < 7 ? 5 : 10) * mag;
    if (integer) step = Math.max(1, Math.round(step));
    const first = Math.floor(min / step + 1e-9);
    const last = Math.ceil(max / step - 1e-9);
    const ticks: number[] = [];
    for (let i = first; i <= last; i++) ticks.push(Number((i * step).toPrecision(12)));
    return ticks;
}

const SUPERSCRIPT: Record<string, string> = { '-': '⁻', '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹' };

/** 10 to an integer power, written 10³ (values up to 10^6 written out: 1,000,000 reads faster). */
export function powerOfTen(k: number): string {
    if (k >= 0 && k <= 6) return (10 ** k).toLocaleString('en-US');
    return '10' + String(k).split('').map((c) => SUPERSCRIPT[c] ?? c).join('');
}

function tickLabel(v: number, log10: boolean): string {
    if (log10) {
        if (Number.isInteger(v)) return powerOfTen(v);
        return v <= 6 ? Math.round(10 ** v).toLocaleString('en-US') : `10^${v.toFixed(1)}`;
    }
    if (Math.abs(v) >= 1e5) return v.toExponential(1);
    return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(4)));
}

export function lineChart(series: readonly Series[], options: ChartOptions): string {
    const width = options.width ?? 520;
    const height = options.height ?? 290;
    const markers = (options.markers ?? []).filter((k) => Number.isFinite(k.x)).sort((a, b) => a.x - b.x);
    const all = series.flatMap((s) => s.points).filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
    const colored = series.map((s, i) => ({ ...s, color: s.color ?? PALETTE[i % PALETTE.length] }));
    const legend = `<div class="legend">${colored.map((s) => `<span style="--c:${esc(s.color)}">${esc(s.name)}</span>`).join('')}</div>`;
    if (all.length === 0) {
        return `<figure><figcaption>${esc(options.title)}</figcaption><p class="sub">no data</p></figure>`;
    }
    const xs = [...all.map((p) => p[0]), ...markers.map((k) => k.x)];
    const ys = all.map((p) => p[1]);
    const xTicks = niceTicks(Math.min(...xs), Math.max(...xs), 6, options.integerX);
    const yTicks = niceTicks(Math.min(...ys), Math.max(...ys), 5, options.log10 && Math.max(...ys) - Math.min(...ys) >= 3);
    const x0 = xTicks[0];
    const x1 = xTicks[xTicks.length - 1];
    // Marker labels sit in rows above the plot; a label moves to the next row when it would overlap the last one.
    const rowEnds: number[] = [];
    const approx = (label: string): number => label.length * 5.6 + 6;
    const xAt = (x: number, left: number, pw: number): number => left + (x1 === x0 ? pw / 2 : ((x - x0) / (x1 - x0)) * pw);
    const placed = markers.map((k) => {
        const px = xAt(k.x, 58, width - 58 - 14);
        const w = approx(k.label);
        // Labels in the right half end at their line, the others start there.
        const anchorEnd = px > 58 + (width - 72) / 2;
        const from = anchorEnd ? px - w : px;
        let row = rowEnds.findIndex((end) => end < from);
        if (row < 0) row = rowEnds.length;
        rowEnds[row] = from + w;
        return { ...k, row, anchorEnd };
    });
    const m = { left: 58, right: 14, top: 14 + rowEnds.length * 13, bottom: 44 };
    const pw = width - m.left - m.right;
    const ph = height - m.top - m.bottom;
    const y0 = yTicks[0];
    const y1 = yTicks[yTicks.length - 1];
    const sx = (x: number): number => xAt(x, m.left, pw);
    const sy = (y: number): number => m.top + ph - (y1 === y0 ? ph / 2 : ((y - y0) / (y1 - y0)) * ph);
    const parts: string[] = [];
    for (const t of yTicks) {
        parts.push(`<line class="grid" x1="${m.left}" x2="${m.left + pw}" y1="${sy(t).toFixed(1)}" y2="${sy(t).toFixed(1)}"/>`);
        parts.push(`<text x="${m.left - 6}" y="${(sy(t) + 4).toFixed(1)}" text-anchor="end">${esc(tickLabel(t, Boolean(options.log10)))}</text>`);
    }
    for (const t of xTicks) {
        parts.push(`<line class="axis" x1="${sx(t).toFixed(1)}" x2="${sx(t).toFixed(1)}" y1="${m.top + ph}" y2="${m.top + ph + 4}"/>`);
        parts.push(`<text x="${sx(t).toFixed(1)}" y="${m.top + ph + 16}" text-anchor="middle">${esc(tickLabel(t, false))}</text>`);
    }
    parts.push(`<line class="axis" x1="${m.left}" x2="${m.left + pw}" y1="${m.top + ph}" y2="${m.top + ph}"/>`);
    parts.push(`<line class="axis" x1="${m.left}" x2="${m.left}" y1="${m.top}" y2="${m.top + ph}"/>`);
    parts.push(`<text x="${m.left + pw / 2}" y="${height - 6}" text-anchor="middle">${esc(options.xLabel)}</text>`);
    parts.push(`<text transform="translate(13 ${m.top + ph / 2}) rotate(-90)" text-anchor="middle">${esc(options.yLabel)}</text>`);
    for (const s of colored) {
        const pts = s.points.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
        if (pts.length === 0) continue;
        const d = pts.map(([x, y], i) => `${i === 0 ? 'M' : 'L'}${sx(x).toFixed(1)},${sy(y).toFixed(1)}`).join(' ');
        parts.push(`<path d="${d}" fill="none" stroke="${esc(s.color)}" stroke-width="2"${s.dashed ? ' stroke-dasharray="5 4"' : ''}/>`);
        if (pts.length <= 40) {
            for (const [x, y] of pts) {
                parts.push(`<circle cx="${sx(x).toFixed(1)}" cy="${sy(y).toFixed(1)}" r="3" fill="${esc(s.color)}"><title>${esc(`${s.name}: ${tickLabel(x, false)}, ${options.log10 ? `10^${y.toFixed(2)}` : String(Number(y.toFixed(3)))}`)}</title></circle>`);
            }
        }
    }
    for (const k of placed) {
        const x = sx(k.x).toFixed(1);
        parts.push(`<line class="marker marker-${k.kind}" data-x="${k.x}" x1="${x}" x2="${x}" y1="${m.top - 2}" y2="${m.top + ph}"/>`);
        const ty = 11 + k.row * 13;
        parts.push(`<text class="marker-label" x="${(sx(k.x) + (k.anchorEnd ? -3 : 3)).toFixed(1)}" y="${ty}" text-anchor="${k.anchorEnd ? 'end' : 'start'}">${esc(k.label)}</text>`);
    }
    const svg = `<svg viewBox="0 0 ${width} ${height}" role="img" aria-label="${esc(options.title)}">${parts.join('')}</svg>`;
    return `<figure><figcaption>${esc(options.title)}</figcaption>${svg}${legend}</figure>`;
}
