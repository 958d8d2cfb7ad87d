/**
 * AST → engine model. Turns the Langium AST of a `.nas` document into the plain values of
 * `engine/spec.ts`, which the engine (sizes, spaces, policies, searches) consumes.
 *
 * Compilation is lenient: documents are compiled while they are being typed, so missing or invalid parts
 * produce a `CompileProblem` (with the offending node for a located diagnostic) and a best-effort value,
 * never an exception. The validator reports the problems; the CLI refuses to run a document with errors.
 */
import { AstUtils, type AstNode } from 'langium';
import { lastSavedRead, SAVED_SPACE_KINDS, savedSpaceUri } from './saved-spaces.js';
import * as ast from './generated/ast.js';
import type {
    ComponentSpec,
    Condition,
    ConstraintSpec,
    DocumentSpec,
    Domain,
    EvaluatorSpec,
    NetworkSpec,
    OpSpec,
    ParamSpec,
    PolicySpec,
    Scalar,
    SearchSpec,
    Setting,
    SettingValue,
    SpaceSpec,
    SubspaceSpec,
} from '../engine/spec.js';
import { NB201_CIFAR10 } from '../engine/cost/network.js';
import { readNetworkSettings } from '../engine/cost/network-settings.js';
import { LIMITS, overLimit } from '../engine/limits.js';

export interface CompileProblem {
    node: AstNode;
    property?: string;
    message: string;
}

/** Collects problems while compiling; one instance per compilation. */
export class CompileContext {
    readonly problems: CompileProblem[] = [];
    /** Spaces being compiled, to stop `space A { x A }` from recursing forever. */
    private readonly active = new Set<ast.Space>();
    private readonly spaces = new Map<ast.Space, SpaceSpec>();

    problem(node: AstNode, message: string, property?: string): void {
        this.problems.push({ node, message, property });
    }

    space(space: ast.Space): SpaceSpec {
        const done = this.spaces.get(space);
        if (done) return done;
        if (this.active.has(space)) {
            this.problem(space, `space '${space.name}' contains itself`, 'name');
            return { name: space.name, components: [], constraints: [] };
        }
        this.active.add(space);
        try {
            const spec = space.saved ? compileSavedSpace(space, space.saved, this) : compileSpaceBody(space, this);
            // A saved space compiled before the validator read its file is compiled again later, with its members.
            if (!spec.saved || spec.saved.space) this.spaces.set(space, spec);
            return spec;
        } finally {
            this.active.delete(space);
        }
    }
}

/** Compiles one space (and the spaces it refers to). */
export function compileSpace(space: ast.Space, context = new CompileContext()): SpaceSpec {
    return context.space(space);
}

export interface CompiledModel {
    spec: DocumentSpec;
    problems: CompileProblem[];
}

/**
 * Compiles every declaration of the given models (a document and the documents it imports, in order);
 * `sourceFile` of each model resolves relative paths of its evaluators.
 */
export function compileModels(models: Array<{ model: ast.Model; sourceFile?: string }>): CompiledModel {
    const context = new CompileContext();
    const spec: DocumentSpec = { spaces: [], evaluators: [], policies: [], searches: [] };
    for (const { model, sourceFile } of models) {
        for (const declaration of model.declarations) {
            if (ast.isSpace(declaration)) spec.spaces.push(context.space(declaration));
            else if (ast.isEvaluator(declaration)) spec.evaluators.push(compileEvaluator(declaration, sourceFile));
            else if (ast.isPolicy(declaration)) spec.policies.push(compilePolicy(declaration, context));
            else if (ast.isSearch(declaration)) spec.searches.push(compileSearch(declaration, context));
        }
    }
    return { spec, problems: context.problems };
}

export function compileModel(model: ast.Model, sourceFile?: string): CompiledModel {
    return compileModels([{ model, sourceFile }]);
}

// ------------------------------------------------------------------ spaces

