import type { Condition, Domain, Scalar } from '../spec.js';
import { renameCondition } from '../export/decisions.js';
import type { ImportedSpace } from './imported.js';

/**
 * `.nas` text of an imported space: one `space NAME { ... }` with a line per parameter, `when` conditions, and
 * the import problems as comments at the top (they are also printed on stderr by the CLI). Names that are not
 * plain identifiers, or are keywords, are quoted (`"arch.cell.edge_0_1" choice [...]`).
 */
export function nasText(space: ImportedSpace, source: string): string {
    const names = identifiers(space.params.map((p) => p.name));
    const name = (n: string): string => nasName(names.get(n) ?? identifier(n));
    const width = Math.min(24, Math.max(0, ...space.params.map((p) => name(p.name).length)));
    const lines = [`// Imported by lissnas from ${source}.`];
    for (const p of space.problems) lines.push(`// not imported: ${p.location}: ${p.message.replace(/[\r\n]+/g, ' ')}`);
    if (space.params.some((p) => names.get(p.name) !== p.name)) lines.push("// A .nas name is a word: '.' in names became '__', other characters '_'.");
    lines.push(`space ${spaceName(space.name)} {`);
    for (const p of space.params) {
        lines.push(`  ${name(p.name).padEnd(width)} ${domainText(p.domain)}${p.when ? ` when ${conditionNas(renameCondition(p.when, (n) => names.get(n) ?? identifier(n)))}` : ''}`);
    }
    lines.push('}', '');
    return lines.join('\n');
}

/** Words the grammar reserves somewhere: quoting them is always safe (test/engine/export/formats.test.ts keeps it complete). */
export const KEYWORDS = new Set(
    (
        'import ops space evaluator policy search cell graph network layers constraint nodes inputs pick edges all max_nodes max_edges choice evaluate match ' +
        'when and or not in true false key metric report minimize maximize batch epochs parallel timeout device sample seeds neighbors stop max_iterations seed keep ' +
        'population tournament budget restarts lr workers stem stages cells_per_stage reduction strides head classes input channels cache column subset retries ' +
        'micro_batch data holdout test_subset answer executor query_cost ' +
        'uniform loguniform quniform qloguniform normal lognormal qnormal qlognormal randint'
    ).split(' '),
);

/** A parameter name as a .nas word: `arch.cell.edge_0_1` -> `arch__cell__edge_0_1` (the exports' dotted paths). */
export function identifier(name: string): string {
    const s = name.replace(/\./g, '__').replace(/[^A-Za-z0-9_]/g, '_');
    return /^[_a-zA-Z]/.test(s) ? s : `_${s}`;
}

/** Distinct identifiers for distinct names (a clash gets `_2`, `_3`, ...). */
function identifiers(names: string[]): Map<string, string> {
    const out = new Map<string, string>();
    const used = new Set<string>();
    for (const n of names) {
        const base = identifier(n);
        let id = base;
        for (let i = 2; used.has(id); i++) id = `${base}_${i}`;
        used.add(id);
        out.set(n, id);
    }
    return out;
}

/** A declaration name: an identifier (other characters become `_`). */
export function spaceName(name: string): string {
    const s = name.replace(/[^A-Za-z0-9_]+/g, '_');
    const id = /^[_a-zA-Z]/.test(s) ? s : `S${s}`;
    return KEYWORDS.has(id) ? `${id}_space` : id;
}

export function nasName(name: string): string {
    return /^[_a-zA-Z]\w*$/.test(name) && !KEYWORDS.has(name) ? name : JSON.stringify(name);
}

export function scalarNas(v: Scalar): string {
    if (typeof v === 'string') return JSON.stringify(v);
    return String(v);
}

export function domainText(d: Domain): string {
    switch (d.type) {
        case 'choice':
            return `choice [${d.values.map(scalarNas).join(', ')}]`;
        case 'randint':
            return `randint(${d.low}, ${d.high}${d.step !== 1 ? `, step: ${d.step}` : ''}${d.highInclusive ? ', inclusive: true' : ''})`;
        case 'uniform':
        case 'loguniform':
            return `${d.type}(${d.low}, ${d.high})`;
        case 'quniform':
        case 'qloguniform':
            return `${d.type}(${d.low}, ${d.high}, ${d.q})`;
        case 'normal':
        case 'lognormal':
            return `${d.type}(${d.mu}, ${d.sigma})`;
        case 'qnormal':
        case 'qlognormal':
            return `${d.type}(${d.mu}, ${d.sigma}, ${d.q})`;
    }
}

export function conditionNas(c: Condition): string {
    switch (c.op) {
        case 'and':
        case 'or': {
            const side = (s: Condition): string => (s.op === 'or' && c.op === 'and' ? `(${conditionNas(s)})` : conditionNas(s));
            return `${side(c.left)} ${c.op} ${side(c.right)}`;
        }
        case '==':
        case '!=':
            return `${nasName(c.param)} ${c.op} ${scalarNas(c.value)}`;
        default:
            return `${nasName(c.param)} ${c.op} [${c.values.map(scalarNas).join(', ')}]`;
    }
}
