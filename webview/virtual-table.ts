/**
 * A sortable, filterable table that renders only the rows in view (plus a margin): 5,000 architectures cost
 * ~40 row elements, not 5,000. Rows have a fixed height; positions are set through the CSSOM (allowed by the CSP).
 */
import { clear, el } from './dom.js';

export interface Column<T> {
    title: string;
    value: (row: T) => string | number | undefined;
    format?: (row: T) => string;
    numeric?: boolean;
}

const ROW_H = 22;
const MARGIN = 10;

export class VirtualTable<T> {
    readonly element: HTMLElement;
    private readonly viewport: HTMLElement;
    private readonly spacer: HTMLElement;
    private readonly rowsBox: HTMLElement;
    private readonly headRow: HTMLElement;
    private all: T[] = [];
    private shown: T[] = [];
    private sortColumn = -1;
    private descending = false;
    private filter = '';
    private selected: T | undefined;

    constructor(
        private readonly columns: Column<T>[],
        private readonly matches: (row: T, filter: string) => boolean,
        private readonly onPick: (row: T) => void,
    ) {
        this.headRow = el('div', { className: 'vt-row vt-head' });
        columns.forEach((c, i) => {
            const cell = el('div', { className: `vt-cell${c.numeric ? ' num' : ''}`, text: c.title, title: 'sort' });
            cell.addEventListener('click', () => this.sortBy(i));
            this.headRow.append(cell);
        });
        this.spacer = el('div', { className: 'vt-spacer' });
        this.rowsBox = el('div', { className: 'vt-rows' });
        this.viewport = el('div', { className: 'vt-viewport' }, this.spacer, this.rowsBox);
        this.viewport.addEventListener('scroll', () => this.paint());
        new ResizeObserver(() => this.paint()).observe(this.viewport);
        this.element = el('div', { className: 'vt' }, this.headRow, this.viewport);
    }

    setRows(rows: T[]): void {
        this.all = rows;
        this.refresh();
    }

    setFilter(text: string): void {
        this.filter = text.trim().toLowerCase();
        this.refresh();
    }

    sortBy(column: number): void {
        this.descending = this.sortColumn === column ? !this.descending : this.columns[column].numeric === true;
        this.sortColumn = column;
        this.refresh();
    }

    /** Scrolls a row into view and marks it (clears the filter when the filter hides it). */
    reveal(row: T): void {
        this.selected = row;
        let index = this.shown.indexOf(row);
        if (index < 0) {
            this.filter = '';
            this.refresh();
            index = this.shown.indexOf(row);
        }
        if (index >= 0) this.viewport.scrollTop = Math.max(0, index * ROW_H - this.viewport.clientHeight / 2);
        this.paint();
    }

    /** Rows currently shown (after filter and sort): tests and the status line read it. */
    get count(): number {
        return this.shown.length;
    }

    private refresh(): void {
        this.shown = this.filter ? this.all.filter((r) => this.matches(r, this.filter)) : [...this.all];
        if (this.sortColumn >= 0) {
            const value = this.columns[this.sortColumn].value;
            const sign = this.descending ? -1 : 1;
            this.shown.sort((a, b) => {
                const x = value(a);
                const y = value(b);
                if (x === undefined) return y === undefined ? 0 : 1; // missing values last either way
                if (y === undefined) return -1;
                return (x < y ? -1 : x > y ? 1 : 0) * sign;
            });
        }
        [...this.headRow.children].forEach((cell, i) => cell.classList.toggle('sorted', i === this.sortColumn));
        this.spacer.style.height = `${this.shown.length * ROW_H}px`;
        this.paint();
    }

    private paint(): void {
        const first = Math.max(0, Math.floor(this.viewport.scrollTop / ROW_H) - MARGIN);
        const last = Math.min(this.shown.length, Math.ceil((this.viewport.scrollTop + this.viewport.clientHeight) / ROW_H) + MARGIN);
        clear(this.rowsBox);
        this.rowsBox.style.transform = `translateY(${first * ROW_H}px)`;
        for (let i = first; i < last; i++) {
            const row = this.shown[i];
            const line = el('div', { className: `vt-row${row === this.selected ? ' selected' : ''}` });
            for (const c of this.columns) line.append(el('div', { className: `vt-cell${c.numeric ? ' num' : ''}`, text: c.format ? c.format(row) : String(c.value(row) ?? '') }));
            line.addEventListener('click', () => {
                this.selected = row;
                this.onPick(row);
                this.paint();
            });
            this.rowsBox.append(line);
        }
    }
}