function compileSpaceBody(space: ast.Space, context: CompileContext): SpaceSpec {
    const components: ComponentSpec[] = [];
    const constraints: ConstraintSpec[] = [];
    let network: NetworkSpec | undefined;
    let unnamedCells = 0;
    for (const member of space.members) {
        if (ast.isCell(member)) {
            const name = member.name ?? (unnamedCells++ === 0 ? 'cell' : `cell${unnamedCells}`);
            const cell = compileCell(member, name, context);
            if (cell) components.push(cell);
        } else if (ast.isGraph(member)) {
            components.push(compileGraph(member, context));
        } else if (ast.isNetwork(member)) {
            network = compileNetwork(member, context);
        } else if (ast.isLayers(member)) {
            components.push({
                kind: 'chain',
                name: 'layers',
                layers: integer(member.count, member, 'count', context, 1, LIMITS.layers, 'layers'),
                params: member.params.flatMap((p) => {
                    const param = compileDimension(p, context);
                    if (param?.kind === 'subspace') context.problem(p, 'a layer chain can only hold hyperparameters, not spaces', 'space');
                    return param?.kind === 'param' ? [param] : [];
                }),
            });
        } else if (ast.isConstraint(member)) {
            const constraint = compileConstraint(member, context);
            if (constraint) constraints.push(constraint);
        } else if (ast.isDimension(member)) {
            const dimension = compileDimension(member, context);
            if (dimension) components.push(dimension);
        }
    }
    return { name: space.name, components, network, constraints };
}

/**
 * `space Found = shrunk(NB201, "runs/x/result.json")`: the base space's components (they decode the members) and
 * the members the validator read from the file (saved-spaces.ts; absent until it has read them).
 */
function compileSavedSpace(space: ast.Space, saved: ast.SavedSpace, context: CompileContext): SpaceSpec {
    const base = saved.base?.ref;
    const empty: SpaceSpec = { name: space.name, components: [], constraints: [] };
    if (!base) return empty; // unresolved reference: the linker reports it
    if (!(SAVED_SPACE_KINDS as readonly string[]).includes(saved.kind)) {
        context.problem(saved, `unknown saved space '${saved.kind}'; expected ${SAVED_SPACE_KINDS.join(' or ')}(BASE, "path/result.json")`, 'kind');
        return empty;
    }
    if (base.saved) {
        context.problem(saved, `the base of a saved space is a space with a body, not another saved space ('${base.name}')`, 'base');
        return empty;
    }
    const baseSpec = context.space(base);
    const uri = savedSpaceUri(saved);
    const read = uri ? lastSavedRead(uri) : undefined;
    let sourceFile: string | undefined;
    try {
        sourceFile = AstUtils.getDocument(space).uri.fsPath;
    } catch {
        sourceFile = undefined; // a model without a document (built in memory)
    }
    return {
        name: space.name,
        components: baseSpec.components,
        network: baseSpec.network,
        constraints: baseSpec.constraints,
        saved: {
            kind: 'shrunk',
            path: saved.path,
            ...(sourceFile !== undefined ? { sourceFile } : {}),
            base: base.name,
            ...(read && 'space' in read ? { space: read.space, origin: read.origin } : {}),
        },
    };
}

