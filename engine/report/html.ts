/**
 * HTML building blocks for the self-contained report: escaping, tables, the page shell with its strict CSP.
 * Everything a report shows passes through `esc` (names and arch strings come from user files).
 */

export function esc(text: unknown): string {
    return String(text)
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        .replace(/"/g, '&quot;')
        .replace(/'/g, '&#39;');
}

/**
 * The one marker for a value that is not there, in every table, card and Markdown file. A table that prints it
 * says what it means under itself (see `table`), so a reader never meets an unexplained mark.
 */
export const NA = 'n/a';

/** What `NA` means when a table does not say more. */
export const NA_DEFAULT = 'not measured for this row (no successful evaluation, or no report column)';

/** A number for people: fixed decimals, `NA` when missing. */
export function fmt(value: number | undefined, digits = 2): string {
    return value === undefined || !Number.isFinite(value) ? NA : value.toFixed(digits);
}

/** `mean ± std` for aggregates. */
export function fmtMeanStd(mean: number | undefined, std: number | undefined, digits = 2): string {
    if (mean === undefined || !Number.isFinite(mean)) return NA;
    return std === undefined || !Number.isFinite(std) ? mean.toFixed(digits) : `${mean.toFixed(digits)} ± ${std.toFixed(digits)}`;
}

/** Exact big integers with thin grouping: 15625 -> 15,625. */
export function fmtInt(digits: string | number | bigint): string {
    return String(digits).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

export interface Column<T> {
    title: string;
    cell: (row: T) => string;
    /** Numeric columns align right and use tabular figures. */
    numeric?: boolean;
    /** Cell already contains HTML (built from escaped parts). */
    html?: boolean;
}

/** Highlighted rows always come with the reason they are highlighted (shown under the table). */
export interface Highlight<T> {
    when: (row: T) => boolean;
    /** Why, in words: e.g. `best mean report in the column`. */
    reason: string;
}

export interface TableOptions<T> {
    highlight?: Highlight<T>;
    caption?: string;
    /** What `n/a` means in this table (printed under it when a cell shows `n/a`). */
    na?: string;
    /** As wide as its content, not the page (a few value columns next to long row labels). */
    compact?: boolean;
}

/**
 * A table inside its own horizontally scrolling box (wide tables never push the page wider), with a note under it
 * for whatever a reader could not guess: why rows are highlighted, what `n/a` means.
 */
export function table<T>(rows: readonly T[], columns: readonly Column<T>[], options: TableOptions<T> = {}): string {
    const head = columns.map((c) => `<th${c.numeric ? ' class="num"' : ''}>${esc(c.title)}</th>`).join('');
    let highlighted = 0;
    let sawNa = false;
    const body = rows
        .map((row) => {
            const hl = options.highlight?.when(row) ?? false;
            if (hl) highlighted++;
            const cls = hl ? ' class="hl"' : '';
            const cells = columns
                .map((c) => {
                    const value = c.cell(row);
                    if (value === NA || value.startsWith(`${NA} `) || (c.html && value.includes(`>${NA}<`))) sawNa = true;
                    return `<td${c.numeric ? ' class="num"' : ''}>${c.html ? value : esc(value)}</td>`;
                })
                .join('');
            return `<tr${cls}>${cells}</tr>`;
        })
        .join('\n');
    const caption = options.caption ? `<caption>${esc(options.caption)}</caption>` : '';
    const notes: string[] = [];
    if (highlighted > 0 && options.highlight) notes.push(`<span class="hl-key">highlighted</span>: ${esc(options.highlight.reason)}.`);
    if (sawNa) notes.push(`${NA}: ${esc(options.na ?? NA_DEFAULT)}.`);
    const foot = notes.length ? `<p class="table-note">${notes.join(' ')}</p>` : '';
    return `<div class="table-box"><table${options.compact ? ' class="compact"' : ''}>${caption}<thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table></div>${foot}`;
}

export function section(title: string, body: string, id?: string): string {
    return `<section${id ? ` id="${esc(id)}"` : ''}><h2>${esc(title)}</h2>\n${body}\n</section>`;
}

export function cards(items: Array<{ label: string; value: string; note?: string; warn?: boolean }>): string {
    return `<div class="cards">${items
        .map(
            (i) =>
                `<div class="card${i.warn ? ' warn' : ''}"><div class="label">${esc(i.label)}</div><div class="value">${esc(i.value)}</div>${i.note ? `<div class="note">${esc(i.note)}</div>` : ''}</div>`,
        )
        .join('')}</div>`;
}

/** A warning block that cannot be missed (failed evaluations): a title and a list of escaped lines. */
export function warning(title: string, lines: readonly string[], after?: string): string {
    const list = lines.length ? `<ul>${lines.map((l) => `<li>${esc(l)}</li>`).join('')}</ul>` : '';
    return `<div class="warning" role="alert"><strong>${esc(title)}</strong>${list}${after ? `<p>${esc(after)}</p>` : ''}</div>`;
}

export const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

const STYLE = `
:root { --fg:#1d2330; --muted:#5b6474; --line:#dde2ea; --bg:#ffffff; --panel:#f6f8fb; --accent:#2f6fde; --accent2:#e0701f; --good:#1f9d55; --warn:#c2410c; }
@media (prefers-color-scheme: dark) { :root { --fg:#e4e8ef; --muted:#9aa4b5; --line:#343b48; --bg:#161a21; --panel:#1e232c; --accent:#6a9cff; --accent2:#ff9a4d; --good:#4cc784; --warn:#ff8a4d; } }
* { box-sizing: border-box; }
body { margin:0; font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color:var(--fg); background:var(--bg); }
main { max-width: 1240px; margin: 0 auto; padding: 24px 20px 48px; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 32px 0 10px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
h3 { font-size: 15px; margin: 18px 0 8px; }
.sub { color: var(--muted); margin: 0 0 16px; }
.cards { display:grid; grid-template-columns: repeat(auto-fill, minmax(180px, 1fr)); gap: 10px; margin: 12px 0; }
.card { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px; }
.card .label { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
.card .value { font-size: 20px; font-weight: 600; font-variant-numeric: tabular-nums; word-break: break-all; }
.card .note { color: var(--muted); font-size: 12px; }
.card.warn { border-color: var(--warn); background: color-mix(in srgb, var(--warn) 10%, var(--panel)); }
.warning { border: 1px solid var(--warn); border-left-width: 5px; background: color-mix(in srgb, var(--warn) 8%, var(--bg)); border-radius: 6px; padding: 10px 14px; margin: 12px 0; }
.warning ul { margin: 6px 0 0; padding-left: 20px; }
.warning li { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; word-break: break-all; }
.warning p { margin: 6px 0 0; color: var(--muted); }
.charts { display:grid; grid-template-columns: repeat(auto-fill, minmax(440px, 1fr)); gap: 16px; }
.charts.wide { grid-template-columns: minmax(0, 880px); }
figure { margin:0; background: var(--panel); border:1px solid var(--line); border-radius: 8px; padding: 8px; }
figcaption { color: var(--muted); font-size: 12px; padding: 0 6px 4px; }
svg { width:100%; height:auto; display:block; }
svg text { fill: var(--muted); font-size: 11px; font-family: inherit; }
svg .grid { stroke: var(--line); stroke-width: 1; }
svg .axis { stroke: var(--muted); stroke-width: 1; }
svg .marker { stroke: var(--fg); stroke-width: 1.2; stroke-dasharray: 4 3; opacity: .7; }
svg .marker-budget { stroke: var(--warn); opacity: 1; }
svg text.marker-label { fill: var(--fg); font-size: 10.5px; }
.table-box { overflow-x: auto; max-width: 100%; margin: 8px 0 4px; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
table.compact { width: auto; min-width: 50%; }
.table-note { color: var(--muted); font-size: 12px; margin: 0 0 16px; }
.table-note .hl-key { background: color-mix(in srgb, var(--good) 12%, transparent); font-weight: 600; padding: 0 4px; }
caption { text-align:left; color: var(--muted); padding-bottom: 4px; }
th, td { padding: 5px 8px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
th { font-weight: 600; background: var(--panel); position: sticky; top: 0; }
th { min-width: 4em; max-width: 12em; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.num { white-space: nowrap; }
tr.hl td { background: color-mix(in srgb, var(--good) 12%, transparent); font-weight: 600; }
code, .arch { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; word-break: break-all; }
.legend { display:flex; gap: 14px; flex-wrap: wrap; font-size: 12px; color: var(--muted); padding: 0 6px; }
.legend span::before { content:""; display:inline-block; width: 14px; height: 3px; margin-right: 5px; vertical-align: middle; background: var(--c); }
footer { margin-top: 40px; color: var(--muted); font-size: 12px; }
`;

export function page(title: string, subtitle: string, body: string, footer: string): string {
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>${esc(title)}</h1>
<p class="sub">${esc(subtitle)}</p>
${body}
<footer>${esc(footer)}</footer>
</main>
</body>
</html>
`;
}
