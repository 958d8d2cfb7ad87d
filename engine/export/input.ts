import type { DocumentSpec, EvaluatorSpec, SpaceSpec } from '../spec.js';
import type { ShrunkSpaceJSON } from '../space/shrunk.js';
import { flattenSpace, type FlatSpace } from './decisions.js';

/** What the search optimizes, for the formats that carry it (W&B `metric`, Katib `objective`). */
export interface Objective {
    metric: string;
    goal: 'maximize' | 'minimize';
    /** Further measures the evaluator reports (Katib `additionalMetricNames`). */
    additional: string[];
    /** A `command(...)` evaluator's command line, for Katib's trial template. */
    command?: string;
}

/** Everything an exporter reads: the flat space, its objective when known, and where it came from. */
export interface ExportInput {
    flat: FlatSpace;
    objective?: Objective;
    /** For headers: `space NB201 of examples/tour.nas`. */
    source: string;
}

/** The objective of an evaluator: `metric`/`report` settings and `minimize`; undefined when it names none. */
export function objectiveOf(doc: DocumentSpec, evaluator: string | undefined): Objective | undefined {
    const spec: EvaluatorSpec | undefined = doc.evaluators.find((e) => e.name === evaluator);
    if (!spec) return undefined;
    const word = (key: string): string | undefined => {
        const v = spec.settings.find((s) => s.key === key)?.values[0];
        return v && (v.kind === 'word' || v.kind === 'string') ? v.value : undefined;
    };
    const metric = word('metric') ?? (spec.kind === 'proxy' ? proxyName(spec) : undefined) ?? spec.name;
    const report = word('report');
    const minimize = spec.settings.some((s) => s.key === 'minimize');
    const first = spec.args[0]?.value;
    const command = spec.kind === 'command' && first?.kind === 'string' ? first.value : undefined;
    return { metric, goal: minimize ? 'minimize' : 'maximize', additional: report !== undefined && report !== metric ? [report] : [], ...(command !== undefined ? { command } : {}) };
}

function proxyName(spec: EvaluatorSpec): string | undefined {
    const v = spec.args[0]?.value;
    return v && (v.kind === 'word' || v.kind === 'string') ? v.value : undefined;
}

/** The evaluator a space is measured with: the first policy or search on it that names one. */
export function evaluatorForSpace(doc: DocumentSpec, space: SpaceSpec): string | undefined {
    const p = doc.policies.find((x) => x.space.name === space.name && x.evaluator !== undefined);
    if (p) return p.evaluator;
    return doc.searches.find((s) => s.target.kind === 'space' && s.target.space.name === space.name && s.evaluator !== undefined)?.evaluator;
}

/**
 * A shrunk space (an explicit set of architectures, not a product) as one categorical over the base space's
 * architecture strings. The base's kind decides what the decoders can parse (NB201/DARTS strings).
 */
export function flattenShrunk(json: ShrunkSpaceJSON | { kind: 'members'; base: string; members: string[] }, base: SpaceSpec): FlatSpace {
    const members = 'pockets' in json ? [...new Set(json.pockets.flatMap((p) => [p.seed, ...p.members]))] : [...new Set(json.members)];
    const single = base.components.length === 1 ? base.components[0] : undefined;
    const baseKind = single?.kind === 'cell' ? 'cell' : single?.kind === 'darts' ? 'darts' : 'other';
    const component = { kind: 'members' as const, prefix: 'arch', base: base.name, baseKind: baseKind as 'cell' | 'darts' | 'other' };
    const flat = flattenSpace(base);
    return {
        name: 'pockets' in json ? json.name : `${base.name}.shrunk`,
        decisions: [{ name: 'arch', domain: { type: 'choice', values: members }, component }],
        components: [component],
        warnings: [
            {
                construct: 'arch',
                message: `shrunk space of ${base.name}: exported as one categorical 'arch' over its ${members.length} architecture strings (${formatHint(baseKind)}); the pockets are not carried (use --to json or csv for them)`,
            },
            ...flat.warnings.filter((w) => w.message.includes('constraint')),
        ],
    };
}

export function formatHint(kind: 'cell' | 'darts' | 'other'): string {
    if (kind === 'cell') return "NB201 strings '|op~0|+|op~0|op~1|+...': group j lists the ops of the edges into node j, op~i on the edge from node i";
    if (kind === 'darts') return "DARTS strings '|op~a|op~b|+...': one group per intermediate node, op~i an input from node i";
    return 'the base space\'s own format';
}