function compileCell(cell: ast.Cell, name: string, context: CompileContext): ComponentSpec | undefined {
    if (cell.copyOf) {
        const original = cell.copyOf.ref;
        if (!original) return undefined; // unresolved reference: the linker reports it
        if (original === cell || original.copyOf) {
            context.problem(cell, 'a cell can only copy a cell that has its own body', 'copyOf');
            return undefined;
        }
        return compileCell(original, name, context);
    }
    let nodes: number | undefined;
    let inputs: number | undefined;
    let pick: number | undefined;
    let edges: Array<[number, number]> | 'all' | undefined;
    let ops: OpSpec[] | undefined;
    for (const setting of cell.settings) {
        if (ast.isNodesSetting(setting)) nodes = integer(setting.count, setting, 'count', context, 1, LIMITS.cellNodes, 'nodes');
        else if (ast.isInputsSetting(setting)) inputs = integer(setting.count, setting, 'count', context, 1, LIMITS.dartsInputs, 'inputs');
        else if (ast.isPickSetting(setting)) pick = integer(setting.count, setting, 'count', context, 1, LIMITS.dartsInputs, 'pick');
        else if (ast.isEdgesSetting(setting)) edges = setting.all ? 'all' : setting.edges.map((e) => [integer(e.from, e, 'from', context, 0), integer(e.to, e, 'to', context, 0)] as [number, number]);
        else if (ast.isOpsSetting(setting)) ops = compileOps(setting);
    }
    if (nodes === undefined) {
        context.problem(cell, `cell '${name}' needs \`nodes N\``, 'name');
        return undefined;
    }
    if (!ops) {
        context.problem(cell, `cell '${name}' needs \`ops\` (an op set name or a list)`, 'name');
        return undefined;
    }
    // Absurd numbers stop here, before the edge list of `nodes 2147483648` is built (engine/limits.ts).
    const darts = inputs !== undefined || pick !== undefined;
    const nodesMax = darts ? LIMITS.dartsNodes : LIMITS.cellNodes;
    const tooMany = overLimit('nodes (DARTS-style cell)', nodes, nodesMax);
    if (tooMany) {
        const setting = cell.settings.find(ast.isNodesSetting);
        context.problem(setting ?? cell, tooMany, setting ? 'count' : undefined);
        return undefined;
    }
    if (darts) {
        return { kind: 'darts', name, inputs: inputs ?? 2, nodes, pick: pick ?? 2, ops };
    }
    // An edge outside 0..nodes-1 has no place in the cell (the engine would index past its arrays).
    const outside = Array.isArray(edges) ? edges.findIndex(([from, to]) => from >= to || to >= nodes) : -1;
    if (outside >= 0) {
        const edge = cell.settings.filter(ast.isEdgesSetting).at(-1)!.edges[outside];
        const [from, to] = (edges as Array<[number, number]>)[outside];
        context.problem(edge, from >= to ? `edge ${from} -> ${to} goes backwards` : `edge ${from} -> ${to} is out of range: nodes are 0..${nodes - 1}`);
        return undefined;
    }
    return { kind: 'cell', name, nodes, edges: cellEdges(nodes, edges ?? 'all'), ops };
}

/** Edges ordered by target node then source node: the order of NAS-Bench-201 strings and of genotypes. */
export function cellEdges(nodes: number, edges: Array<[number, number]> | 'all'): Array<[number, number]> {
    const list: Array<[number, number]> = [];
    if (edges === 'all') {
        for (let to = 1; to < nodes; to++) for (let from = 0; from < to; from++) list.push([from, to]);
        return list;
    }
    return [...edges].sort((a, b) => a[1] - b[1] || a[0] - b[0]);
}

function compileOps(setting: ast.OpsSetting): OpSpec[] {
    const opSet = setting.opSet?.ref;
    if (opSet) return opSet.ops.map(compileOpDef);
    if (setting.opSet) return []; // unresolved reference: the linker reports it
    return setting.inline.map((op) => ({ name: op.name, args: {} }));
}

export function compileOpDef(op: ast.OpDef): OpSpec {
    const args: Record<string, Scalar> = {};
    op.impl?.args.forEach((arg, index) => {
        const value = scalarOf(arg.value);
        if (value !== undefined) args[arg.name ?? `arg${index}`] = value;
    });
    return { name: op.name, impl: op.impl?.kind, args };
}

function compileGraph(graph: ast.Graph, context: CompileContext): ComponentSpec {
    let maxNodes = 7;
    let maxEdges = 9;
    let ops: OpSpec[] = [];
    let sawNodes = false;
    for (const setting of graph.settings) {
        if (ast.isMaxNodesSetting(setting)) {
            maxNodes = integer(setting.count, setting, 'count', context, 2);
            sawNodes = true;
        } else if (ast.isMaxEdgesSetting(setting)) maxEdges = integer(setting.count, setting, 'count', context, 0);
        else if (ast.isOpsSetting(setting)) ops = compileOps(setting);
    }
    for (const setting of graph.settings) {
        const tooMany = ast.isMaxNodesSetting(setting) ? overLimit('max_nodes', setting.count, LIMITS.graphNodes) : ast.isMaxEdgesSetting(setting) ? overLimit('max_edges', setting.count, LIMITS.graphEdges) : undefined;
        if (tooMany) context.problem(setting, tooMany, 'count');
    }
    maxNodes = Math.min(maxNodes, LIMITS.graphNodes);
    maxEdges = Math.min(maxEdges, LIMITS.graphEdges);
    if (!sawNodes) context.problem(graph, 'graph needs `max_nodes N` (including input and output)');
    if (ops.length === 0) context.problem(graph, 'graph needs `ops` (an op set name or a list)');
    return { kind: 'graph', name: graph.name ?? 'graph', maxNodes, maxEdges, ops };
}

