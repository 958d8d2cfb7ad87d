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
    /** A shaded band around the line, [x, low, high] per x (an interval over seeds); its caption says which. */
    band?: Array<[number, number, number]>;
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
    /**
     * A self-contained SVG document (for a Markdown page: `![..](chart.svg)`) instead of an HTML figure: the title
     * and legend drawn inside the SVG, its own style (no page CSS), a white background, and `comment` as an XML
     * comment right after the opening tag (e.g. which command generated it).
     */
    standalone?: { comment?: string };
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
    const bandPoints = series.flatMap((s) => (s.band ?? []).flatMap(([x, lo, hi]): Array<[number, number]> => [[x, lo], [x, hi]]));
    const all = [...series.flatMap((s) => s.points), ...bandPoints].filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
    const colored = series.map((s, i) => ({ ...s, color: s.color ?? PALETTE[i % PALETTE.length] }));
    const legend = `<div class="legend">${colored.map((s) => `<span style="--c:${esc(s.color)}">${esc(s.name)}</span>`).join('')}</div>`;
    if (all.length === 0) {
        if (options.standalone) return standaloneSvg(width, 60, [`<text x="10" y="36">${esc(options.title)}: no data</text>`], options.standalone.comment);
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
    // Standalone: the title above the plot and the legend (in rows) below it, inside the SVG.
    const legendRows = options.standalone ? legendLayout(colored.map((s) => s.name), width - 20) : [];
    const titleHeight = options.standalone ? 22 : 0;
    const legendHeight = legendRows.length * 16;
    const m = { left: 58, right: 14, top: 14 + titleHeight + rowEnds.length * 13, bottom: 44 + legendHeight };
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
    parts.push(`<text x="${m.left + pw / 2}" y="${height - legendHeight - 6}" text-anchor="middle">${esc(options.xLabel)}</text>`);
    parts.push(`<text transform="translate(13 ${m.top + ph / 2}) rotate(-90)" text-anchor="middle">${esc(options.yLabel)}</text>`);
    // Bands first, so that every line stays on top of every band.
    for (const s of colored) {
        const band = (s.band ?? []).filter(([x, lo, hi]) => [x, lo, hi].every(Number.isFinite)).sort((a, b) => a[0] - b[0]);
        if (band.length === 0) continue;
        const edge = [...band.map(([x, , hi]) => [x, hi]), ...band.reverse().map(([x, lo]) => [x, lo])];
        parts.push(`<polygon class="band" points="${edge.map(([x, y]) => `${sx(x).toFixed(1)},${sy(y).toFixed(1)}`).join(' ')}" fill="${esc(s.color)}" fill-opacity="0.15" stroke="none"/>`);
        // Whiskers too: a band of one point (the only budget a space fits in) has no area.
        for (const [x, lo, hi] of band) parts.push(`<line x1="${sx(x).toFixed(1)}" x2="${sx(x).toFixed(1)}" y1="${sy(lo).toFixed(1)}" y2="${sy(hi).toFixed(1)}" stroke="${esc(s.color)}" stroke-opacity="0.5"/>`);
    }
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
        parts.push(`<text class="marker-label" x="${(sx(k.x) + (k.anchorEnd ? -3 : 3)).toFixed(1)}" y="${ty + titleHeight}" text-anchor="${k.anchorEnd ? 'end' : 'start'}">${esc(k.label)}</text>`);
    }
    if (options.standalone) {
        parts.push(`<text class="title" x="10" y="16">${esc(options.title)}</text>`);
        const named = new Map(colored.map((s) => [s.name, s]));
        legendRows.forEach((row, r) => {
            const y = height - legendHeight + r * 16 + 4;
            for (const { name, x } of row) {
                const s = named.get(name)!;
                parts.push(`<line x1="${10 + x}" x2="${24 + x}" y1="${y - 4}" y2="${y - 4}" stroke="${esc(s.color)}" stroke-width="3"${s.dashed ? ' stroke-dasharray="5 4"' : ''}/>`);
                parts.push(`<text x="${29 + x}" y="${y}">${esc(name)}</text>`);
            }
        });
        return standaloneSvg(width, height, parts, options.standalone.comment);
    }
    const svg = `<svg viewBox="0 0 ${width} ${height}" role="img" aria-label="${esc(options.title)}">${parts.join('')}</svg>`;
    return `<figure><figcaption>${esc(options.title)}</figcaption>${svg}${legend}</figure>`;
}

/** Legend entries placed left to right, wrapping to a new row when the next would pass `width`. */
function legendLayout(names: readonly string[], width: number): Array<Array<{ name: string; x: number }>> {
    const rows: Array<Array<{ name: string; x: number }>> = [];
    let x = width;
    for (const name of names) {
        const w = 19 + name.length * 6.2 + 14;
        if (x + w > width) {
            rows.push([]);
            x = 0;
        }
        rows[rows.length - 1].push({ name, x });
        x += w;
    }
    return rows;
}

/** The page CSS that the chart's classes rely on, fixed to the light theme (an image has no page around it). */
const STANDALONE_STYLE =
    'text{fill:#5b6474;font:11px system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}text.title{fill:#1d2330;font-size:13px;font-weight:600}' +
    '.grid{stroke:#dde2ea;stroke-width:1}.axis{stroke:#5b6474;stroke-width:1}.marker{stroke:#1d2330;stroke-width:1.2;stroke-dasharray:4 3;opacity:.7}' +
    '.marker-budget{stroke:#c2410c;opacity:1}text.marker-label{fill:#1d2330;font-size:10.5px}';

function standaloneSvg(width: number, height: number, parts: readonly string[], comment?: string): string {
    const note = comment ? `<!-- ${comment.replace(/--/g, '- -')} -->` : '';
    return (
        `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}">${note}` +
        `<style>${STANDALONE_STYLE}</style><rect width="100%" height="100%" fill="#ffffff"/>${parts.join('')}</svg>\n`
    );
}