/** NAS-Bench-201 (CIFAR-10) defaults: what `network {}` means when a setting is left out. */
export const DEFAULT_NETWORK: Readonly<NetworkSpec> = NB201_CIFAR10;

/** The network block, read by the engine's reader (keys, shapes and defaults from the registry). */
function compileNetwork(network: ast.Network, context: CompileContext): NetworkSpec {
    const { network: spec, reader } = readNetworkSettings('network', network.settings.map(settingOf), true);
    for (const problem of reader.problems) {
        const setting = network.settings.find((s) => s.key === problem.key);
        if (setting) context.problem(setting, problem.detail, problem.where.index !== undefined ? 'values' : 'key');
        else context.problem(network, problem.detail);
    }
    return spec;
}

const UNIT_SCALE: Record<string, number> = { K: 1e3, M: 1e6, G: 1e9 };

function compileConstraint(constraint: ast.Constraint, context: CompileContext): ConstraintSpec | undefined {
    if (constraint.metric !== 'flops' && constraint.metric !== 'params') {
        context.problem(constraint, `unknown constraint metric '${constraint.metric}'; expected flops or params`, 'metric');
        return undefined;
    }
    const value = constraint.value;
    let scaled: number | undefined;
    if (ast.isNumberValue(value)) scaled = value.value;
    else if (ast.isQuantityValue(value)) {
        const quantity = parseQuantity(value.value);
        if (quantity && quantity.unit in UNIT_SCALE) scaled = quantity.value * UNIT_SCALE[quantity.unit];
    }
    if (scaled === undefined) {
        context.problem(constraint, `\`${constraint.metric}\` is compared with a count: use a number with K, M or G (e.g. 100M)`, 'value');
        return undefined;
    }
    return { metric: constraint.metric, op: constraint.op as ConstraintSpec['op'], value: scaled };
}

function compileDimension(dimension: ast.Dimension, context: CompileContext): ParamSpec | SubspaceSpec | undefined {
    const when = dimension.condition ? compileCondition(dimension.condition, context) : undefined;
    if (dimension.space) {
        const target = dimension.space.ref;
        if (!target) return undefined;
        if (target.saved) {
            context.problem(dimension, `a saved space ('${target.name}') cannot be a factor of another space: search it directly`, 'space');
            return undefined;
        }
        return { kind: 'subspace', name: dimension.name, space: context.space(target), when };
    }
    const domain = dimension.domain ? compileDomain(dimension.domain, context) : undefined;
    if (!domain) return undefined;
    return { kind: 'param', name: dimension.name, domain, when };
}

/** Positional order of each distribution's arguments (named arguments may be given in any order). */
export const DISTRIBUTION_PARAMETERS: Record<ast.DistributionKind, string[]> = {
    uniform: ['low', 'high'],
    loguniform: ['low', 'high'],
    quniform: ['low', 'high', 'q'],
    qloguniform: ['low', 'high', 'q'],
    normal: ['mu', 'sigma'],
    lognormal: ['mu', 'sigma'],
    qnormal: ['mu', 'sigma', 'q'],
    qlognormal: ['mu', 'sigma', 'q'],
    randint: ['low', 'high', 'step', 'inclusive'],
};

/** Arguments of a distribution by parameter name, or a message saying what is wrong with them. */
export function distributionArguments(distribution: ast.Distribution): { values: Record<string, number | boolean>; error?: { message: string; node: AstNode } } {
    const names = DISTRIBUTION_PARAMETERS[distribution.kind];
    const values: Record<string, number | boolean> = {};
    for (const [index, arg] of distribution.args.entries()) {
        const name = arg.name ?? names[index];
        if (!name || !names.includes(name)) {
            const message = arg.name
                ? `${distribution.kind} has no argument '${arg.name}'; it takes ${names.join(', ')}`
                : `${distribution.kind} takes at most ${names.length} arguments (${names.join(', ')})`;
            return { values, error: { message, node: arg } };
        }
        if (name in values) return { values, error: { message: `argument '${name}' is given twice`, node: arg } };
        const value = arg.value;
        if (name === 'inclusive') {
            if (!ast.isBooleanValue(value)) return { values, error: { message: '`inclusive` expects true or false', node: arg } };
            values[name] = value.value;
        } else if (ast.isNumberValue(value)) {
            values[name] = value.value;
        } else {
            return { values, error: { message: `argument '${name}' of ${distribution.kind} must be a plain number`, node: arg } };
        }
    }
    const required = distribution.kind === 'randint' ? ['low', 'high'] : names.filter((n) => n !== 'inclusive');
    const missing = required.filter((n) => !(n in values));
    if (missing.length > 0) return { values, error: { message: `${distribution.kind} needs ${missing.join(' and ')}`, node: distribution } };
    return { values };
}

function compileDomain(domain: ast.Domain, context: CompileContext): Domain | undefined {
    if (ast.isChoice(domain)) {
        const values: Scalar[] = [];
        for (const value of domain.values) {
            const scalar = scalarOf(value);
            if (scalar === undefined) context.problem(value, 'a choice holds numbers, strings, booleans or names');
            else values.push(scalar);
        }
        return { type: 'choice', values };
    }
    const { values: v, error } = distributionArguments(domain);
    if (error) {
        context.problem(error.node, error.message);
        return undefined;
    }
    const n = (name: string): number => v[name] as number;
    switch (domain.kind) {
        case 'uniform':
        case 'loguniform':
            return { type: domain.kind, low: n('low'), high: n('high') };
        case 'quniform':
        case 'qloguniform':
            return { type: domain.kind, low: n('low'), high: n('high'), q: n('q') };
        case 'normal':
        case 'lognormal':
            return { type: domain.kind, mu: n('mu'), sigma: n('sigma') };
        case 'qnormal':
        case 'qlognormal':
            return { type: domain.kind, mu: n('mu'), sigma: n('sigma'), q: n('q') };
        case 'randint':
            return { type: 'randint', low: n('low'), high: n('high'), step: (v.step as number | undefined) ?? 1, highInclusive: v.inclusive === true };
    }
}

function compileCondition(condition: ast.Condition, context: CompileContext): Condition | undefined {
    if (ast.isBinaryCondition(condition)) {
        const left = compileCondition(condition.left, context);
        const right = compileCondition(condition.right, context);
        return left && right ? { op: condition.operator as 'and' | 'or', left, right } : undefined;
    }
    const param = condition.param?.$refText;
    if (!param) return undefined;
    if (condition.list) {
        const values = condition.list.items.map(scalarOf).filter((x): x is Scalar => x !== undefined);
        return { op: condition.negated ? 'not in' : 'in', param, values };
    }
    const value = condition.value ? scalarOf(condition.value) : undefined;
    if (value === undefined) {
        context.problem(condition, 'a condition compares with a number, string, boolean or name', 'value');
        return undefined;
    }
    return { op: condition.operator as '==' | '!=', param, value };
}

// ------------------------------------------------------------------ evaluators, policies, searches

function compileEvaluator(evaluator: ast.Evaluator, sourceFile?: string): EvaluatorSpec {
    return {
        name: evaluator.name,
        kind: evaluator.kind,
        args: evaluator.args.map((arg) => ({ name: arg.name, value: settingValueOf(arg.value) })),
        settings: genericSettings(evaluator.settings),
        sourceFile,
    };
}

function compilePolicy(policy: ast.Policy, context: CompileContext): PolicySpec {
    const target = policy.space?.ref;
    return {
        name: policy.name,
        kind: policy.kind,
        space: target ? context.space(target) : { name: policy.space?.$refText ?? '?', components: [], constraints: [] },
        evaluator: policy.settings.find(ast.isEvaluateSetting)?.evaluator?.$refText,
        match: policy.settings.find(ast.isMatchSetting)?.policy?.$refText,
        settings: genericSettings(policy.settings),
    };
}

function compileSearch(search: ast.Search, context: CompileContext): SearchSpec {
    const target = search.target?.ref;
    return {
        name: search.name,
        kind: search.kind,
        target: ast.isPolicy(target)
            ? { kind: 'policy', policy: target.name }
            : { kind: 'space', space: ast.isSpace(target) ? context.space(target) : { name: search.target?.$refText ?? '?', components: [], constraints: [] } },
        evaluator: search.settings.find(ast.isEvaluateSetting)?.evaluator?.$refText,
        settings: genericSettings(search.settings),
    };
}

/** The `key values...` settings; `evaluate` and `match` are references, compiled into their own fields. */
function genericSettings(settings: ast.Setting[]): Setting[] {
    return settings.filter(ast.isGenericSetting).map(settingOf);
}

/**
 * Any setting as the engine's readers see it; a reference (`evaluate E`, `match P`) becomes its name, so the
 * validator can hand a whole declaration body to the engine's reader.
 */
export function settingOf(setting: ast.Setting): Setting {
    if (ast.isGenericSetting(setting)) return { key: setting.key, values: setting.values.map(settingValueOf) };
    if (ast.isEvaluateSetting(setting)) return { key: setting.key, values: [{ kind: 'word', value: setting.evaluator?.$refText ?? '' }] };
    if (ast.isMatchSetting(setting)) return { key: setting.key, values: [{ kind: 'word', value: setting.policy?.$refText ?? '' }] };
    return { key: (setting as { key: string }).key, values: [] };
}

// ------------------------------------------------------------------ values

/** `100M` → { value: 100, unit: 'M' }; undefined when the text is not a quantity. */
export function parseQuantity(text: string): { value: number; unit: string } | undefined {
    const match = /^(-?[0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?)(%|K|M|G|ms|s|m|h)$/.exec(text);
    return match ? { value: Number(match[1]), unit: match[2] } : undefined;
}

export function settingValueOf(value: ast.Value): SettingValue {
    // A half-parsed document leaves required values unset at run time (`f(x: )`): an empty word, which every
    // reader rejects with its own message, the syntax error having said what is missing.
    if ((value as ast.Value | undefined) === undefined) return { kind: 'word', value: '' };
    if (ast.isNumberValue(value)) return { kind: 'number', value: value.value };
    if (ast.isQuantityValue(value)) {
        const quantity = parseQuantity(value.value) ?? { value: NaN, unit: '' };
        return { kind: 'quantity', ...quantity };
    }
    if (ast.isStringValue(value)) return { kind: 'string', value: value.value };
    if (ast.isBooleanValue(value)) return { kind: 'boolean', value: value.value };
    if (ast.isListValue(value)) return { kind: 'list', items: value.items.map(settingValueOf) };
    if (ast.isCallValue(value)) return { kind: 'call', name: value.name, args: value.args.map((a) => ({ name: a.name, value: settingValueOf(a.value) })) };
    return { kind: 'word', value: (value as ast.WordValue).word };
}

/** The scalar a value denotes in a choice or condition (names count as strings). */
export function scalarOf(value: ast.Value): Scalar | undefined {
    if (ast.isNumberValue(value)) return value.value;
    if (ast.isStringValue(value)) return value.value;
    if (ast.isBooleanValue(value)) return value.value;
    if (ast.isWordValue(value)) return value.word;
    return undefined;
}

/**
 * A whole number >= min (and <= max when given, `what` naming it in the message). A bad value is reported
 * and replaced by one in range, never by Infinity or a huge number: `nodes 1e400` must not loop forever.
 */
function integer(value: number | undefined, node: AstNode, property: string, context: CompileContext, min: number, max = Number.MAX_SAFE_INTEGER, what = 'the number'): number {
    if (value !== undefined && (!Number.isFinite(value) || value > max)) {
        context.problem(node, overLimit(what, value, max)!, property);
        return min;
    }
    if (value === undefined || !Number.isInteger(value) || value < min) {
        context.problem(node, `expected a whole number${min > 0 ? ` >= ${min}` : ' >= 0'}`, property);
        return Math.max(min, Math.round(value ?? min));
    }
    return value;
}
